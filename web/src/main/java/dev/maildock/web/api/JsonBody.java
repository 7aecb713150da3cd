package dev.maildock.web.api;

import dev.maildock.ejb.common.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request body read as a JSON object, with field access that names the field when it is
 * missing or of the wrong type, so clients get {"error":"field: problem"} instead of a stack trace.
 */
final class JsonBody {

    /**
     * The API's bodies are an object holding strings or an array of strings; a deeper one is no
     * request of ours. Parsson (Liberty's JSON-P) stops at this depth, and only signals it with a
     * bare RuntimeException ("Input is too deeply nested").
     */
    private static final int MAX_DEPTH = 8;
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of("org.eclipse.parsson.maxDepth", MAX_DEPTH));

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("body", "a JSON object is required");
        }
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new InvalidInputException("body", "is not well-formed JSON");
        } catch (RuntimeException e) {
            throw new InvalidInputException("body", "is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        return new JsonBody(value.asJsonObject());
    }

    /** A string field; null when absent or JSON null. */
    String string(String field) {
        JsonValue v = object.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidInputException(field, "must be a string");
    }

    boolean requiredBoolean(String field) {
        JsonValue v = object.get(field);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new InvalidInputException(field, v == null ? "is required" : "must be true or false");
    }

    /** A required whole number of at least 0 (a JSON number without fraction, within a long). */
    long requiredNonNegativeLong(String field) {
        JsonValue v = object.get(field);
        if (v == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                long value = n.bigIntegerValueExact().longValueExact();
                if (value >= 0) {
                    return value;
                }
            } catch (ArithmeticException e) {
                // too large: the message below
            }
        }
        throw new InvalidInputException(field, "must be a whole number from 0 to " + Long.MAX_VALUE);
    }

    List<String> strings(String field) {
        JsonValue v = object.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray array)) {
            throw new InvalidInputException(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new InvalidInputException(field, "must be an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }
}
