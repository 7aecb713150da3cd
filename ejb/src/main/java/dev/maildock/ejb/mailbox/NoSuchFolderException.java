package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.common.NotFoundException;

/**
 * The account has no folder of that name: a type of its own, so that callers (the Jakarta Mail
 * provider's NO_SUCH_FOLDER) tell it from other missing things without reading the message.
 */
public class NoSuchFolderException extends NotFoundException {

    public NoSuchFolderException(String folder) {
        super("no folder " + folder);
    }

    public NoSuchFolderException(String folder, String account) {
        super("no folder " + folder + " for " + account);
    }
}
