package dev.maildock.web.mail;

import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.web.ui.Ui;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.DateFormat;
import java.util.List;
import java.util.Map;

/**
 * The read view (mail/read.xhtml?folder=…&amp;uid=…): headers, the text part, the HTML part in a
 * sandboxed frame (served by {@link MessageBodyServlet}), attachments; opening marks it read.
 */
@Named("reader")
@RequestScoped
public class ReadPage {

    @EJB
    private MessageService messages;

    @Inject
    private StoredMessages stored;

    private String folder;
    private long uid;
    private boolean images;
    private ParsedMessage message;
    private boolean flagged;
    private boolean loaded;

    @PostConstruct
    void init() {
        folder = Ui.param("folder");
        uid = Ui.longParam("uid", -1);
        images = "1".equals(Ui.param("images"));
    }

    /** Loads the message once per request (a postback needs it while decoding), or says it is gone. */
    public void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        message = stored.parsed(Ui.caller(), folder, uid).orElse(null);
        if (message == null) {
            Ui.error(null, "error.noMessage");
            return;
        }
        if (!Ui.isPostback()) {
            messages.setFlag(Ui.caller(), folder, List.of(uid), MessageFlag.SEEN, true);
        }
        flagged = messages.entry(Ui.caller(), folder, uid).flagged();
    }

    public void markUnread() {
        messages.setFlag(Ui.caller(), folder, List.of(uid), MessageFlag.SEEN, false);
        Ui.redirect("/mail/index.xhtml", Map.of("folder", folder));
    }

    public void toggleFlag() {
        boolean now = messages.entry(Ui.caller(), folder, uid).flagged();
        messages.setFlag(Ui.caller(), folder, List.of(uid), MessageFlag.FLAGGED, !now);
        Ui.redirect("/mail/read.xhtml", Map.of("folder", folder, "uid", uid));
    }

    /** To Trash; from Trash, for good. */
    public void delete() {
        if (FolderRole.TRASH.defaultName().equals(folder)) {
            messages.delete(Ui.caller(), folder, List.of(uid));
        } else {
            messages.move(Ui.caller(), folder, List.of(uid), FolderRole.TRASH.defaultName());
        }
        Ui.info("info.deleted", 1);
        Ui.redirect("/mail/index.xhtml", Map.of("folder", folder));
    }

    /** The frame's source: this message's sanitized HTML part, with or without remote images. */
    public String getBodyUrl() {
        return "body?folder=" + enc(folder) + "&uid=" + uid + (images ? "&images=1" : "");
    }

    public String attachmentUrl(ParsedMessage.Attachment a) {
        return "attachment?folder=" + enc(folder) + "&uid=" + uid + "&part=" + a.index();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public ParsedMessage getMessage() {
        load();
        return message;
    }

    public boolean isImagesBlocked() {
        return !images && message != null && message.html() != null
                && HtmlSanitizer.hasRemoteImages(message.html());
    }

    public String getDate() {
        return message == null || message.sentDate() == null ? ""
                : DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, Ui.locale()).format(message.sentDate());
    }

    public String size(long bytes) {
        return bytes < 0 ? "" : Ui.size(bytes);
    }

    public String getFolder() {
        return folder;
    }

    public long getUid() {
        return uid;
    }

    public boolean isImages() {
        return images;
    }

    public boolean isFlagged() {
        load();
        return flagged;
    }
}
