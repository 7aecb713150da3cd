package dev.maildock.rar.smtp;

import java.util.Map;

/**
 * The ESMTP parameters of MAIL FROM this server offers: SIZE (RFC 1870), BODY (RFC 6152) and AUTH
 * (RFC 4954 section 5). Anything else is 555 (RFC 5321 section 4.1.1.11).
 *
 * @param declaredSize the client's SIZE estimate, or -1
 * @param eightBit     BODY=8BITMIME
 */
record MailParameters(long declaredSize, boolean eightBit) {

    /** A parameter the session refuses, with the reply line to send. */
    static final class Refused extends Exception {
        private final String reply;

        Refused(String reply) {
            super(reply, null, false, false);
            this.reply = reply;
        }

        String reply() {
            return reply;
        }
    }

    /**
     * @param esmtp       the client said EHLO (a HELO client has no extensions, so no parameters)
     * @param authOffered AUTH is in this session's EHLO list, so AUTH= may be given
     */
    static MailParameters of(Map<String, String> parameters, boolean esmtp, boolean authOffered, long maxMessageSize)
            throws Refused {
        long declaredSize = -1;
        boolean eightBit = false;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            String value = parameter.getValue();
            switch (esmtp ? key : "") {
                case "SIZE" -> {
                    if (value == null || !value.matches("[0-9]+")) {
                        throw new Refused(SmtpReply.BAD_PARAMETER_VALUE.format(key));
                    }
                    // RFC 1870: the client's estimate; refuse early what will be refused anyway.
                    // Counted by value, not by digits: SIZE=000...01 (leading zeros) is 1 octet.
                    try {
                        declaredSize = Long.parseLong(value);
                    } catch (NumberFormatException beyondLong) {
                        declaredSize = Long.MAX_VALUE;
                    }
                    if (declaredSize > maxMessageSize) {
                        throw new Refused(SmtpReply.MESSAGE_TOO_BIG.format());
                    }
                }
                case "BODY" -> {
                    // Content is passed through byte for byte either way; the flag only travels on.
                    if ("8BITMIME".equalsIgnoreCase(value)) {
                        eightBit = true;
                    } else if (!"7BIT".equalsIgnoreCase(value)) {
                        throw new Refused(SmtpReply.BAD_PARAMETER_VALUE.format(key));
                    }
                }
                // AUTH=<mailbox> is informational between trusted MTAs; this server does not act on it.
                case "AUTH" -> {
                    if (!authOffered || value == null) {
                        throw new Refused(SmtpReply.PARAMETER_NOT_RECOGNIZED.format(key));
                    }
                }
                default -> throw new Refused(SmtpReply.PARAMETER_NOT_RECOGNIZED.format(key));
            }
        }
        return new MailParameters(declaredSize, eightBit);
    }
}
