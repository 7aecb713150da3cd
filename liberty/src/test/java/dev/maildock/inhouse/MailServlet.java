package dev.maildock.inhouse;

import dev.maildock.provider.MaildockFolder;
import dev.maildock.provider.MaildockTransport;
import dev.maildock.provider.spi.SendReceipt;
import jakarta.annotation.Resource;
import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.FolderListener;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.event.TransportListener;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The sample in-house application: a separate WAR on the same server that mails through
 * Maildock with plain Jakarta Mail, the Session coming from server.xml's
 * {@code <mailSession jndiName="mail/maildock">}. It sees Maildock only through the
 * maildockProvider shared library. Answers are "key: value" lines for the end-to-end tests.
 */
@WebServlet("/mail/*")
public class MailServlet extends HttpServlet {

    @Resource(lookup = "mail/maildock")
    private Session session;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        StringBuilder out = new StringBuilder();
        try {
            switch (action) {
                case "send" -> send(request, session, out);
                case "send-as" -> sendStatic(request, sessionFor(request), out);
                case "read" -> read(request, out);
                case "trash" -> trash(request, out);
                case "search" -> search(request, out);
                case "count" -> count(request, out);
                case "folders" -> folders(request, out);
                case "append" -> append(request, out);
                case "bench" -> bench(request, out);
                case "ping" -> out.append("status: up\n");  // readiness without a login
                default -> {
                    response.sendError(404, "no action " + action);
                    return;
                }
            }
        } catch (SendFailedException e) {
            out.append("status: ").append(e.getClass().getSimpleName()).append('\n')
                    .append("message: ").append(oneLine(e.getMessage())).append('\n')
                    .append("validSent: ").append(list(e.getValidSentAddresses())).append('\n')
                    .append("validUnsent: ").append(list(e.getValidUnsentAddresses())).append('\n')
                    .append("invalid: ").append(list(e.getInvalidAddresses())).append('\n');
        } catch (MessagingException | RuntimeException e) {
            out.append("status: ").append(e.getClass().getSimpleName()).append('\n')
                    .append("message: ").append(oneLine(e.getMessage())).append('\n');
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }

    /** The other way to get a Session: properties plus an Authenticator, no server.xml. */
    private static Session sessionFor(HttpServletRequest request) {
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "maildock-transport");
        props.setProperty("mail.transport.protocol.rfc822", "maildock-transport");
        props.setProperty("mail.store.protocol", "maildock");
        String user = request.getParameter("user");
        String password = request.getParameter("password");
        props.setProperty("mail.user", user);
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, password);
            }
        });
    }

    /** Plain Transport.send(message): connect with the session's user, send, close. */
    private static void sendStatic(HttpServletRequest request, Session session, StringBuilder out)
            throws IOException, MessagingException {
        Transport.send(compose(request, session));
        out.append("status: sent\n");
    }

    /** Through a Transport of one's own, for its events and Maildock's receipt. */
    private static void send(HttpServletRequest request, Session session, StringBuilder out)
            throws IOException, MessagingException {
        MimeMessage message = compose(request, session);
        List<String> events = new CopyOnWriteArrayList<>();
        Transport transport = session.getTransport();
        transport.addTransportListener(new TransportListener() {
            @Override
            public void messageDelivered(TransportEvent e) {
                events.add("delivered");
            }

            @Override
            public void messageNotDelivered(TransportEvent e) {
                events.add("notDelivered");
            }

            @Override
            public void messagePartiallyDelivered(TransportEvent e) {
                events.add("partiallyDelivered");
            }
        });
        try {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            SendReceipt receipt = ((MaildockTransport) transport).getLastReceipt();
            out.append("status: sent\n")
                    .append("delivered: ").append(String.join(",", receipt.delivered())).append('\n')
                    .append("queued: ").append(String.join(",", receipt.queued())).append('\n')
                    .append("queueId: ").append(receipt.queueId()).append('\n')
                    .append("sentUid: ").append(receipt.sentUid()).append('\n');
            if (receipt.queueId() != null) {
                out.append("queueStatus: ")
                        .append(String.join(",", ((MaildockTransport) transport).queueStatus(receipt.queueId())))
                        .append('\n');
            }
        } finally {
            // Transport events arrive on Jakarta Mail's event thread. Wait for them before close():
            // closing ends that thread, and one not yet running by then drops its events.
            for (int i = 0; i < 100 && events.isEmpty(); i++) {
                sleep();
            }
            transport.close();
            out.append("events: ").append(String.join(",", events)).append('\n');
        }
    }

    private static MimeMessage compose(HttpServletRequest request, Session session)
            throws IOException, MessagingException {
        MimeMessage message = new MimeMessage(session);
        String from = request.getParameter("from");
        if (from != null) {
            message.setFrom(new InternetAddress(from));
        } else {
            message.setFrom();  // mail.from: the mailSession's from attribute
        }
        for (String to : request.getParameter("to").split(",")) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to.trim(), false));
        }
        message.setSubject(request.getParameter("subject"));
        String header = request.getParameter("header");
        if (header != null) {
            int colon = header.indexOf(':');
            message.setHeader(header.substring(0, colon), header.substring(colon + 1).trim());
        }
        message.setText(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "UTF-8");
        message.saveChanges();
        return message;
    }

    /** The newest message with the subject: its raw body, the trace fields, its UID. */
    private void read(HttpServletRequest request, StringBuilder out) throws IOException, MessagingException {
        try (Store store = connect(request)) {
            Folder folder = store.getFolder(param(request, "folder", "INBOX"));
            folder.open(Folder.READ_ONLY);
            Message[] found = folder.search(new SubjectTerm(request.getParameter("subject")));
            out.append("found: ").append(found.length).append('\n');
            if (found.length > 0) {
                MimeMessage m = (MimeMessage) found[found.length - 1];
                try (InputStream body = m.getRawInputStream()) {
                    out.append("body64: ").append(Base64.getEncoder().encodeToString(body.readAllBytes())).append('\n');
                }
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                m.writeTo(whole);
                out.append("size: ").append(m.getSize()).append(" written: ").append(whole.size()).append('\n')
                        .append("received: ").append(m.getHeader("Received") == null ? 0 : m.getHeader("Received").length)
                        .append('\n')
                        .append("returnPath: ").append(oneLine(m.getHeader("Return-Path", ","))).append('\n')
                        .append("receivedField: ").append(oneLine(m.getHeader("Received", "|"))).append('\n')
                        .append("subject: ").append(m.getSubject()).append('\n')
                        .append("uid: ").append(((UIDFolder) folder).getUID(m)).append('\n')
                        .append("uidValidity: ").append(((UIDFolder) folder).getUIDValidity()).append('\n');
            }
            folder.close(false);
        }
    }

    /** Moves the messages with the subject to Trash (copy, DELETED, expunge) and reports counts. */
    private void trash(HttpServletRequest request, StringBuilder out) throws MessagingException {
        try (Store store = connect(request)) {
            Folder inbox = store.getFolder("INBOX");
            Folder trash = store.getFolder("Trash");
            inbox.open(Folder.READ_WRITE);
            Message[] found = inbox.search(new SubjectTerm(request.getParameter("subject")));
            out.append("found: ").append(found.length).append('\n')
                    .append("inboxBefore: ").append(inbox.getMessageCount()).append('\n')
                    .append("trashBefore: ").append(trash.getMessageCount()).append('\n');
            if ("move".equals(request.getParameter("how"))) {
                ((MaildockFolder) inbox).moveMessages(found, trash);
            } else {
                inbox.copyMessages(found, trash);
                inbox.setFlags(found, new Flags(Flags.Flag.DELETED), true);
                out.append("deletedFlagged: ").append(inbox.getDeletedMessageCount()).append('\n');
                out.append("expunged: ").append(inbox.expunge().length).append('\n');
            }
            out.append("inboxAfter: ").append(inbox.getMessageCount()).append('\n')
                    .append("trashAfter: ").append(trash.getMessageCount()).append('\n');
            inbox.close(false);
        }
    }

    private void search(HttpServletRequest request, StringBuilder out) throws MessagingException {
        try (Store store = connect(request)) {
            Folder folder = store.getFolder(param(request, "folder", "INBOX"));
            folder.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message m : folder.search(new SubjectTerm(request.getParameter("subject")))) {
                subjects.add(m.getSubject());
            }
            out.append("found: ").append(subjects.size()).append('\n')
                    .append("subjects: ").append(String.join("|", subjects)).append('\n');
            folder.close(false);
        }
    }

    private void count(HttpServletRequest request, StringBuilder out) throws MessagingException {
        try (Store store = connect(request)) {
            Folder folder = store.getFolder(param(request, "folder", "INBOX"));
            out.append("messages: ").append(folder.getMessageCount()).append('\n')
                    .append("unread: ").append(folder.getUnreadMessageCount()).append('\n');
        }
    }

    /** Appends a draft to Drafts, flags it FLAGGED, and reads the flags back in a new session. */
    private void append(HttpServletRequest request, StringBuilder out) throws IOException, MessagingException {
        String subject = request.getParameter("subject");
        MimeMessage draft = compose(request, session);
        draft.setFlag(Flags.Flag.DRAFT, true);
        try (Store store = connect(request)) {
            Folder drafts = store.getFolder("Drafts");
            drafts.appendMessages(new Message[] {draft});
            drafts.open(Folder.READ_WRITE);
            Message[] found = drafts.search(new SubjectTerm(subject));
            out.append("found: ").append(found.length).append('\n');
            found[0].setFlag(Flags.Flag.FLAGGED, true);
            drafts.close(false);
        }
        try (Store store = connect(request)) {
            Folder drafts = store.getFolder("Drafts");
            drafts.open(Folder.READ_ONLY);
            Message m = drafts.search(new SubjectTerm(subject))[0];
            out.append("draft: ").append(m.isSet(Flags.Flag.DRAFT)).append('\n')
                    .append("flagged: ").append(m.isSet(Flags.Flag.FLAGGED)).append('\n')
                    .append("seen: ").append(m.isSet(Flags.Flag.SEEN)).append('\n')
                    .append("flaggedSearch: ").append(drafts.search(
                            new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)).length).append('\n');
            drafts.close(false);
        }
    }

    /** Creates, lists, renames and deletes a user folder, with the FolderEvents seen. */
    private void folders(HttpServletRequest request, StringBuilder out) throws MessagingException {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Store store = connect(request)) {
            store.addFolderListener(new FolderListener() {
                @Override
                public void folderCreated(FolderEvent e) {
                    events.add("created " + e.getFolder().getFullName());
                }

                @Override
                public void folderDeleted(FolderEvent e) {
                    events.add("deleted " + e.getFolder().getFullName());
                }

                @Override
                public void folderRenamed(FolderEvent e) {
                    events.add("renamed " + e.getFolder().getFullName() + " " + e.getNewFolder().getFullName());
                }
            });
            String name = request.getParameter("name");
            Folder folder = store.getFolder(name);
            out.append("created: ").append(folder.create(Folder.HOLDS_MESSAGES)).append('\n')
                    .append("all: ").append(names(store.getDefaultFolder().list("*"))).append('\n')
                    .append("pattern: ").append(names(store.getDefaultFolder().list(name.substring(0, 2) + "%")))
                    .append('\n');
            Folder renamed = store.getFolder(name + "-renamed");
            out.append("renamed: ").append(folder.renameTo(renamed)).append('\n')
                    .append("oldExists: ").append(folder.exists()).append('\n')
                    .append("newExists: ").append(renamed.exists()).append('\n')
                    .append("deleted: ").append(renamed.delete(false)).append('\n')
                    .append("afterDelete: ").append(names(store.getDefaultFolder().list("*"))).append('\n');
            for (int i = 0; i < 50 && events.size() < 3; i++) {
                sleep();
            }
            out.append("events: ").append(String.join(",", events)).append('\n');
        }
    }

    /**
     * For bench/provider-bench.sh: sends COUNT messages of SIZE octets to TO over one Transport
     * connection (as USER/PASSWORD, Sent copy per saveSent) and reports the time the sends took.
     */
    private static void bench(HttpServletRequest request, StringBuilder out) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "maildock-transport");
        props.setProperty("mail.maildock.saveSent", param(request, "saveSent", "false"));
        Session bench = Session.getInstance(props);
        int count = Integer.parseInt(request.getParameter("count"));
        int size = Integer.parseInt(param(request, "size", "10240"));
        String user = request.getParameter("user");
        InternetAddress[] to = {new InternetAddress(request.getParameter("to"))};
        String text = BenchText.of(size);
        long start;
        try (Transport transport = bench.getTransport()) {
            transport.connect(user, request.getParameter("password"));
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                MimeMessage m = new MimeMessage(bench);
                m.setFrom(new InternetAddress(user));
                m.setRecipients(Message.RecipientType.TO, to);
                m.setSubject("bench " + i);
                m.setText(text, "US-ASCII");
                m.saveChanges();
                transport.sendMessage(m, to);
            }
        }
        out.append("sent: ").append(count).append('\n')
                .append("nanos: ").append(System.nanoTime() - start).append('\n');
    }

    private Store connect(HttpServletRequest request) throws MessagingException {
        Store store = session.getStore();
        String user = request.getParameter("user");
        if (user == null) {
            store.connect();
        } else {
            store.connect(user, request.getParameter("password"));
        }
        return store;
    }

    private static String names(Folder[] folders) {
        return Arrays.stream(folders).map(Folder::getFullName).collect(Collectors.joining(","));
    }

    private static String param(HttpServletRequest request, String name, String fallback) {
        String value = request.getParameter(name);
        return value == null ? fallback : value;
    }

    private static String list(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress())
                .collect(Collectors.joining(","));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
