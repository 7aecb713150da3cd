package dev.maildock.provider;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import dev.maildock.provider.spi.Flag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** Conversions between Jakarta Mail messages and flags and what Maildock stores. */
final class Messages {

    private Messages() {
    }

    /** The message as RFC 5322 bytes with CRLF line ends, the form Maildock stores. */
    static byte[] bytes(Message message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (CrlfOutputStream crlf = new CrlfOutputStream(out)) {
            message.writeTo(crlf);
        } catch (IOException e) {
            throw new MessagingException("the message cannot be written: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static Set<Flag> flags(Flags flags) {
        Set<Flag> out = EnumSet.noneOf(Flag.class);
        for (Flags.Flag f : flags.getSystemFlags()) {
            Flag mapped = flag(f);
            if (mapped != null) {
                out.add(mapped);
            }
        }
        return out;
    }

    static Flags flags(Set<Flag> flags) {
        Flags out = new Flags();
        for (Flag f : flags) {
            out.add(flag(f));
        }
        return out;
    }

    /** Maildock's flag for a Jakarta Mail system flag; null for RECENT and USER, which are not kept. */
    static Flag flag(Flags.Flag f) {
        if (f == Flags.Flag.SEEN) {
            return Flag.SEEN;
        } else if (f == Flags.Flag.ANSWERED) {
            return Flag.ANSWERED;
        } else if (f == Flags.Flag.FLAGGED) {
            return Flag.FLAGGED;
        } else if (f == Flags.Flag.DELETED) {
            return Flag.DELETED;
        } else if (f == Flags.Flag.DRAFT) {
            return Flag.DRAFT;
        }
        return null;
    }

    static Flags.Flag flag(Flag f) {
        return switch (f) {
            case SEEN -> Flags.Flag.SEEN;
            case ANSWERED -> Flags.Flag.ANSWERED;
            case FLAGGED -> Flags.Flag.FLAGGED;
            case DELETED -> Flags.Flag.DELETED;
            case DRAFT -> Flags.Flag.DRAFT;
        };
    }

    /** The flags Maildock keeps, as Folder.getPermanentFlags reports them. */
    static Flags permanent() {
        return flags(EnumSet.allOf(Flag.class));
    }
}
