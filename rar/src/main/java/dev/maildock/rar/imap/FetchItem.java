package dev.maildock.rar.imap;

/** One FETCH data item (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ). */
public sealed interface FetchItem {

    /** The items without arguments; the macros ALL, FAST and FULL come expanded into these. */
    enum Simple implements FetchItem {
        ENVELOPE, FLAGS, INTERNALDATE, RFC822_SIZE, UID, MODSEQ, BODYSTRUCTURE,
        /** BODY without a section: the non-extensible BODYSTRUCTURE. */
        BODY,
        /** RFC822 (= BODY[]), RFC822.HEADER (= BODY.PEEK[HEADER]), RFC822.TEXT (= BODY[TEXT]): answered under their own names. */
        RFC822, RFC822_HEADER, RFC822_TEXT
    }

    /**
     * BODY[section]&lt;partial&gt;, BODY.PEEK[...], BINARY[...] or BINARY.PEEK[...].
     *
     * @param offset the partial's origin, -1 when there is no partial
     * @param length the partial's length (at least 1), -1 when there is no partial
     */
    record Section(boolean binary, boolean peek, SectionSpec section, long offset, long length) implements FetchItem {
    }

    /** BINARY.SIZE[part]. */
    record BinarySize(SectionSpec section) implements FetchItem {
    }
}
