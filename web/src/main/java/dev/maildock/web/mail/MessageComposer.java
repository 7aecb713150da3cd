package dev.maildock.web.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Builds the RFC 5322 bytes (CRLF line ends, as Angus Mail writes them) of a message from the
 * compose form, for sending or as a draft.
 */
public final class MessageComposer {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageComposer() {
    }

    /**
     * @param hostname  the right-hand side of the new Message-ID
     * @param keepBcc   true for a draft (the Bcc must come back when it is resumed); a sent message
     *                  never shows its Bcc recipients
     */
    public static byte[] build(Outgoing m, String hostname, boolean keepBcc) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + HexFormat.of().formatHex(randomBytes()) + "@" + hostname + ">");
                }
            };
            message.setFrom(m.from());
            set(message, Message.RecipientType.TO, m.to());
            set(message, Message.RecipientType.CC, m.cc());
            if (keepBcc) {
                set(message, Message.RecipientType.BCC, m.bcc());
            }
            message.setSubject(m.subject(), "UTF-8");
            message.setSentDate(new Date());
            if (!m.inReplyTo().isEmpty()) {
                message.setHeader("In-Reply-To", m.inReplyTo());
            }
            if (!m.references().isEmpty()) {
                message.setHeader("References", m.references());
            }
            if (m.attachments().isEmpty()) {
                message.setText(m.body(), "UTF-8");
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(m.body(), "UTF-8");
                mixed.addBodyPart(text);
                for (Outgoing.FileData file : m.attachments()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.bytes(), file.contentType())));
                    part.setFileName(file.name());
                    part.setDisposition(MimeBodyPart.ATTACHMENT);
                    mixed.addBodyPart(part);
                }
                message.setContent(mixed);
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("could not build the message", e);
        }
    }

    private static void set(MimeMessage message, Message.RecipientType type, List<InternetAddress> addresses)
            throws MessagingException {
        if (!addresses.isEmpty()) {
            message.setRecipients(type, addresses.toArray(new InternetAddress[0]));
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
