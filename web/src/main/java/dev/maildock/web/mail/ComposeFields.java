package dev.maildock.web.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;

/** Checks of what people type into the compose form, each naming the field it refuses. */
public final class ComposeFields {

    /** A refused field value; {@code key} is a resource bundle key, {@code detail} the offending part. */
    public static final class Refused extends Exception {
        private final String field;
        private final String key;
        private final String detail;

        Refused(String field, String key, String detail) {
            super(field + ": " + key + " " + detail);
            this.field = field;
            this.key = key;
            this.detail = detail;
        }

        public String field() {
            return field;
        }

        public String key() {
            return key;
        }

        public String detail() {
            return detail;
        }
    }

    private ComposeFields() {
    }

    /**
     * A header field's text. CR or LF would let the writer start a header of their own (header
     * injection), so they are refused rather than silently removed: the user sees what happened.
     */
    public static String header(String field, String value) throws Refused {
        String v = value == null ? "" : value;
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            throw new Refused(field, "error.crlf", "");
        }
        return v.strip();
    }

    /** A comma-separated address list; each address must be a plain mailbox (local@domain). */
    public static List<InternetAddress> addresses(String field, String value) throws Refused {
        String v = header(field, value);
        List<InternetAddress> result = new ArrayList<>();
        if (v.isEmpty()) {
            return result;
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(v, true);
        } catch (AddressException e) {
            throw new Refused(field, "error.address", v);
        }
        for (InternetAddress a : parsed) {
            String address = a.getAddress();
            if (a.isGroup() || address == null || !address.matches("[^@\\s<>()\",;:\\\\]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+")) {
                throw new Refused(field, "error.address", a.toString());
            }
            result.add(a);
        }
        return result;
    }
}
