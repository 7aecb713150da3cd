package dev.maildock.rar.smtp;

import dev.maildock.rar.net.ListenerActivationSpec;

/** Activation of the SMTP listeners (25, 587, 465) for an MDB implementing SmtpListener. */
public class SmtpActivationSpec extends ListenerActivationSpec {
}
