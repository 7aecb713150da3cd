package dev.maildock.rar.imap;

/**
 * A command the parser could not make sense of; the session answers {@code tag BAD text} (or
 * {@code * BAD text} when no tag was read). The text is short, printable and safe to send.
 */
public final class ImapSyntaxException extends Exception {

    private final String tag;

    public ImapSyntaxException(String tag, String text) {
        super(text, null, false, false); // no stack trace: this is an answer, not a fault
        this.tag = tag;
    }

    /** The command's tag, or null when none was read (or the problem is not a command's). */
    public String tag() {
        return tag;
    }
}
