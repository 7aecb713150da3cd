package dev.maildock.web.mail;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AccountView;
import dev.maildock.ejb.common.MaildockException;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.FolderService;
import dev.maildock.ejb.mailbox.FolderView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageQuery;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.Page;
import dev.maildock.web.ui.Ui;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mailbox page (mail/index.xhtml): folders with unread counts, one page of the chosen folder
 * newest first, search, and what can be done to the ticked messages. The folder, page and search
 * travel as request parameters (links and hidden fields), so every action ends in a redirect to a
 * bookmarkable URL.
 */
@Named("mailbox")
@RequestScoped
public class MailboxPage {

    public static final int PAGE_SIZE = 50;
    private static final List<String> SEARCH_FIELDS = List.of("subject", "from", "to", "body");

    @EJB
    private MailboxService mailboxes;
    @EJB
    private MessageService messages;
    @EJB
    private FolderService folderService;
    @EJB
    private AccountService accounts;

    private String folder;
    private int pageNumber;
    private String query;
    private String searchIn;
    private List<FolderView> folders;
    private Page<EntryView> page;
    private String newFolder;
    private String renameTo;

    @PostConstruct
    void init() {
        folder = Ui.param("folder").isEmpty() ? FolderRole.INBOX.defaultName() : Ui.param("folder");
        pageNumber = (int) Math.max(1, Math.min(Ui.longParam("page", 1), 1_000_000));
        query = Ui.param("q");
        searchIn = SEARCH_FIELDS.contains(Ui.param("in")) ? Ui.param("in") : SEARCH_FIELDS.get(0);
    }

    /**
     * Loads the folder list and the page once per request (a postback asks for them while it
     * decodes, before any render event); an unknown folder shows INBOX with a message.
     */
    public void load() {
        if (page != null) {
            return;
        }
        String account = Ui.caller();
        folders = mailboxes.folders(account);
        if (folders.stream().noneMatch(f -> f.name().equals(folder))) {
            Ui.error(null, "error.noFolder", folder);
            folder = FolderRole.INBOX.defaultName();
        }
        int offset = (pageNumber - 1) * PAGE_SIZE;
        page = query.isBlank()
                ? messages.page(account, folder, offset, PAGE_SIZE)
                : messages.search(account, folder, query(), offset, PAGE_SIZE);
    }

    private MessageQuery query() {
        String q = query.strip();
        return switch (searchIn) {
            case "from" -> MessageQuery.any().withFrom(q);
            case "to" -> MessageQuery.any().withRecipient(q);
            case "body" -> MessageQuery.any().withBody(q);
            default -> MessageQuery.any().withSubject(q);
        };
    }

    public void markRead() {
        flag(MessageFlag.SEEN, true);
    }

    public void markUnread() {
        flag(MessageFlag.SEEN, false);
    }

    public void flag() {
        flag(MessageFlag.FLAGGED, true);
    }

    public void unflag() {
        flag(MessageFlag.FLAGGED, false);
    }

    private void flag(MessageFlag flag, boolean value) {
        List<Long> uids = Ui.longParams("sel");
        if (uids.isEmpty()) {
            Ui.error(null, "error.noneSelected");
            return;
        }
        messages.setFlag(Ui.caller(), folder, uids, flag, value);
        back();
    }

    /** Moves the ticked messages to the folder chosen in the "target" list. */
    public void move() {
        List<Long> uids = Ui.longParams("sel");
        String target = Ui.param("target");
        if (uids.isEmpty()) {
            Ui.error(null, "error.noneSelected");
            return;
        }
        try {
            messages.move(Ui.caller(), folder, uids, target);
            Ui.info("info.moved", uids.size(), target);
            back();
        } catch (MaildockException e) {
            Ui.errorText(null, e.getMessage());
        }
    }

    /** To Trash; in Trash, deleted for good. */
    public void delete() {
        List<Long> uids = Ui.longParams("sel");
        if (uids.isEmpty()) {
            Ui.error(null, "error.noneSelected");
            return;
        }
        String account = Ui.caller();
        if (isTrash()) {
            messages.delete(account, folder, uids);
        } else {
            messages.move(account, folder, uids, FolderRole.TRASH.defaultName());
        }
        Ui.info("info.deleted", uids.size());
        back();
    }

    public void emptyTrash() {
        String account = Ui.caller();
        String trash = FolderRole.TRASH.defaultName();
        List<Long> all = messages.searchUids(account, trash, MessageQuery.any());
        messages.delete(account, trash, all);
        Ui.info("info.emptied", all.size());
        back();
    }

    public void createFolder() {
        try {
            folderService.create(Ui.caller(), newFolder);
            Ui.info("info.folderCreated", newFolder);
            Ui.redirect("/mail/index.xhtml", Map.of("folder", newFolder));
        } catch (MaildockException e) {
            Ui.errorText("folders:newFolder", e.getMessage());
        }
    }

    public void renameFolder() {
        try {
            folderService.rename(Ui.caller(), folder, renameTo);
            Ui.info("info.folderRenamed", folder, renameTo);
            Ui.redirect("/mail/index.xhtml", Map.of("folder", renameTo));
        } catch (MaildockException e) {
            Ui.errorText("folderActions:renameTo", e.getMessage());
        }
    }

    public void deleteFolder() {
        try {
            folderService.delete(Ui.caller(), folder);
            Ui.info("info.folderDeleted", folder);
            Ui.redirect("/mail/index.xhtml", Map.of());
        } catch (MaildockException e) {
            Ui.errorText(null, e.getMessage());
        }
    }

    private void back() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("folder", folder);
        q.put("page", pageNumber > 1 ? pageNumber : null);
        q.put("q", query);
        q.put("in", query.isBlank() ? null : searchIn);
        Ui.redirect("/mail/index.xhtml", q);
    }

    public String date(EntryView e) {
        return Ui.dateTime(e.sentDate() != null ? e.sentDate() : e.received());
    }

    /** The signed-in user's stored mail: "12.3 MB of 100.0 MB", or only the usage when there is no quota. */
    public String getUsage() {
        String account = Ui.caller();
        AccountView view = accounts.get(account);
        String used = Ui.size(mailboxes.usage(account));
        return view.quotaBytes() == 0 ? Ui.text("usage.unlimited", used) : Ui.text("usage.ofQuota", used, Ui.size(view.quotaBytes()));
    }

    public String sizeOf(EntryView e) {
        return Ui.size(e.size());
    }

    public String folderLabel(FolderView f) {
        return f.role() == FolderRole.USER ? f.name() : Ui.text("folder." + f.role().name());
    }

    public boolean isTrash() {
        return FolderRole.TRASH.defaultName().equals(folder);
    }

    public boolean isDrafts() {
        return FolderRole.DRAFTS.defaultName().equals(folder);
    }

    public boolean isUserFolder() {
        load();
        return folders.stream().anyMatch(f -> f.name().equals(folder) && f.role() == FolderRole.USER);
    }

    public int getLastPage() {
        load();
        return (int) Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    public String getFolder() {
        return folder;
    }

    public int getPageNumber() {
        return pageNumber;
    }

    public String getQuery() {
        return query;
    }

    public List<String> getSearchFields() {
        return SEARCH_FIELDS;
    }

    public String getSearchIn() {
        return searchIn;
    }

    public List<FolderView> getFolders() {
        load();
        return folders;
    }

    public Page<EntryView> getPage() {
        load();
        return page;
    }

    public String getNewFolder() {
        return newFolder;
    }

    public void setNewFolder(String newFolder) {
        this.newFolder = newFolder;
    }

    public String getRenameTo() {
        return renameTo;
    }

    public void setRenameTo(String renameTo) {
        this.renameTo = renameTo;
    }
}
