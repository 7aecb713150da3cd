package dev.maildock.provider;

import dev.maildock.provider.spi.Flag;
import dev.maildock.provider.spi.FolderInfo;
import dev.maildock.provider.spi.MessageInfo;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.search.SearchTerm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One of the account's folders (or, with the empty name, the root that lists them). While open it
 * holds the listing it read at open time, message numbers 1..n in ascending UID order; a
 * {@link #getMessageCount()} re-reads it, so messages delivered meanwhile appear (MessageCountEvent
 * added) and messages removed by another session, e.g. POP3 deletions at QUIT, disappear
 * (MessageCountEvent removed, renumbered).
 */
public class MaildockFolder extends Folder implements UIDFolder {

    static final char SEPARATOR = '/';
    private static final String INBOX = "INBOX";

    private final MaildockStore maildock;
    private final String fullName;
    private boolean open;
    private List<MaildockMessage> messages = List.of();
    private long uidValidity;

    MaildockFolder(MaildockStore store, String fullName) {
        super(store);
        this.maildock = store;
        this.fullName = fullName;
    }

    /** INBOX in any case is the INBOX (RFC 3501 section 5.1); other names are case-sensitive. */
    static String canonical(String name) {
        if (name == null) {
            return "";
        }
        return name.equalsIgnoreCase(INBOX) ? INBOX : name;
    }

    private boolean isRoot() {
        return fullName.isEmpty();
    }

    @Override
    public String getName() {
        int cut = fullName.lastIndexOf(SEPARATOR);
        return cut < 0 ? fullName : fullName.substring(cut + 1);
    }

    @Override
    public String getFullName() {
        return fullName;
    }

    @Override
    public Folder getParent() throws MessagingException {
        if (isRoot()) {
            return null;
        }
        int cut = fullName.lastIndexOf(SEPARATOR);
        return new MaildockFolder(maildock, cut < 0 ? "" : fullName.substring(0, cut));
    }

    @Override
    public boolean exists() throws MessagingException {
        return isRoot() || info() != null;
    }

    @Override
    public Folder[] list(String pattern) throws MessagingException {
        String prefix = isRoot() ? "" : fullName + SEPARATOR;
        List<Folder> found = new ArrayList<>();
        for (FolderInfo f : folders()) {
            if (f.name().startsWith(prefix) && FolderPattern.matches(pattern, f.name().substring(prefix.length()), SEPARATOR)) {
                found.add(new MaildockFolder(maildock, f.name()));
            }
        }
        return found.toArray(new Folder[0]);
    }

    @Override
    public char getSeparator() {
        return SEPARATOR;
    }

    @Override
    public int getType() {
        return isRoot() ? HOLDS_FOLDERS : HOLDS_MESSAGES | HOLDS_FOLDERS;
    }

    @Override
    public boolean create(int type) throws MessagingException {
        if (isRoot() || (type & HOLDS_MESSAGES) == 0 && (type & HOLDS_FOLDERS) == 0 || exists()) {
            return false;
        }
        maildock.link().call((g, t) -> g.createFolder(t, fullName));
        notifyFolderListeners(FolderEvent.CREATED);
        return true;
    }

    @Override
    public boolean hasNewMessages() throws MessagingException {
        FolderInfo info = requireInfo();
        return info.unseen() > 0;
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        return new MaildockFolder(maildock, isRoot() ? canonical(name) : fullName + SEPARATOR + name);
    }

    @Override
    public boolean delete(boolean recurse) throws MessagingException {
        checkClosed();
        if (isRoot()) {
            return false;
        }
        requireInfo();
        List<String> children = children();
        if (!children.isEmpty() && !recurse) {
            return false;
        }
        for (String child : children) {
            maildock.link().call((g, t) -> { g.deleteFolder(t, child); return null; });
        }
        maildock.link().call((g, t) -> { g.deleteFolder(t, fullName); return null; });
        notifyFolderListeners(FolderEvent.DELETED);
        return true;
    }

    @Override
    public boolean renameTo(Folder target) throws MessagingException {
        checkClosed();
        if (isRoot() || !(target instanceof MaildockFolder) || target.getStore() != store) {
            return false;
        }
        requireInfo();
        String to = target.getFullName();
        for (String child : children()) {
            String renamed = to + child.substring(fullName.length());
            maildock.link().call((g, t) -> { g.renameFolder(t, child, renamed); return null; });
        }
        maildock.link().call((g, t) -> { g.renameFolder(t, fullName, to); return null; });
        notifyFolderRenamedListeners(target);
        return true;
    }

    @Override
    public synchronized void open(int mode) throws MessagingException {
        checkClosed();
        if (isRoot()) {
            throw new MessagingException("the root folder holds no messages");
        }
        FolderInfo info = requireInfo();
        uidValidity = info.uidValidity();
        this.mode = mode;
        List<MaildockMessage> loaded = new ArrayList<>();
        for (MessageInfo m : maildock.link().call((g, t) -> g.messages(t, fullName))) {
            loaded.add(new MaildockMessage(this, loaded.size() + 1, m));
        }
        messages = loaded;
        open = true;
        notifyConnectionListeners(ConnectionEvent.OPENED);
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        checkOpen();
        if (expunge && mode == READ_WRITE) {
            expunge();
        }
        open = false;
        messages = List.of();
        notifyConnectionListeners(ConnectionEvent.CLOSED);
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public Flags getPermanentFlags() {
        return Messages.permanent();
    }

    /** When open, re-reads the listing first (new and vanished messages are announced). */
    @Override
    public synchronized int getMessageCount() throws MessagingException {
        if (!open) {
            return isRoot() ? 0 : (int) requireInfo().messages();
        }
        refresh();
        return messages.size();
    }

    @Override
    public synchronized int getUnreadMessageCount() throws MessagingException {
        if (!open) {
            return isRoot() ? 0 : (int) requireInfo().unseen();
        }
        int unread = 0;
        for (MaildockMessage m : messages) {
            if (!m.isSet(Flags.Flag.SEEN)) {
                unread++;
            }
        }
        return unread;
    }

    @Override
    public synchronized Message getMessage(int number) throws MessagingException {
        checkOpen();
        if (number < 1 || number > messages.size()) {
            throw new IndexOutOfBoundsException("message number " + number + " of " + messages.size());
        }
        return messages.get(number - 1);
    }

    @Override
    public synchronized Message[] getMessages() throws MessagingException {
        checkOpen();
        refresh();
        return messages.toArray(new Message[0]);
    }

    @Override
    public void fetch(Message[] msgs, FetchProfile fp) {
        // UID, size, flags and arrival time come with the listing; content is fetched on first use.
    }

    @Override
    public void appendMessages(Message[] msgs) throws MessagingException {
        requireInfo();
        for (Message m : msgs) {
            byte[] raw = Messages.bytes(m);
            Set<Flag> flags = Messages.flags(m.getFlags());
            maildock.link().call((g, t) -> g.append(t, fullName, raw, flags));
        }
        synchronized (this) {
            if (open) {
                refresh();
            }
        }
    }

    /** Within Maildock the stored content is shared, not re-sent; elsewhere as Folder does it. */
    @Override
    public synchronized void copyMessages(Message[] msgs, Folder target) throws MessagingException {
        checkOpen();
        if (!(target instanceof MaildockFolder other) || target.getStore() != store) {
            super.copyMessages(msgs, target);
            return;
        }
        if (!target.exists()) {
            throw new FolderNotFoundException(target, "no folder " + target.getFullName());
        }
        List<Long> uids = uids(msgs);
        maildock.link().call((g, t) -> g.copy(t, fullName, uids, other.fullName));
        other.refreshIfOpen();
    }

    /**
     * Moves messages to another folder of the account in one transaction (like IMAP MOVE, RFC
     * 6851): they are gone from this folder at once, announced as removed.
     */
    public synchronized void moveMessages(Message[] msgs, Folder target) throws MessagingException {
        checkOpen();
        if (mode != READ_WRITE) {
            throw new IllegalStateException("the folder " + fullName + " is open read-only");
        }
        if (!(target instanceof MaildockFolder other) || target.getStore() != store) {
            throw new MessagingException("moveMessages moves between folders of one maildock store only");
        }
        if (!target.exists()) {
            throw new FolderNotFoundException(target, "no folder " + target.getFullName());
        }
        List<Long> uids = uids(msgs);
        Map<Long, Long> moved = maildock.link().call((g, t) -> g.move(t, fullName, uids, other.fullName));
        removeLocally(moved.keySet());
        other.refreshIfOpen();
    }

    @Override
    public synchronized Message[] expunge() throws MessagingException {
        checkOpen();
        if (mode != READ_WRITE) {
            throw new IllegalStateException("the folder " + fullName + " is open read-only");
        }
        List<Long> gone = maildock.link().call((g, t) -> g.expunge(t, fullName));
        return removeLocally(gone);
    }

    @Override
    public synchronized Message[] search(SearchTerm term) throws MessagingException {
        checkOpen();
        SearchTranslation translation = SearchTranslation.of(term);
        if (translation == null) {
            return super.search(term);
        }
        refresh();
        List<Long> uids = maildock.link().call((g, t) -> g.search(t, fullName, translation.criteria()));
        List<Message> found = new ArrayList<>();
        for (long uid : uids) {
            MaildockMessage m = byUid(uid);
            if (m != null && (translation.exact() || term.match(m))) {
                found.add(m);
            }
        }
        return found.toArray(new Message[0]);
    }

    // UIDFolder (RFC 3501 UIDs: stable while UIDVALIDITY stays)

    @Override
    public synchronized long getUIDValidity() throws MessagingException {
        return open ? uidValidity : requireInfo().uidValidity();
    }

    @Override
    public synchronized Message getMessageByUID(long uid) throws MessagingException {
        checkOpen();
        return byUid(uid);
    }

    @Override
    public synchronized Message[] getMessagesByUID(long start, long end) throws MessagingException {
        checkOpen();
        long last = end == LASTUID ? Long.MAX_VALUE : end;
        List<Message> found = new ArrayList<>();
        for (MaildockMessage m : messages) {
            if (m.uid() >= start && m.uid() <= last) {
                found.add(m);
            }
        }
        return found.toArray(new Message[0]);
    }

    @Override
    public synchronized Message[] getMessagesByUID(long[] uids) throws MessagingException {
        checkOpen();
        Message[] found = new Message[uids.length];
        for (int i = 0; i < uids.length; i++) {
            found[i] = byUid(uids[i]);
        }
        return found;
    }

    @Override
    public long getUID(Message message) throws MessagingException {
        if (!(message instanceof MaildockMessage m) || m.getFolder() != this) {
            throw new NoSuchElementException("not a message of this folder");
        }
        return m.uid();
    }

    @Override
    public long getUIDNext() throws MessagingException {
        return requireInfo().uidNext();
    }

    // for MaildockMessage

    byte[] content(long uid) throws MessagingException {
        return maildock.link().call((g, t) -> g.content(t, fullName, uid));
    }

    void storeFlags(long uid, Set<Flag> flags, boolean set) throws MessagingException {
        if (!flags.isEmpty()) {
            maildock.link().call((g, t) -> g.setFlags(t, fullName, List.of(uid), flags, set));
        }
    }

    void flagsChanged(MaildockMessage message) {
        notifyMessageChangedListeners(MessageChangedEvent.FLAGS_CHANGED, message);
    }

    // internals

    private synchronized void refreshIfOpen() throws MessagingException {
        if (open) {
            refresh();
        }
    }

    /** Re-reads the listing: flags from other sessions, vanished messages out, new ones in. */
    private void refresh() throws MessagingException {
        List<MessageInfo> current = maildock.link().call((g, t) -> g.messages(t, fullName));
        Map<Long, MessageInfo> byUid = new HashMap<>();
        for (MessageInfo m : current) {
            byUid.put(m.uid(), m);
        }
        Set<Long> vanished = new HashSet<>();
        long highest = 0;
        for (MaildockMessage m : messages) {
            MessageInfo now = byUid.get(m.uid());
            if (now == null) {
                vanished.add(m.uid());
            } else {
                m.refreshFlags(Messages.flags(now.flags()));
            }
            highest = Math.max(highest, m.uid());
        }
        removeLocally(vanished);
        List<Message> added = new ArrayList<>();
        List<MaildockMessage> next = new ArrayList<>(messages);
        for (MessageInfo m : current) {
            if (m.uid() > highest) {
                MaildockMessage message = new MaildockMessage(this, next.size() + 1, m);
                next.add(message);
                added.add(message);
            }
        }
        messages = next;
        if (!added.isEmpty()) {
            notifyMessageAddedListeners(added.toArray(new Message[0]));
        }
    }

    /**
     * Drops messages from the open listing, marks them expunged and renumbers the rest at once; the
     * event says removed=true because the numbers have already changed.
     */
    private Message[] removeLocally(Collection<Long> uids) {
        if (uids.isEmpty()) {
            return new Message[0];
        }
        Set<Long> gone = new HashSet<>(uids);
        List<MaildockMessage> kept = new ArrayList<>();
        List<Message> removed = new ArrayList<>();
        for (MaildockMessage m : messages) {
            if (gone.contains(m.uid())) {
                m.expunged();
                removed.add(m);
            } else {
                kept.add(m);
                m.renumber(kept.size());
            }
        }
        messages = kept;
        Message[] out = removed.toArray(new Message[0]);
        if (out.length > 0) {
            notifyMessageRemovedListeners(true, out);
        }
        return out;
    }

    private MaildockMessage byUid(long uid) {
        int low = 0;
        int high = messages.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = messages.get(mid).uid();
            if (at < uid) {
                low = mid + 1;
            } else if (at > uid) {
                high = mid - 1;
            } else {
                return messages.get(mid);
            }
        }
        return null;
    }

    private static List<Long> uids(Message[] msgs) throws MessagingException {
        List<Long> uids = new ArrayList<>();
        for (Message m : msgs) {
            if (!(m instanceof MaildockMessage mm)) {
                throw new MessagingException("not a message of a maildock folder: " + m);
            }
            uids.add(mm.uid());
        }
        return uids;
    }

    private List<FolderInfo> folders() throws MessagingException {
        return maildock.link().call((g, t) -> g.folders(t));
    }

    private FolderInfo info() throws MessagingException {
        for (FolderInfo f : folders()) {
            if (f.name().equals(fullName)) {
                return f;
            }
        }
        return null;
    }

    private FolderInfo requireInfo() throws MessagingException {
        FolderInfo info = info();
        if (info == null) {
            throw new FolderNotFoundException(this, "no folder " + fullName);
        }
        return info;
    }

    private List<String> children() throws MessagingException {
        String prefix = fullName + SEPARATOR;
        List<String> names = new ArrayList<>();
        for (FolderInfo f : folders()) {
            if (f.name().startsWith(prefix)) {
                names.add(f.name());
            }
        }
        // Deepest first, so a delete never meets a folder whose children still exist.
        names.sort((a, b) -> b.length() - a.length());
        return names;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the folder " + fullName + " is not open");
        }
    }

    private void checkClosed() {
        if (open) {
            throw new IllegalStateException("the folder " + fullName + " is open");
        }
    }

    @Override
    public String toString() {
        return fullName.isEmpty() ? "maildock:/" : fullName;
    }
}
