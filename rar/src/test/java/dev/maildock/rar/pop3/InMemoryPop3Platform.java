package dev.maildock.rar.pop3;

import dev.maildock.rar.testing.InlineWorkManager;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.LoginResult;
import dev.maildock.rar.api.Maildrop;
import dev.maildock.rar.api.MaildropMessage;
import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.EndpointDispatcher;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mail platform as the POP3 session sees it, in memory: accounts, maildrops, an exclusive lock
 * per maildrop, and a log of every call that changes something, for the tests to check. Synchronized,
 * since a test over real sockets calls it from a pool of platform threads.
 */
final class InMemoryPop3Platform implements Pop3Listener {

    private record Stored(String id, String uidl, byte[] content) {
    }

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<Stored>> maildrops = new LinkedHashMap<>();
    private final Map<String, String> lockByUser = new HashMap<>();
    private final Map<String, String> userByHandle = new HashMap<>();
    private int nextId;
    private int nextHandle;

    /** "connect", "login user", "apop user", "commit h1 [m1]", "release h1", "renew h1"... */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<ClientInfo> clients = Collections.synchronizedList(new ArrayList<>());
    ConnectVerdict verdict = ConnectVerdict.accept("mail.example.test");
    Duration lease;
    boolean failRetrieve;
    /** The lockout delay the platform asks for with each failed login. */
    volatile Duration failureDelay = Duration.ZERO;
    int endpointsCreated;
    int endpointsReleased;

    synchronized void addAccount(String user, String password) {
        passwords.put(user, password);
        maildrops.put(user, new ArrayList<>());
    }

    synchronized String deliver(String user, String uidl, byte[] content) {
        String id = "m" + ++nextId;
        maildrops.get(user).add(new Stored(id, uidl, content));
        return id;
    }

    synchronized int messagesOf(String user) {
        return maildrops.get(user).size();
    }

    synchronized boolean locked(String user) {
        return lockByUser.containsKey(user);
    }

    /** Drops the lock behind the session's back, as an expired lease taken by another node would. */
    synchronized void loseLock(String user) {
        userByHandle.remove(lockByUser.remove(user));
    }

    EndpointDispatcher<Pop3Listener> dispatcher() {
        return dispatcher(new InlineWorkManager());
    }

    EndpointDispatcher<Pop3Listener> dispatcher(WorkManager workManager) {
        return new EndpointDispatcher<>(new Factory(), workManager, Pop3Listener.class);
    }

    @Override
    public synchronized ConnectVerdict connect(ClientInfo client) {
        calls.add("connect");
        clients.add(client);
        return verdict;
    }

    @Override
    public synchronized LoginResult login(ClientInfo client, String user, String password) {
        calls.add("login " + user);
        clients.add(client);
        if (!password.equals(passwords.get(user))) {
            return LoginResult.badCredentials(failureDelay);
        }
        return open(user);
    }

    @Override
    public synchronized LoginResult apop(ClientInfo client, String user, String timestamp, String digest) {
        calls.add("apop " + user);
        String secret = passwords.get(user);
        if (secret == null || !md5Hex(timestamp + secret).equals(digest)) {
            return LoginResult.badCredentials(failureDelay);
        }
        return open(user);
    }

    private synchronized LoginResult open(String user) {
        if (lockByUser.containsKey(user)) {
            return LoginResult.inUse();
        }
        String handle = "h" + ++nextHandle;
        lockByUser.put(user, handle);
        userByHandle.put(handle, user);
        List<MaildropMessage> listed = maildrops.get(user).stream()
                .map(m -> new MaildropMessage(m.id(), m.uidl(), m.content().length)).toList();
        return LoginResult.ok(new Maildrop(handle, listed, lease));
    }

    @Override
    public synchronized byte[] retrieve(String maildrop, String messageId, long offset, int length) {
        calls.add("retrieve " + messageId + " " + offset + " " + length);
        if (failRetrieve) {
            throw new IllegalStateException("store offline");
        }
        Stored message = maildrops.get(userByHandle.get(maildrop)).stream()
                .filter(m -> m.id().equals(messageId)).findFirst().orElseThrow();
        int from = (int) offset;
        return Arrays.copyOfRange(message.content(), from, Math.min(message.content().length, from + length));
    }

    @Override
    public synchronized List<byte[]> retrieveWhole(String maildrop, List<String> messageIds) {
        calls.add("retrieveWhole " + messageIds);
        if (failRetrieve) {
            throw new IllegalStateException("store offline");
        }
        List<Stored> stored = maildrops.get(userByHandle.get(maildrop));
        List<byte[]> contents = new ArrayList<>();
        for (String id : messageIds) {
            contents.add(stored.stream().filter(m -> m.id().equals(id)).map(Stored::content).findFirst().orElse(null));
        }
        return contents;
    }

    @Override
    public synchronized boolean renew(String maildrop) {
        calls.add("renew " + maildrop);
        return userByHandle.containsKey(maildrop);
    }

    @Override
    public synchronized boolean commit(String maildrop, Set<String> deleted) {
        calls.add("commit " + maildrop + " " + new TreeSet<>(deleted));
        String user = userByHandle.remove(maildrop);
        if (user == null) {
            return false;
        }
        lockByUser.remove(user);
        maildrops.get(user).removeIf(m -> deleted.contains(m.id()));
        return true;
    }

    @Override
    public synchronized void release(String maildrop) {
        calls.add("release " + maildrop);
        String user = userByHandle.remove(maildrop);
        if (user != null) {
            lockByUser.remove(user);
        }
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One endpoint per call, as the container would create them. */
    private final class Factory implements MessageEndpointFactory {
        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource) {
            endpointsCreated++;
            return new Endpoint();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
            return createEndpoint(xaResource);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "pop3-test";
        }

        @Override
        public Class<?> getEndpointClass() {
            return Endpoint.class;
        }
    }

    private final class Endpoint implements Pop3Listener, MessageEndpoint {
        private final Pop3Listener platform = InMemoryPop3Platform.this;

        @Override
        public ConnectVerdict connect(ClientInfo client) {
            return platform.connect(client);
        }

        @Override
        public LoginResult login(ClientInfo client, String user, String password) {
            return platform.login(client, user, password);
        }

        @Override
        public LoginResult apop(ClientInfo client, String user, String timestamp, String digest) {
            return platform.apop(client, user, timestamp, digest);
        }

        @Override
        public byte[] retrieve(String maildrop, String messageId, long offset, int length) {
            return platform.retrieve(maildrop, messageId, offset, length);
        }

        @Override
        public List<byte[]> retrieveWhole(String maildrop, List<String> messageIds) {
            return platform.retrieveWhole(maildrop, messageIds);
        }

        @Override
        public boolean renew(String maildrop) {
            return platform.renew(maildrop);
        }

        @Override
        public boolean commit(String maildrop, Set<String> deleted) {
            return platform.commit(maildrop, deleted);
        }

        @Override
        public void release(String maildrop) {
            platform.release(maildrop);
        }

        @Override
        public void beforeDelivery(Method method) {
        }

        @Override
        public void afterDelivery() {
        }

        @Override
        public void release() {
            endpointsReleased++;
        }
    }
}
