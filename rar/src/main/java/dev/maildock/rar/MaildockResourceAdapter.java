package dev.maildock.rar;

import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.ListenerSpec;
import dev.maildock.rar.net.NettyListeners;
import dev.maildock.rar.pop3.Pop3ActivationSpec;
import dev.maildock.rar.pop3.Pop3ChannelInitializer;
import dev.maildock.rar.pop3.Pop3Settings;
import dev.maildock.rar.smtp.SmtpActivationSpec;
import dev.maildock.rar.smtp.SmtpChannelInitializer;
import io.netty.channel.Channel;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;

import javax.transaction.xa.XAResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The Maildock resource adapter: owns the mail listening sockets. Each protocol's listeners open
 * when an MDB implementing its listener interface is activated and close when it is deactivated
 * (Liberty deactivates endpoints at the start of quiesce, long before {@link #stop()}).
 */
public class MaildockResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(MaildockResourceAdapter.class.getName());

    private String bindAddress = "0.0.0.0";
    private Integer smtpPort = 25;
    private Integer smtpMaxCommandLine = 512;
    private Integer pop3Port = 110;
    private Integer pop3sPort = 995;

    private transient WorkManager workManager;
    private transient NettyListeners listeners;
    private final transient Map<MessageEndpointFactory, List<Channel>> active = new ConcurrentHashMap<>();

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        this.listeners = new NettyListeners(bindAddress);
    }

    @Override
    public void stop() {
        active.clear();
        if (listeners != null) {
            listeners.shutdown();
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        List<ListenerSpec> specs;
        if (spec instanceof SmtpActivationSpec) {
            specs = smtpListeners(new EndpointDispatcher<>(factory, workManager, SmtpListener.class));
        } else if (spec instanceof Pop3ActivationSpec) {
            specs = pop3Listeners(new EndpointDispatcher<>(factory, workManager, Pop3Listener.class));
        } else {
            throw new NotSupportedException("Unknown activation spec " + spec.getClass().getName());
        }
        active.put(factory, listeners.open(specs));
    }

    private List<ListenerSpec> smtpListeners(EndpointDispatcher<SmtpListener> dispatcher) {
        return List.of(new ListenerSpec("smtp", "smtp.port", smtpPort,
                new SmtpChannelInitializer("smtp", smtpMaxCommandLine, dispatcher)));
    }

    private List<ListenerSpec> pop3Listeners(EndpointDispatcher<Pop3Listener> dispatcher) {
        // TLS (STLS on pop3.port, implicit TLS on pop3s.port) comes with the adapter's keystore
        // configuration; until then STLS is not offered and POP3S is not opened.
        if (pop3sPort > 0) {
            LOG.warning(() -> "MAILDOCK0005W: POP3S (pop3s.port=" + pop3sPort
                    + ") needs TLS, which this adapter does not configure yet; not listening.");
        }
        return List.of(new ListenerSpec("pop3", "pop3.port", pop3Port, new Pop3ChannelInitializer("pop3", dispatcher,
                Pop3Settings.defaults(Pop3Settings.TlsMode.STLS), null)));
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        List<Channel> channels = active.remove(factory);
        if (channels != null) {
            listeners.close(channels);
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

    public Integer getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(Integer smtpPort) {
        this.smtpPort = smtpPort;
    }

    public Integer getSmtpMaxCommandLine() {
        return smtpMaxCommandLine;
    }

    public void setSmtpMaxCommandLine(Integer smtpMaxCommandLine) {
        this.smtpMaxCommandLine = smtpMaxCommandLine;
    }

    public Integer getPop3Port() {
        return pop3Port;
    }

    public void setPop3Port(Integer pop3Port) {
        this.pop3Port = pop3Port;
    }

    public Integer getPop3sPort() {
        return pop3sPort;
    }

    public void setPop3sPort(Integer pop3sPort) {
        this.pop3sPort = pop3sPort;
    }

    // JCA 2.1 section 5.3.1: a resource adapter JavaBean must define equals and hashCode on its
    // configuration, since the container may compare instances.
    @Override
    public boolean equals(Object o) {
        return o instanceof MaildockResourceAdapter other
                && Objects.equals(bindAddress, other.bindAddress)
                && Objects.equals(smtpPort, other.smtpPort)
                && Objects.equals(smtpMaxCommandLine, other.smtpMaxCommandLine)
                && Objects.equals(pop3Port, other.pop3Port)
                && Objects.equals(pop3sPort, other.pop3sPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, smtpPort, smtpMaxCommandLine, pop3Port, pop3sPort);
    }
}
