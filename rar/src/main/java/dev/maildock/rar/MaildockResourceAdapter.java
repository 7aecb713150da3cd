package dev.maildock.rar;

import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.ListenerSpec;
import dev.maildock.rar.net.NettyListeners;
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

/**
 * The Maildock resource adapter: owns the mail listening sockets. Each protocol's listeners open
 * when an MDB implementing its listener interface is activated and close when it is deactivated
 * (Liberty deactivates endpoints at the start of quiesce, long before {@link #stop()}).
 */
public class MaildockResourceAdapter implements ResourceAdapter {

    private String bindAddress = "0.0.0.0";
    private Integer smtpPort = 25;
    private Integer smtpMaxCommandLine = 512;

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
        if (!(spec instanceof SmtpActivationSpec)) {
            throw new NotSupportedException("Unknown activation spec " + spec.getClass().getName());
        }
        EndpointDispatcher<SmtpListener> dispatcher =
                new EndpointDispatcher<>(factory, workManager, SmtpListener.class);
        List<ListenerSpec> smtp = List.of(new ListenerSpec("smtp", "smtp.port", smtpPort,
                new SmtpChannelInitializer("smtp", smtpMaxCommandLine, dispatcher)));
        active.put(factory, listeners.open(smtp));
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

    // JCA 2.1 section 5.3.1: a resource adapter JavaBean must define equals and hashCode on its
    // configuration, since the container may compare instances.
    @Override
    public boolean equals(Object o) {
        return o instanceof MaildockResourceAdapter other
                && Objects.equals(bindAddress, other.bindAddress)
                && Objects.equals(smtpPort, other.smtpPort)
                && Objects.equals(smtpMaxCommandLine, other.smtpMaxCommandLine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, smtpPort, smtpMaxCommandLine);
    }
}
