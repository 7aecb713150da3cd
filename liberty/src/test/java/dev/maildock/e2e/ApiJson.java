package dev.maildock.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;

import java.io.StringReader;
import java.util.List;

/** Reads API responses with a real JSON parser, so tests check structure, not substrings. */
final class ApiJson {

    private ApiJson() {
    }

    static JsonObject object(String body) {
        return (JsonObject) parse(body);
    }

    static JsonArray array(String body) {
        return (JsonArray) parse(body);
    }

    static List<String> strings(JsonArray array, String field) {
        return array.getValuesAs(JsonObject.class).stream().map(o -> o.getString(field)).toList();
    }

    static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonStructure parse(String body) {
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            return r.read();
        }
    }
}
