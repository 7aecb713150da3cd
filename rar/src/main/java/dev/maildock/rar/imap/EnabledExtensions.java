package dev.maildock.rar.imap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the client turned on with ENABLE (RFC 5161) or by using it (RFC 7162 section 3.1: a
 * CONDSTORE-enabling command), and what that changes in the session's responses. One per session,
 * on its event loop. Names the server does not know are ignored, as RFC 5161 section 3.1 asks.
 */
public final class EnabledExtensions {

    /** What ENABLE can turn on. */
    private enum Extension {
        IMAP4REV2("IMAP4rev2"), CONDSTORE("CONDSTORE"), QRESYNC("QRESYNC"), UTF8_ACCEPT("UTF8=ACCEPT");

        private final String atom;

        Extension(String atom) {
            this.atom = atom;
        }

        static Extension named(String name) {
            for (Extension extension : values()) {
                if (extension.atom.equalsIgnoreCase(name)) {
                    return extension;
                }
            }
            return null;
        }
    }

    private final Set<Extension> on = EnumSet.noneOf(Extension.class);

    /**
     * ENABLE: turns on each name it can (any case), and returns the ones this turned on, for the
     * {@code * ENABLED} response (one already on is not repeated, unknown ones are left out).
     */
    public List<String> enable(List<String> names) {
        List<String> enabled = new ArrayList<>(names.size());
        for (String name : names) {
            Extension extension = Extension.named(name);
            if (extension != null && on.add(extension)) {
                enabled.add(extension.atom);
            }
        }
        if (on.contains(Extension.QRESYNC)) {
            on.add(Extension.CONDSTORE); // RFC 7162 section 3.2.3: QRESYNC implies CONDSTORE
        }
        return enabled;
    }

    /**
     * A CONDSTORE-enabling command (FETCH with MODSEQ or CHANGEDSINCE, STORE with UNCHANGEDSINCE,
     * SEARCH MODSEQ, SELECT (CONDSTORE)) turns CONDSTORE on without ENABLE (RFC 7162 section 3.1).
     *
     * @return true if it was off: the session then adds {@code HIGHESTMODSEQ} to that command's OK
     */
    public boolean useCondstore() {
        return on.add(Extension.CONDSTORE);
    }

    /**
     * IMAP4rev2 rules (RFC 9051 appendix E): no {@code RECENT}, ESEARCH-form SEARCH results, LIST
     * in SELECT's response, UTF-8 mailbox names.
     */
    public boolean imap4rev2() {
        return on.contains(Extension.IMAP4REV2);
    }

    /** MODSEQ in every FETCH and HIGHESTMODSEQ in SELECT and STATUS (RFC 7162 section 3.1). */
    public boolean condstore() {
        return on.contains(Extension.CONDSTORE);
    }

    /**
     * QRESYNC (RFC 7162 section 3.2): SELECT's QRESYNC parameter and UID FETCH's VANISHED modifier
     * are allowed, expunges are told as {@code VANISHED}, and a SELECT closing a mailbox says
     * {@code [CLOSED]}.
     */
    public boolean qresync() {
        return on.contains(Extension.QRESYNC);
    }

    /**
     * Mailbox names and strings in UTF-8 rather than modified UTF-7: after ENABLE UTF8=ACCEPT
     * (RFC 6855 section 3) or IMAP4rev2 (RFC 9051 section 5.1).
     */
    public boolean utf8() {
        return imap4rev2() || on.contains(Extension.UTF8_ACCEPT);
    }
}
