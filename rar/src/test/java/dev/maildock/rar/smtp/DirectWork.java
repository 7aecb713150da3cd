package dev.maildock.rar.smtp;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;

/**
 * Runs work on the calling thread, so a test drives the whole pipeline deterministically: the
 * session still hands its continuation back to the (embedded) event loop as in production.
 */
final class DirectWork implements WorkManager {

    @Override
    public void doWork(Work work) {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        work.run();
    }

    @Override
    public long startWork(Work work) {
        work.run();
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        work.run();
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        work.run();
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        work.run();
    }

    /** Hands out the one in-memory platform as every endpoint. */
    static MessageEndpointFactory endpoints(MessageEndpoint endpoint) {
        return new MessageEndpointFactory() {
            @Override
            public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
                return endpoint;
            }

            @Override
            public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
                return endpoint;
            }

            @Override
            public boolean isDeliveryTransacted(Method method) {
                return false;
            }

            @Override
            public String getActivationName() {
                return "test";
            }

            @Override
            public Class<?> getEndpointClass() {
                return endpoint.getClass();
            }
        };
    }
}
