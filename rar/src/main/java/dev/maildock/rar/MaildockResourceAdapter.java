package dev.maildock.rar;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.imap.ImapActivationSpec;
import dev.maildock.rar.imap.ImapChannelInitializer;
import dev.maildock.rar.imap.ImapSettings;
import dev.maildock.rar.imap.MailboxWatcher;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.ListenerSpec;
import dev.maildock.rar.net.NettyListeners;
import dev.maildock.rar.net.PlaintextAuth;
import dev.maildock.rar.pop3.Pop3ActivationSpec;
import dev.maildock.rar.pop3.Pop3ChannelInitializer;
import dev.maildock.rar.pop3.Pop3Settings;
import dev.maildock.rar.smtp.SmtpActivationSpec;
import dev.maildock.rar.smtp.AuthThrottle;
import dev.maildock.rar.smtp.ListenerMode;
import dev.maildock.rar.smtp.SmtpChannelInitializer;
import dev.maildock.rar.smtp.SmtpSettings;
import dev.maildock.rar.smtp.TlsContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Maildock resource adapter: owns the mail listening sockets. Each protocol's listeners open
 * when an MDB implementing its listener interface is activated and close when it is deactivated
 * (Liberty deactivates endpoints at the start of quiesce, long before {@link #stop()}).
 */
public class MaildockResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(MaildockResourceAdapter.class.getName());
    private static final int MAX_PORT = 65_535;
    /** How often the IMAP watcher asks which selected mailboxes changed (docs/imap.md, "Watching for changes"). */
    private static final Duration IMAP_WATCH_INTERVAL = Duration.ofMillis(500);

    private String bindAddress = "0.0.0.0";
    // Ports are text, parsed in listener(): typed Integer in ra.xml, Liberty's metatype would turn
    // a value like "abc" silently into the default port, and a bind error would then name that.
    private String smtpPort = "25";
    private String submissionPort = "587";
    private String smtpsPort = "465";
    private Integer smtpMaxCommandLine = SmtpSettings.DEFAULT_MAX_COMMAND_LINE;
    private Integer smtpMaxTextLine = SmtpSettings.DEFAULT_MAX_TEXT_LINE;
    private Integer smtpMaxRecipients = SmtpSettings.DEFAULT_MAX_RECIPIENTS;
    private Long smtpMaxMessageSize = SmtpSettings.DEFAULT_MAX_MESSAGE_SIZE;
    private Integer smtpMaxErrors = SmtpSettings.DEFAULT_MAX_ERRORS;
    private Integer smtpIdleTimeoutSeconds = (int) SmtpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds();
    private Integer pop3IdleTimeoutSeconds = (int) Pop3Settings.DEFAULT_IDLE_TIMEOUT.toSeconds();
    private Long smtpMinDataRate = SmtpSettings.DEFAULT_MIN_DATA_RATE;
    private Integer smtpMaxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    private Integer smtpMaxConnectionsPerClient = ConnectionLimits.DEFAULT_MAX_PER_CLIENT;
    private String spoolDirectory = "";
    private String keyStore = "";
    private String keyStorePassword = "";
    private String pop3Port = "110";
    private String pop3sPort = "995";
    private Integer pop3MaxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    private Integer pop3MaxConnectionsPerClient = ConnectionLimits.DEFAULT_MAX_PER_CLIENT;
    private String plaintextAuth = PlaintextAuth.LOCAL.name();
    private String imapPort = "143";
    private String imapsPort = "993";
    private Integer imapIdleTimeoutSeconds = (int) ImapSettings.DEFAULT_IDLE_TIMEOUT.toSeconds();
    private Integer imapMaxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    private Integer imapMaxConnectionsPerClient = ConnectionLimits.DEFAULT_MAX_PER_CLIENT;

    private transient WorkManager workManager;
    private transient SslContext sharedTls;
    private transient boolean tlsLoaded;
    private transient NettyListeners listeners;
    /** Set by {@link #stop()}; guarded by this. */
    private transient boolean stopped;
    private final transient Map<MessageEndpointFactory, List<Channel>> active = new ConcurrentHashMap<>();
    /** The IMAP endpoint's watcher of selected mailboxes and its loop, one for all IMAP sessions; guarded by this. */
    private transient MessageEndpointFactory imapFactory;
    private transient EventLoop imapWatchLoop;
    private transient MailboxWatcher imapWatcher;

    @Override
    public synchronized void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        this.listeners = new NettyListeners(bindAddress);
        this.stopped = false;
        prepareTls();
    }

    /**
     * Builds the TLS context on a work thread while Liberty goes on starting the application: the
     * endpoints are activated only once the application has started, and reading the keystore and
     * building the context took about 0.35 s of that activation, in which no port was open yet. A
     * keystore not there yet (Liberty writes its generated one during start-up) is left to the
     * activation, as before.
     */
    private void prepareTls() {
        if (keyStore == null || keyStore.isBlank() || !Files.isReadable(Path.of(keyStore))) {
            return;
        }
        try {
            workManager.scheduleWork(new Work() {
                @Override
                public void run() {
                    tlsContext();
                }

                @Override
                public void release() {
                    // Nothing to interrupt: the activation waits for the context or builds it itself.
                }
            });
        } catch (WorkException | RuntimeException e) {
            LOG.log(Level.FINE, "TLS context left to the endpoint activation", e);
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (listeners != null) {
            active.values().forEach(listeners::close);
            listeners.shutdown();
        }
        active.clear();
        closeImapWatcher();
        sharedTls = null;
        tlsLoaded = false;
    }

    @Override
    public synchronized void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        if (stopped || listeners == null) {
            // When a configuration change both updates an activation specification and restarts the
            // application, Liberty runs the two on different threads, and the re-activation can reach
            // this (old, stopped) adapter after stop(). Binding here would leave ports held by an
            // adapter nobody will ever stop, answering with endpoints that no longer exist; the
            // restarted adapter activates its own endpoints.
            LOG.info(() -> "MAILDOCK0008I: An endpoint activation reached the resource adapter after it stopped;"
                    + " ignored, the restarted adapter opens the listeners.");
            return;
        }
        // An endpoint activated again without a deactivation in between: its old listeners would
        // hold the ports the new ones need.
        List<Channel> previous = active.remove(factory);
        if (previous != null) {
            listeners.close(previous);
        }
        if (spec instanceof Pop3ActivationSpec) {
            activatePop3(factory);
            return;
        }
        if (spec instanceof ImapActivationSpec) {
            activateImap(factory);
            return;
        }
        if (!(spec instanceof SmtpActivationSpec)) {
            throw new NotSupportedException("Unknown activation spec " + spec.getClass().getName());
        }
        EndpointDispatcher<SmtpListener> dispatcher =
                new EndpointDispatcher<>(factory, workManager, SmtpListener.class);
        SmtpSettings settings = smtpSettings();
        SslContext tls = tlsContext();
        Clock clock = Clock.systemDefaultZone();
        ConnectionLimits limits = new ConnectionLimits(smtpMaxConnections, smtpMaxConnectionsPerClient);
        AuthThrottle throttle = new AuthThrottle(AuthThrottle.DEFAULT_MAX_FAILURES, AuthThrottle.DEFAULT_LOCKOUT);
        List<ListenerSpec> smtp = new ArrayList<>();
        addListener(smtp, "smtp", "smtp.port", smtpPort,
                () -> new SmtpChannelInitializer(ListenerMode.MX, settings, tls, dispatcher, clock, limits, throttle));
        if (tls != null) {
            addListener(smtp, "submission", "submission.port", submissionPort,
                    () -> new SmtpChannelInitializer(ListenerMode.SUBMISSION, settings, tls, dispatcher, clock, limits, throttle));
            addListener(smtp, "smtps", "smtps.port", smtpsPort,
                    () -> new SmtpChannelInitializer(ListenerMode.SMTPS, settings, tls, dispatcher, clock, limits, throttle));
        } else {
            // Submission needs AUTH, and AUTH needs TLS: without a certificate these ports could
            // only ever answer 530, so they stay closed.
            LOG.warning("MAILDOCK0005W: No usable keyStore is configured for the resource adapter: STARTTLS is not offered"
                    + " and the submission (submission.port) and smtps (smtps.port) listeners are disabled.");
        }
        active.put(factory, listeners.open(smtp));
    }

    private void activatePop3(MessageEndpointFactory factory) {
        EndpointDispatcher<Pop3Listener> dispatcher = new EndpointDispatcher<>(factory, workManager, Pop3Listener.class);
        SslContext tls = tlsContext();
        ConnectionLimits limits = new ConnectionLimits(pop3MaxConnections, pop3MaxConnectionsPerClient);
        List<ListenerSpec> pop3 = new ArrayList<>();
        addListener(pop3, "pop3", "pop3.port", pop3Port, () -> new Pop3ChannelInitializer("pop3", dispatcher,
                pop3Settings(Pop3Settings.TlsMode.STLS), tls, limits));
        if (tls != null) {
            addListener(pop3, "pop3s", "pop3s.port", pop3sPort, () -> new Pop3ChannelInitializer("pop3s", dispatcher,
                    pop3Settings(Pop3Settings.TlsMode.IMPLICIT), tls, limits));
        } else {
            LOG.warning("MAILDOCK0007W: No usable keyStore is configured for the resource adapter: STLS is not offered"
                    + " and the pop3s (pop3s.port) listener is disabled.");
        }
        active.put(factory, listeners.open(pop3));
    }

    private void activateImap(MessageEndpointFactory factory) {
        EndpointDispatcher<ImapListener> dispatcher = new EndpointDispatcher<>(factory, workManager, ImapListener.class);
        SslContext tls = tlsContext();
        ConnectionLimits limits = new ConnectionLimits(imapMaxConnections, imapMaxConnectionsPerClient);
        closeImapWatcher();
        // Its own loop: one timer and one question per tick for every IMAP session of this server.
        imapFactory = factory;
        imapWatchLoop = new DefaultEventLoop(new DefaultThreadFactory("maildock-imap-watch", true));
        MailboxWatcher watcher = new MailboxWatcher(imapWatchLoop, IMAP_WATCH_INTERVAL,
                (ids, modSeqs) -> dispatcher.call(listener -> listener.changedMailboxes(ids, modSeqs)));
        imapWatcher = watcher;
        List<ListenerSpec> imap = new ArrayList<>();
        addListener(imap, "imap", "imap.port", imapPort, () -> new ImapChannelInitializer("imap", dispatcher,
                imapSettings(ImapSettings.TlsMode.STARTTLS), tls, limits, watcher));
        if (tls != null) {
            addListener(imap, "imaps", "imaps.port", imapsPort, () -> new ImapChannelInitializer("imaps", dispatcher,
                    imapSettings(ImapSettings.TlsMode.IMPLICIT), tls, limits, watcher));
        } else {
            LOG.warning("MAILDOCK0404W: No usable keyStore is configured for the resource adapter: STARTTLS is not"
                    + " offered and the imaps (imaps.port) listener is disabled.");
        }
        active.put(factory, listeners.open(imap));
    }

    private ImapSettings imapSettings(ImapSettings.TlsMode mode) {
        ImapSettings defaults = ImapSettings.defaults(mode);
        return new ImapSettings(mode, defaults.maxLine(), defaults.maxLiteral(), defaults.appendLimit(),
                Duration.ofSeconds(imapIdleTimeoutSeconds), defaults.maxFailedLogins(), defaults.failedLoginDelay(),
                PlaintextAuth.of(plaintextAuth),
                spoolDirectory == null || spoolDirectory.isBlank() ? null : Path.of(spoolDirectory));
    }

    private void closeImapWatcher() {
        if (imapWatcher != null) {
            imapWatcher.close();
            imapWatchLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            imapWatcher = null;
            imapWatchLoop = null;
            imapFactory = null;
        }
    }

    /**
     * Adds the listener unless its port setting is not a port number: that one stays closed, with
     * an error naming the server variable, and the others open as configured.
     */
    private static void addListener(List<ListenerSpec> specs, String service, String variable, String port,
            Supplier<ChannelInitializer<? extends Channel>> initializer) {
        int number;
        try {
            number = Integer.parseInt(port == null ? "" : port.strip());
        } catch (NumberFormatException e) {
            number = Integer.MAX_VALUE;
        }
        if (number > MAX_PORT) {
            LOG.severe(() -> "MAILDOCK0009E: The server variable " + variable + " has the value \"" + port
                    + "\", which is not a port number (1-" + MAX_PORT + ", or -1 to disable the listener); the "
                    + service + " listener is not started.");
            return;
        }
        specs.add(new ListenerSpec(service, variable, number, initializer.get()));
    }

    private Pop3Settings pop3Settings(Pop3Settings.TlsMode mode) {
        return Pop3Settings.defaults(mode).withIdleTimeout(Duration.ofSeconds(pop3IdleTimeoutSeconds))
                .withPlaintextAuth(PlaintextAuth.of(plaintextAuth));
    }

    private SmtpSettings smtpSettings() {
        return new SmtpSettings(smtpMaxCommandLine, smtpMaxTextLine, smtpMaxRecipients, smtpMaxMessageSize,
                smtpMaxErrors, Duration.ofSeconds(smtpIdleTimeoutSeconds), SmtpSettings.DEFAULT_SPOOL_THRESHOLD,
                spoolDirectory == null || spoolDirectory.isBlank() ? null : Path.of(spoolDirectory),
                SmtpSettings.DEFAULT_MAX_AUTH_FAILURES, SmtpSettings.DEFAULT_AUTH_FAILURE_DELAY, smtpMinDataRate);
    }

    /**
     * The server certificate, or null when none is configured or it cannot be loaded. A broken
     * keystore is logged and costs only the TLS listeners: port 25 keeps receiving mail.
     */
    private synchronized SslContext tlsContext() {
        if (stopped) {
            return null;
        }
        // One context for every TLS listener: loading the keystore and building a JDK SSL context
        // costs hundreds of milliseconds of start-up, and all listeners present the same certificate.
        if (!tlsLoaded) {
            sharedTls = loadTlsContext();
            tlsLoaded = true;
        }
        return sharedTls;
    }

    private SslContext loadTlsContext() {
        if (keyStore == null || keyStore.isBlank()) {
            return null;
        }
        try {
            return TlsContexts.serverContext(Path.of(keyStore),
                    keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.severe(() -> "MAILDOCK0006E: The keyStore " + keyStore + " could not be loaded (" + e
                    + "). Check the keyStore and keyStorePassword properties of the resource adapter.");
            return null;
        }
    }

    @Override
    public synchronized void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        List<Channel> channels = active.remove(factory);
        if (channels != null) {
            listeners.close(channels);
        }
        if (factory == imapFactory) {
            closeImapWatcher();
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(String smtpPort) {
        this.smtpPort = smtpPort;
    }

    public Integer getSmtpMaxCommandLine() {
        return smtpMaxCommandLine;
    }

    public void setSmtpMaxCommandLine(Integer smtpMaxCommandLine) {
        this.smtpMaxCommandLine = smtpMaxCommandLine;
    }

    public String getSubmissionPort() {
        return submissionPort;
    }

    public void setSubmissionPort(String submissionPort) {
        this.submissionPort = submissionPort;
    }

    public String getSmtpsPort() {
        return smtpsPort;
    }

    public void setSmtpsPort(String smtpsPort) {
        this.smtpsPort = smtpsPort;
    }

    public Integer getSmtpMaxTextLine() {
        return smtpMaxTextLine;
    }

    public void setSmtpMaxTextLine(Integer smtpMaxTextLine) {
        this.smtpMaxTextLine = smtpMaxTextLine;
    }

    public Integer getSmtpMaxRecipients() {
        return smtpMaxRecipients;
    }

    public void setSmtpMaxRecipients(Integer smtpMaxRecipients) {
        this.smtpMaxRecipients = smtpMaxRecipients;
    }

    public Long getSmtpMaxMessageSize() {
        return smtpMaxMessageSize;
    }

    public void setSmtpMaxMessageSize(Long smtpMaxMessageSize) {
        this.smtpMaxMessageSize = smtpMaxMessageSize;
    }

    public Integer getSmtpMaxErrors() {
        return smtpMaxErrors;
    }

    public void setSmtpMaxErrors(Integer smtpMaxErrors) {
        this.smtpMaxErrors = smtpMaxErrors;
    }

    public Integer getSmtpIdleTimeoutSeconds() {
        return smtpIdleTimeoutSeconds;
    }

    public void setSmtpIdleTimeoutSeconds(Integer smtpIdleTimeoutSeconds) {
        this.smtpIdleTimeoutSeconds = smtpIdleTimeoutSeconds;
    }

    public Long getSmtpMinDataRate() {
        return smtpMinDataRate;
    }

    public void setSmtpMinDataRate(Long smtpMinDataRate) {
        this.smtpMinDataRate = smtpMinDataRate;
    }

    public Integer getPop3IdleTimeoutSeconds() {
        return pop3IdleTimeoutSeconds;
    }

    public void setPop3IdleTimeoutSeconds(Integer pop3IdleTimeoutSeconds) {
        this.pop3IdleTimeoutSeconds = pop3IdleTimeoutSeconds;
    }

    public String getPlaintextAuth() {
        return plaintextAuth;
    }

    /** maildock.auth.plaintext: {@code tls}, {@code local} or {@code any}; another value is refused here. */
    public void setPlaintextAuth(String plaintextAuth) {
        this.plaintextAuth = PlaintextAuth.of(plaintextAuth).name();
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public String getKeyStore() {
        return keyStore;
    }

    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public Integer getSmtpMaxConnections() {
        return smtpMaxConnections;
    }

    public void setSmtpMaxConnections(Integer smtpMaxConnections) {
        this.smtpMaxConnections = smtpMaxConnections;
    }

    public Integer getSmtpMaxConnectionsPerClient() {
        return smtpMaxConnectionsPerClient;
    }

    public void setSmtpMaxConnectionsPerClient(Integer smtpMaxConnectionsPerClient) {
        this.smtpMaxConnectionsPerClient = smtpMaxConnectionsPerClient;
    }

    public String getPop3Port() {
        return pop3Port;
    }

    public void setPop3Port(String pop3Port) {
        this.pop3Port = pop3Port;
    }

    public String getPop3sPort() {
        return pop3sPort;
    }

    public void setPop3sPort(String pop3sPort) {
        this.pop3sPort = pop3sPort;
    }

    public Integer getPop3MaxConnections() {
        return pop3MaxConnections;
    }

    public void setPop3MaxConnections(Integer pop3MaxConnections) {
        this.pop3MaxConnections = pop3MaxConnections;
    }

    public Integer getPop3MaxConnectionsPerClient() {
        return pop3MaxConnectionsPerClient;
    }

    public void setPop3MaxConnectionsPerClient(Integer pop3MaxConnectionsPerClient) {
        this.pop3MaxConnectionsPerClient = pop3MaxConnectionsPerClient;
    }

    public Integer getImapMaxConnections() {
        return imapMaxConnections;
    }

    public void setImapMaxConnections(Integer imapMaxConnections) {
        this.imapMaxConnections = imapMaxConnections;
    }

    public Integer getImapMaxConnectionsPerClient() {
        return imapMaxConnectionsPerClient;
    }

    public void setImapMaxConnectionsPerClient(Integer imapMaxConnectionsPerClient) {
        this.imapMaxConnectionsPerClient = imapMaxConnectionsPerClient;
    }

    public String getImapPort() {
        return imapPort;
    }

    public void setImapPort(String imapPort) {
        this.imapPort = imapPort;
    }

    public String getImapsPort() {
        return imapsPort;
    }

    public void setImapsPort(String imapsPort) {
        this.imapsPort = imapsPort;
    }

    public Integer getImapIdleTimeoutSeconds() {
        return imapIdleTimeoutSeconds;
    }

    public void setImapIdleTimeoutSeconds(Integer imapIdleTimeoutSeconds) {
        this.imapIdleTimeoutSeconds = imapIdleTimeoutSeconds;
    }

    // JCA 2.1 section 5.3.1: a resource adapter JavaBean must define equals and hashCode on its
    // configuration, since the container may compare instances.
    @Override
    public boolean equals(Object o) {
        return o instanceof MaildockResourceAdapter other
                && Objects.equals(bindAddress, other.bindAddress)
                && Objects.equals(smtpPort, other.smtpPort)
                && Objects.equals(submissionPort, other.submissionPort)
                && Objects.equals(smtpsPort, other.smtpsPort)
                && Objects.equals(smtpMaxCommandLine, other.smtpMaxCommandLine)
                && Objects.equals(smtpMaxTextLine, other.smtpMaxTextLine)
                && Objects.equals(smtpMaxRecipients, other.smtpMaxRecipients)
                && Objects.equals(smtpMaxMessageSize, other.smtpMaxMessageSize)
                && Objects.equals(smtpMaxErrors, other.smtpMaxErrors)
                && Objects.equals(smtpIdleTimeoutSeconds, other.smtpIdleTimeoutSeconds)
                && Objects.equals(pop3IdleTimeoutSeconds, other.pop3IdleTimeoutSeconds)
                && Objects.equals(smtpMinDataRate, other.smtpMinDataRate)
                && Objects.equals(smtpMaxConnections, other.smtpMaxConnections)
                && Objects.equals(smtpMaxConnectionsPerClient, other.smtpMaxConnectionsPerClient)
                && Objects.equals(spoolDirectory, other.spoolDirectory)
                && Objects.equals(keyStore, other.keyStore)
                && Objects.equals(keyStorePassword, other.keyStorePassword)
                && Objects.equals(pop3Port, other.pop3Port)
                && Objects.equals(pop3sPort, other.pop3sPort)
                && Objects.equals(pop3MaxConnections, other.pop3MaxConnections)
                && Objects.equals(pop3MaxConnectionsPerClient, other.pop3MaxConnectionsPerClient)
                && Objects.equals(plaintextAuth, other.plaintextAuth)
                && Objects.equals(imapPort, other.imapPort)
                && Objects.equals(imapsPort, other.imapsPort)
                && Objects.equals(imapIdleTimeoutSeconds, other.imapIdleTimeoutSeconds)
                && Objects.equals(imapMaxConnections, other.imapMaxConnections)
                && Objects.equals(imapMaxConnectionsPerClient, other.imapMaxConnectionsPerClient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, smtpPort, submissionPort, smtpsPort, smtpMaxCommandLine, smtpMaxTextLine,
                smtpMaxRecipients, smtpMaxMessageSize, smtpMaxErrors, smtpIdleTimeoutSeconds, pop3IdleTimeoutSeconds, smtpMinDataRate, smtpMaxConnections, smtpMaxConnectionsPerClient, spoolDirectory, keyStore,
                keyStorePassword, pop3Port, pop3sPort, pop3MaxConnections, pop3MaxConnectionsPerClient, plaintextAuth,
                imapPort, imapsPort, imapIdleTimeoutSeconds, imapMaxConnections, imapMaxConnectionsPerClient);
    }
}
