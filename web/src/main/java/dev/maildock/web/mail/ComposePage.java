package dev.maildock.web.mail;

import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.ejb.submission.MessageTooLargeException;
import dev.maildock.ejb.submission.RecipientsRefusedException;
import dev.maildock.ejb.submission.SenderNotOwnedException;
import dev.maildock.ejb.submission.Submission;
import dev.maildock.web.ui.Ui;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The compose form (mail/compose.xhtml): new mail, reply, reply-all, forward (with the original's
 * attachments), or a resumed draft. View-scoped so that attachments carried over from the original
 * or the draft survive a failed send with a message on the form.
 */
@Named("compose")
@ViewScoped
public class ComposePage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ComposePage.class.getName());
    /** Largest single upload; the servlet's multipart limit (web.xml) is higher, so this one answers next to the field. */
    public static final long MAX_ATTACHMENT = 10L * 1024 * 1024;

    @Inject
    private transient MailIntake intake;
    @EJB
    private transient MailboxService mailboxes;
    @EJB
    private transient MessageService messages;
    @Inject
    private transient StoredMessages stored;
    @Inject
    private transient MaildockConfig config;

    private String to = "";
    private String cc = "";
    private String bcc = "";
    private String subject = "";
    private String body = "";
    private transient List<Part> uploads;
    private final List<Outgoing.FileData> carried = new ArrayList<>();
    private String inReplyTo = "";
    private String references = "";
    /** The draft being edited (replaced when saved again, removed when sent), or 0. */
    private long draftUid;
    /** The message answered (marked answered when the reply is sent). */
    private String answeredFolder;
    private long answeredUid;

    /** On the first GET: fills the form from ?mode=reply|all|forward&amp;folder&amp;uid or ?draft=uid. */
    public void init() {
        if (FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        String account = Ui.caller();
        long draft = Ui.longParam("draft", -1);
        if (draft > 0) {
            stored.parsed(account, FolderRole.DRAFTS.defaultName(), draft).ifPresent(d -> resume(d, draft));
            return;
        }
        String mode = Ui.param("mode");
        String folder = Ui.param("folder");
        long uid = Ui.longParam("uid", -1);
        if (mode.isEmpty()) {
            to = Ui.param("to");
            return;
        }
        stored.parsed(account, folder, uid).ifPresent(original -> {
            String date = original.sentDate() == null ? ""
                    : DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, Ui.locale()).format(original.sentDate());
            if ("forward".equals(mode)) {
                subject = Quoting.forwardSubject(original.subject());
                body = Quoting.forwarded(original, Ui.text("compose.forwarded"), Ui.locale());
                for (ParsedMessage.Attachment a : original.attachments()) {
                    carried.add(new Outgoing.FileData(a.fileName(), a.contentType(), original.attachmentBytes(a.index())));
                }
            } else {
                to = original.replyTo().isEmpty() ? original.from() : original.replyTo();
                if ("all".equals(mode)) {
                    cc = Quoting.replyAllCc(original, account, to);
                }
                subject = Quoting.replySubject(original.subject());
                body = Quoting.quote(original, Ui.text("compose.wrote", date, original.from()), Ui.locale());
                answeredFolder = folder;
                answeredUid = uid;
            }
            inReplyTo = "forward".equals(mode) ? "" : original.messageId();
            references = Quoting.references(original);
        });
    }

    private void resume(ParsedMessage d, long uid) {
        draftUid = uid;
        to = d.to();
        cc = d.cc();
        bcc = d.header("Bcc");
        subject = d.subject();
        body = d.text();
        inReplyTo = d.header("In-Reply-To");
        references = d.header("References");
        for (ParsedMessage.Attachment a : d.attachments()) {
            carried.add(new Outgoing.FileData(a.fileName(), a.contentType(), d.attachmentBytes(a.index())));
        }
    }

    public void send() {
        String account = Ui.caller();
        Outgoing message = checked(account, true);
        if (message == null) {
            return;
        }
        if (message.recipients().isEmpty()) {
            Ui.error("compose:to", "error.noRecipients");
            return;
        }
        byte[] bytes = MessageComposer.build(message, config.hostname(), false);
        try {
            HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
            // Through the door SMTP uses: group-committed, and run again after a transient rollback.
            intake.submit(new Submission(account, account, message.recipients(), MessageSource.ofBytes(bytes),
                    request.isSecure() ? "HTTPS" : "HTTP", true));
        } catch (RecipientsRefusedException e) {
            if (e.getPlan().hasInvalid()) {
                Ui.error("compose:to", "error.refused", String.join(", ", e.getPlan().invalid()));
            }
            if (!e.getPlan().full().isEmpty()) {
                Ui.error("compose:to", "error.mailboxFull", String.join(", ", e.getPlan().full()));
            }
            return;
        } catch (SenderNotOwnedException | InvalidInputException e) {
            Ui.errorText("compose:to", e.getMessage());
            return;
        } catch (MessageTooLargeException e) {
            Ui.errorText("compose:uploads", e.getMessage());
            return;
        }
        LOG.fine(() -> "MAILDOCK0910I: " + account + " sent a message to " + message.recipients().size() + " recipients from the webmail.");
        afterSend(account);
        Ui.info("info.sent");
        Ui.redirect("/mail/index.xhtml", Map.of());
    }

    private void afterSend(String account) {
        if (draftUid > 0) {
            messages.delete(account, FolderRole.DRAFTS.defaultName(), List.of(draftUid));
        }
        if (answeredFolder != null && answeredUid > 0) {
            messages.setFlag(account, answeredFolder, List.of(answeredUid), MessageFlag.ANSWERED, true);
        }
    }

    public void saveDraft() {
        String account = Ui.caller();
        Outgoing message = checked(account, false);
        if (message == null) {
            return;
        }
        byte[] bytes = MessageComposer.build(message, config.hostname(), true);
        long uid = mailboxes.append(account, FolderRole.DRAFTS.defaultName(), MessageSource.ofBytes(bytes), true, true);
        if (draftUid > 0) {
            messages.delete(account, FolderRole.DRAFTS.defaultName(), List.of(draftUid));
        }
        draftUid = uid;
        Ui.info("info.draftSaved");
        Ui.redirect("/mail/compose.xhtml", Map.of("draft", uid));
    }

    /** Drops a carried attachment (from the original or the draft). */
    public void removeCarried(int index) {
        if (index >= 0 && index < carried.size()) {
            carried.remove(index);
        }
    }

    /**
     * The form checked field by field; null (with messages next to the fields) when something is
     * refused. Addresses are checked strictly only for sending: a draft may be half written.
     */
    private Outgoing checked(String account, boolean strict) {
        readTextParts();
        boolean ok = true;
        List<List<InternetAddress>> lists = new ArrayList<>();
        for (String[] field : new String[][] {{"to", to}, {"cc", cc}, {"bcc", bcc}}) {
            try {
                lists.add(ComposeFields.addresses(field[0], field[1]));
            } catch (ComposeFields.Refused r) {
                Ui.error("compose:" + r.field(), r.key(), r.detail());
                lists.add(List.of());
                ok = false;
            }
        }
        String checkedSubject = "";
        try {
            checkedSubject = ComposeFields.header("subject", subject);
        } catch (ComposeFields.Refused r) {
            Ui.error("compose:subject", r.key(), r.detail());
            ok = false;
        }
        List<Outgoing.FileData> files = new ArrayList<>(carried);
        for (Part upload : uploads == null ? List.<Part>of() : uploads) {
            if (upload.getSize() == 0 && (upload.getSubmittedFileName() == null || upload.getSubmittedFileName().isEmpty())) {
                continue;
            }
            if (upload.getSize() > MAX_ATTACHMENT) {
                Ui.error("compose:uploads", "error.tooLarge", upload.getSubmittedFileName(), Ui.size(MAX_ATTACHMENT));
                ok = false;
                continue;
            }
            files.add(read(upload));
        }
        if (!ok) {
            return null;
        }
        carried.clear();
        carried.addAll(files);
        try {
            return new Outgoing(new InternetAddress(account), lists.get(0), lists.get(1), lists.get(2), checkedSubject,
                    body == null ? "" : body, files, headerOrEmpty(inReplyTo), headerOrEmpty(references));
        } catch (AddressException e) {
            throw new IllegalStateException("the signed-in account is not an address: " + account, e);
        }
    }

    /**
     * Liberty 26.0.0.3 turns multipart form fields into request parameters without their line
     * breaks ("a\r\nb" arrives as "ab"), which would join the lines of every message body and hide
     * a CR/LF in a header field from the check. So the text fields are read from their parts.
     */
    private void readTextParts() {
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return;
        }
        to = part(request, "compose:to", to);
        cc = part(request, "compose:cc", cc);
        bcc = part(request, "compose:bcc", bcc);
        subject = part(request, "compose:subject", subject);
        body = part(request, "compose:body", body);
    }

    private static String part(HttpServletRequest request, String name, String fallback) {
        try {
            Part part = request.getPart(name);
            if (part == null || part.getSubmittedFileName() != null) {
                return fallback;
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | ServletException e) {
            return fallback;
        }
    }

    /** Threading headers come from stored mail: anything with a line break is dropped, not sent. */
    private static String headerOrEmpty(String value) {
        return value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 ? "" : value.strip();
    }

    private static Outgoing.FileData read(Part upload) {
        try (InputStream in = upload.getInputStream()) {
            String name = upload.getSubmittedFileName() == null ? "attachment" : upload.getSubmittedFileName();
            // Some browsers send a full path; only the last segment is the name.
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            String type = upload.getContentType() == null ? "application/octet-stream" : upload.getContentType();
            return new Outgoing.FileData(name, type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String size(Outgoing.FileData f) {
        return Ui.size(f.bytes().length);
    }

    public List<Outgoing.FileData> getCarried() {
        return carried;
    }

    public boolean isDraft() {
        return draftUid > 0;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getCc() {
        return cc;
    }

    public void setCc(String cc) {
        this.cc = cc;
    }

    public String getBcc() {
        return bcc;
    }

    public void setBcc(String bcc) {
        this.bcc = bcc;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public List<Part> getUploads() {
        return uploads;
    }

    public void setUploads(List<Part> uploads) {
        this.uploads = uploads;
    }
}
