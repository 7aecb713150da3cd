package dev.maildock.web.mail;

import jakarta.mail.internet.InternetAddress;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Stream;

/**
 * A message as the compose form holds it, checked: addresses parsed, header texts free of CR/LF.
 *
 * @param inReplyTo  the Message-ID of the message answered, or empty
 * @param references the References of the answer (RFC 5322 section 3.6.4), or empty
 */
public record Outgoing(InternetAddress from, List<InternetAddress> to, List<InternetAddress> cc,
                       List<InternetAddress> bcc, String subject, String body, List<FileData> attachments,
                       String inReplyTo, String references) {

    /** An attachment's name, type and bytes. */
    public record FileData(String name, String contentType, byte[] bytes) implements Serializable {
    }

    public Outgoing {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        attachments = List.copyOf(attachments);
    }

    /** Everyone the message goes to: To, Cc and Bcc. */
    public List<String> recipients() {
        return Stream.of(to, cc, bcc).flatMap(List::stream).map(InternetAddress::getAddress).distinct().toList();
    }
}
