package dev.maildock.provider.spi;

/** The system flags Maildock keeps per message (Jakarta Mail's Flags.Flag without RECENT and USER). */
public enum Flag {
    SEEN, ANSWERED, FLAGGED, DELETED, DRAFT
}
