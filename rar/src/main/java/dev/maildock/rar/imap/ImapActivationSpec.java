package dev.maildock.rar.imap;

import dev.maildock.rar.net.ListenerActivationSpec;

/** Activation of the IMAP listeners (143, 993) for an MDB implementing ImapListener. */
public class ImapActivationSpec extends ListenerActivationSpec {
}
