package dev.maildock.rar.pop3;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The commands the server knows, and the states in which each is valid. */
enum Pop3Command {
    USER(Pop3State.AUTHORIZATION),
    PASS(Pop3State.AUTHORIZATION),
    APOP(Pop3State.AUTHORIZATION),
    AUTH(Pop3State.AUTHORIZATION),
    STLS(Pop3State.AUTHORIZATION),
    CAPA(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
    QUIT(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
    STAT(Pop3State.TRANSACTION),
    LIST(Pop3State.TRANSACTION),
    RETR(Pop3State.TRANSACTION),
    DELE(Pop3State.TRANSACTION),
    NOOP(Pop3State.TRANSACTION),
    RSET(Pop3State.TRANSACTION),
    TOP(Pop3State.TRANSACTION),
    UIDL(Pop3State.TRANSACTION);

    private final Set<Pop3State> validIn;

    Pop3Command(Pop3State first, Pop3State... rest) {
        this.validIn = EnumSet.of(first, rest);
    }

    boolean validIn(Pop3State state) {
        return validIn.contains(state);
    }

    /** The command named by a keyword (case-insensitive, RFC 1939 section 3), if the server knows it. */
    static Optional<Pop3Command> of(String keyword) {
        // Keywords are 3 or 4 letters; refusing anything else early keeps valueOf off junk input.
        if (keyword.length() < 3 || keyword.length() > 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(keyword.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
