package dev.maildock.rar.smtp;

import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.api.Verdict;
import jakarta.resource.spi.endpoint.MessageEndpoint;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hand-written platform for the session tests: domain example.test with alice, bob and
 * postmaster; one password; relay only when authenticated. It is its own message endpoint.
 */
final class InMemoryPlatform implements SmtpListener, MessageEndpoint {

    static final String HOST = "mx.example.test";
    static final Map<String, String> PASSWORDS = Map.of("alice@example.test", "s3cret");
    static final Set<String> MAILBOXES = Set.of("alice@example.test", "bob@example.test", "postmaster@example.test");

    /** One delivered message as the platform saw it. */
    record Delivery(Envelope envelope, byte[] bytes, boolean spooled) {
    }

    final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile ConnectVerdict connectVerdict = ConnectVerdict.accept(HOST);
    volatile boolean failDelivery;
    /** The lockout delay the platform asks for with each failed AUTH. */
    volatile Duration failureDelay = Duration.ZERO;
    /** Runs inside deliver, e.g. to drop the connection while the platform works. */
    volatile Runnable duringDelivery = () -> { };

    @Override
    public ConnectVerdict connect(ClientInfo client) {
        calls.add("connect tls=" + client.tls());
        return connectVerdict;
    }

    @Override
    public AuthResult authenticate(ClientInfo client, String mechanism, String user, String password) {
        calls.add("auth " + mechanism + " " + user);
        return password.equals(PASSWORDS.get(user)) ? AuthResult.success(user) : AuthResult.failure(failureDelay);
    }

    @Override
    public Verdict mailFrom(SessionInfo session, ReversePath from, long declaredSize) {
        calls.add("mail " + from + " " + declaredSize);
        return Verdict.accept();
    }

    @Override
    public Verdict rcptTo(SessionInfo session, ReversePath from, ForwardPath to) {
        calls.add("rcpt " + to);
        if (to.isPostmaster() && to.domain() == null) {
            return Verdict.accept();
        }
        if (to.domain().equalsIgnoreCase("example.test")) {
            return MAILBOXES.contains(to.normalized()) ? Verdict.accept() : Verdict.of(Verdict.Outcome.MAILBOX_UNKNOWN);
        }
        return session.authenticated() ? Verdict.accept() : Verdict.of(Verdict.Outcome.RELAY_DENIED);
    }

    @Override
    public Verdict deliver(Envelope envelope, MessageData message) {
        calls.add("deliver " + envelope.recipients());
        duringDelivery.run();
        if (failDelivery) {
            throw new IllegalStateException("database down");
        }
        deliveries.add(new Delivery(envelope, message.readAllBytes(), message.spooled()));
        return Verdict.accept();
    }

    @Override
    public void beforeDelivery(Method method) {
    }

    @Override
    public void afterDelivery() {
    }

    @Override
    public void release() {
    }
}
