package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.DeliveryStatusNotice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply the outbound SMTP client received from the remote server (RFC 5321 section 4.2): its
 * code and its text made safe to store and quote (one printable line), with the RFC 3463 status it
 * gives or its class implies. (The replies this server sends are the adapter's SmtpReply.)
 *
 * @param code -1 when the connection closed instead of replying
 */
public record RemoteReply(int code, String text) {

    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    static RemoteReply of(int code, String serverResponse) {
        String text = DeliveryStatusNotice.oneLine(serverResponse);
        return new RemoteReply(code, text.isEmpty() ? (code < 0 ? "connection closed by the server" : String.valueOf(code)) : text);
    }

    public boolean positive() {
        return code >= 200 && code < 300;
    }

    public boolean permanent() {
        return code >= 500 && code < 600;
    }

    /** The enhanced status code in the reply, else one for its class (2.0.0, 4.0.0, 5.0.0). */
    public String status() {
        Matcher m = ENHANCED.matcher(text);
        if (m.find() && m.group(1).charAt(0) == String.valueOf(code).charAt(0)) {
            return m.group(1);
        }
        return positive() ? "2.0.0" : permanent() ? "5.0.0" : "4.0.0";
    }
}
