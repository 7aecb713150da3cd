package dev.maildock.rar.pop3;

import dev.maildock.rar.net.ListenerActivationSpec;

/** Activation of the POP3 listeners (110, 995) for an MDB implementing Pop3Listener. */
public class Pop3ActivationSpec extends ListenerActivationSpec {
}
