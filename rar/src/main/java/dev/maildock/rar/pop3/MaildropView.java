package dev.maildock.rar.pop3;

import dev.maildock.rar.api.Maildrop;
import dev.maildock.rar.api.MaildropMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The session's view of its locked maildrop (RFC 1939 TRANSACTION state): message numbers fixed at
 * login, deletion marks that only QUIT makes real and RSET clears.
 */
final class MaildropView {

    private final Maildrop maildrop;
    private final boolean[] deleted;

    MaildropView(Maildrop maildrop) {
        this.maildrop = maildrop;
        this.deleted = new boolean[maildrop.messages().size()];
    }

    String handle() {
        return maildrop.handle();
    }

    /** How many messages the maildrop had at login: the highest valid message number. */
    int total() {
        return deleted.length;
    }

    /** Messages not marked deleted. */
    int count() {
        int count = 0;
        for (boolean d : deleted) {
            if (!d) {
                count++;
            }
        }
        return count;
    }

    /** Octets of the messages not marked deleted. */
    long octets() {
        long octets = 0;
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                octets += maildrop.messages().get(i).size();
            }
        }
        return octets;
    }

    boolean isDeleted(int number) {
        return deleted[number - 1];
    }

    MaildropMessage message(int number) {
        return maildrop.messages().get(number - 1);
    }

    /** Numbers of the messages not marked deleted, ascending. */
    List<Integer> visibleNumbers() {
        List<Integer> numbers = new ArrayList<>(deleted.length);
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                numbers.add(i + 1);
            }
        }
        return numbers;
    }

    void delete(int number) {
        deleted[number - 1] = true;
    }

    void reset() {
        Arrays.fill(deleted, false);
    }

    /** The ids for {@code commit}: what QUIT removes in the UPDATE state. */
    Set<String> deletedIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i]) {
                ids.add(maildrop.messages().get(i).id());
            }
        }
        return ids;
    }

    /**
     * Checks a msg-number argument (RFC 2449 section 5): the error line for a bad one, or null when
     * it names a message that exists and is not marked deleted.
     */
    String problemWith(String argument) {
        if (argument.isEmpty() || argument.length() > 10 || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return argument.chars().allMatch(c -> c >= '0' && c <= '9') && !argument.isEmpty()
                    ? Pop3Reply.NO_SUCH_MESSAGE.format(total())
                    : Pop3Reply.SYNTAX_ERROR.format();
        }
        long number = Long.parseLong(argument);
        if (number < 1 || number > total()) {
            return Pop3Reply.NO_SUCH_MESSAGE.format(total());
        }
        if (isDeleted((int) number)) {
            return Pop3Reply.ALREADY_DELETED.format(number);
        }
        return null;
    }
}
