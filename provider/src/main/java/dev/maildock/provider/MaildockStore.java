package dev.maildock.provider;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;

/**
 * Store for protocol "maildock": the account's folders in Maildock, read and changed through
 * Maildock's services in this JVM, no socket. Folder names are flat; '/' reads as a hierarchy
 * separator for {@link Folder#list(String)}.
 */
public class MaildockStore extends Store {

    private volatile Link link;

    public MaildockStore(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        link = Link.open(session, user, password);
        return link != null;
    }

    @Override
    public Folder getDefaultFolder() throws MessagingException {
        checkConnected();
        return new MaildockFolder(this, "");
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        checkConnected();
        return new MaildockFolder(this, MaildockFolder.canonical(name));
    }

    @Override
    public Folder getFolder(URLName url) throws MessagingException {
        return getFolder(url.getFile());
    }

    @Override
    public synchronized void close() throws MessagingException {
        link = null;
        super.close();
    }

    Link link() throws MessagingException {
        Link current = link;
        if (current == null) {
            throw new MessagingException("the maildock store is not connected");
        }
        return current;
    }

    private void checkConnected() {
        if (link == null) {
            throw new IllegalStateException("not connected");
        }
    }
}
