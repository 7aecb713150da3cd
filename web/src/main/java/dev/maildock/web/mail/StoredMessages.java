package dev.maildock.web.mail;

import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.mailbox.MailboxService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Reads one of the caller's messages and takes it apart; absent (not an error) when it is not there. */
@ApplicationScoped
public class StoredMessages {

    @EJB
    private MailboxService mailboxes;

    public Optional<ParsedMessage> parsed(String account, String folder, long uid) {
        return raw(account, folder, uid).map(ParsedMessage::parse);
    }

    public Optional<byte[]> raw(String account, String folder, long uid) {
        if (folder == null || folder.isEmpty() || uid <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(mailboxes.raw(account, folder, uid));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
