package dev.maildock.provider;

import dev.maildock.provider.spi.MessageInfo;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.IllegalWriteException;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Folder;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Date;
import java.util.Enumeration;
import jakarta.mail.Header;

/**
 * A stored message: UID, size, arrival time and flags come with the folder listing; the bytes are
 * fetched and parsed (by Angus Mail's MimeMessage) only when a header or the content is first
 * asked for. Reading does not set SEEN (set it explicitly): listing subjects must not mark a
 * folder read.
 */
public class MaildockMessage extends MimeMessage {

    private final MaildockFolder owner;
    private final long uid;
    private final long storedSize;
    private final Date received;
    private byte[] raw;

    MaildockMessage(MaildockFolder folder, int number, MessageInfo info) {
        super(folder, number);
        this.owner = folder;
        this.uid = info.uid();
        this.storedSize = info.size();
        this.received = info.received() == null ? null : Date.from(info.received());
        this.flags = Messages.flags(info.flags());
    }

    long uid() {
        return uid;
    }

    /** The stored bytes, fetched once. */
    private synchronized void load() throws MessagingException {
        if (isExpunged()) {
            throw new MessageRemovedException("message " + uid + " was expunged");
        }
        if (raw == null) {
            byte[] bytes = owner.content(uid);
            parse(new ByteArrayInputStream(bytes));
            raw = bytes;
        }
    }

    @Override
    public int getSize() {
        return (int) Math.min(Integer.MAX_VALUE, storedSize);
    }

    @Override
    public Date getReceivedDate() {
        return received;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
        load();
        if (ignoreList == null && !modified) {
            // Byte for byte as stored: what Maildock delivered, not a re-serialisation.
            os.write(raw);
            return;
        }
        super.writeTo(os, ignoreList);
    }

    @Override
    protected InputStream getContentStream() throws MessagingException {
        load();
        return super.getContentStream();
    }

    @Override
    public synchronized DataHandler getDataHandler() throws MessagingException {
        load();
        return super.getDataHandler();
    }

    @Override
    public String[] getHeader(String name) throws MessagingException {
        load();
        return super.getHeader(name);
    }

    @Override
    public String getHeader(String name, String delimiter) throws MessagingException {
        load();
        return super.getHeader(name, delimiter);
    }

    @Override
    public Enumeration<Header> getAllHeaders() throws MessagingException {
        load();
        return super.getAllHeaders();
    }

    @Override
    public Enumeration<Header> getMatchingHeaders(String[] names) throws MessagingException {
        load();
        return super.getMatchingHeaders(names);
    }

    @Override
    public Enumeration<Header> getNonMatchingHeaders(String[] names) throws MessagingException {
        load();
        return super.getNonMatchingHeaders(names);
    }

    @Override
    public Enumeration<String> getAllHeaderLines() throws MessagingException {
        load();
        return super.getAllHeaderLines();
    }

    @Override
    public Enumeration<String> getMatchingHeaderLines(String[] names) throws MessagingException {
        load();
        return super.getMatchingHeaderLines(names);
    }

    @Override
    public Enumeration<String> getNonMatchingHeaderLines(String[] names) throws MessagingException {
        load();
        return super.getNonMatchingHeaderLines(names);
    }

    @Override
    public void setHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void removeHeader(String name) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addHeaderLine(String line) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void saveChanges() throws MessagingException {
        throw readOnly();
    }

    /** Stored in Maildock first, then here; RECENT and user flags are not kept (getPermanentFlags). */
    @Override
    public synchronized void setFlags(Flags changed, boolean set) throws MessagingException {
        if (isExpunged()) {
            throw new MessageRemovedException("message " + uid + " was expunged");
        }
        if (owner.getMode() != Folder.READ_WRITE) {
            throw new IllegalWriteException("the folder " + owner.getFullName() + " is open read-only");
        }
        owner.storeFlags(uid, Messages.flags(changed), set);
        super.setFlags(changed, set);
        owner.flagsChanged(this);
    }

    /** Flags as another session left them, seen on a refresh of the folder. */
    synchronized void refreshFlags(Flags current) {
        this.flags = current;
    }

    void renumber(int number) {
        setMessageNumber(number);
    }

    void expunged() {
        setExpunged(true);
    }

    private static IllegalWriteException readOnly() {
        return new IllegalWriteException("a stored message cannot be changed; copy it into a new MimeMessage");
    }
}
