package dev.maildock.rar.pop3;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Test messages of exact sizes, and the client side of the multi-line response format. */
final class Messages {

    private static final Pattern STUFFED_DOT = Pattern.compile("(?md)^\\.");

    private Messages() {
    }

    /** The given lines with CRLF, then a padding line that makes the message exactly {@code size} octets. */
    static byte[] ofSize(int size, String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        int padding = size - text.length() - 2;
        if (padding < 0) {
            throw new IllegalArgumentException("lines exceed " + size + " octets");
        }
        text.append("x".repeat(padding)).append("\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] of(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The status line of a response, without CRLF. */
    static String status(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    /** The body of one multi-line response as the client gets it: terminator removed, dots unstuffed. */
    static String body(String response) {
        if (!response.endsWith(".\r\n")) {
            throw new AssertionError("no multi-line terminator in: " + response);
        }
        String stuffed = response.substring(response.indexOf("\r\n") + 2, response.length() - 3);
        return STUFFED_DOT.matcher(stuffed).replaceAll("");
    }
}
