package dev.maildock.rar.imap;

/** The octet classes of RFC 9051's formal syntax (section 9), as table look-ups for the parser's hot loops. */
final class ImapChars {

    /** The longest tag taken; RFC 9051 sets none, and a longer one is no client's. */
    static final int MAX_TAG = 64;

    private static final boolean[] ATOM = new boolean[128];

    static {
        for (int c = 0x21; c < 0x7f; c++) {
            ATOM[c] = "(){%*\"\\]".indexOf(c) < 0;
        }
    }

    private ImapChars() {
    }

    /** ATOM-CHAR: printable US-ASCII but atom-specials. */
    static boolean isAtomChar(int octet) {
        return octet > 0 && octet < 128 && ATOM[octet];
    }

    /** ASTRING-CHAR: ATOM-CHAR or {@code ]}. */
    static boolean isAstringChar(int octet) {
        return isAtomChar(octet) || octet == ']';
    }

    /** A list-mailbox octet outside quotes: ATOM-CHAR, {@code ]} or a wildcard ({@code %}, {@code *}). */
    static boolean isListChar(int octet) {
        return isAstringChar(octet) || octet == '%' || octet == '*';
    }
}
