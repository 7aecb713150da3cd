package dev.maildock.ejb.delivery;

import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.config.ServerVariables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The outbound variables as server.xml binds them ({@code <jndiEntry jndiName="maildock/..."/>}),
 * read again after a second: the queue picks up a changed variable without a restart. Each reading
 * gives an {@link OutboundSettings}, the checked values of one moment.
 */
@ApplicationScoped
public class OutboundVariables {

    private static final Logger LOG = Logger.getLogger(OutboundVariables.class.getName());

    @Inject
    private MaildockConfig config;

    /**
     * Settings read less than this long ago are used again: every delivery asks for them, and
     * reading them is some 25 JNDI look-ups. A changed variable takes effect within a second.
     */
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile Read last;

    private record Read(OutboundSettings settings, long atNanos) {
    }

    /**
     * The current settings, at most a second old. An unusable value is not remembered: each call
     * reads again and throws again until it is corrected.
     *
     * @throws IllegalArgumentException naming the variable that has an unusable value
     */
    public OutboundSettings current() {
        long now = System.nanoTime();
        Read read = last;
        if (read != null && now - read.atNanos() < FRESH_NANOS) {
            return read.settings();
        }
        try {
            InitialContext jndi = new InitialContext();
            OutboundSettings settings = OutboundSettings.read(config.hostname(), variable -> lookup(jndi, variable));
            last = new Read(settings, now);
            return settings;
        } catch (NamingException e) {
            throw new IllegalStateException("the outbound configuration entries cannot be read", e);
        }
    }

    /** {@link #current()}, or null (logged) while a variable has an unusable value. */
    public OutboundSettings currentOrNull() {
        try {
            return current();
        } catch (RuntimeException e) {
            LOG.severe(() -> "MAILDOCK0820E: The outbound configuration is not usable: " + e.getMessage()
                    + ". Outbound mail waits in the queue until it is corrected.");
            return null;
        }
    }

    /** This server's name among several sharing one database: marks its queue claims. */
    public String node() {
        return config.node();
    }

    /**
     * maildock.queue.retry.initial → JNDI maildock/queue.retry.initial: only the first dot becomes a
     * slash, since maildock/smarthost cannot be both an entry and the context of maildock/smarthost/user.
     * A missing entry is "" ({@link ServerVariables}).
     */
    private static String lookup(InitialContext jndi, String variable) {
        try {
            return ServerVariables.read(jndi, variable.replaceFirst("\\.", "/"));
        } catch (NamingException e) {
            return "";
        }
    }
}
