package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart.Parameter;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.MimeParameterMapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structured field body with parameters (Content-Type, Content-Disposition): the value and its
 * parameters in order, RFC 2231 continuations joined and extended values decoded by mime4j's
 * {@link MimeParameterMapping}.
 */
record MimeParameters(String value, List<Parameter> parameters) {

    /** {@code name*N} or {@code name*N*}: section N of a continued parameter (RFC 2231 section 3). */
    private static final Pattern SECTION = Pattern.compile("^(.*?)\\*(\\d{1,9})\\*?$");

    static MimeParameters parse(String fieldName, String body) {
        RawBody raw = RawFieldParser.DEFAULT.parseRawBody(new RawField(fieldName, body));
        List<NameValuePair> pairs = new ArrayList<>(raw.getParams());
        // mime4j joins sections in the order they come; RFC 2231 orders them by number.
        pairs.sort(Comparator.comparingInt(MimeParameters::section));
        MimeParameterMapping mapping = new MimeParameterMapping();
        Set<String> order = new LinkedHashSet<>();
        for (NameValuePair pair : raw.getParams()) {
            order.add(baseName(pair.getName()));
        }
        for (NameValuePair pair : pairs) {
            if (pair.getValue() != null) {
                mapping.addParameter(pair.getName(), pair.getValue());
            }
        }
        Map<String, String> joined = mapping.getParameters();
        List<Parameter> parameters = new ArrayList<>(order.size());
        for (String name : order) {
            String value = joined.get(name);
            if (value != null) {
                parameters.add(new Parameter(name, value));
            }
        }
        return new MimeParameters(raw.getValue(), parameters);
    }

    /** The value of a parameter (names are lower case), or null. */
    String get(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    private static int section(NameValuePair pair) {
        Matcher m = SECTION.matcher(pair.getName());
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }

    private static String baseName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Matcher m = SECTION.matcher(lower);
        if (m.matches()) {
            return m.group(1);
        }
        return lower.endsWith("*") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
