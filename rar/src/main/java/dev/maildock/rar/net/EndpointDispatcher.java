package dev.maildock.rar.net;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs one listener call on a WorkManager thread: a fresh endpoint for the call, released in
 * {@code finally}. Socket event loops hand their blocking work here and get a future back, so a
 * slow database never stalls other connections on the same loop.
 *
 * @param <L> the listener interface the MDB implements
 */
public final class EndpointDispatcher<L> {

    private final MessageEndpointFactory factory;
    private final WorkManager workManager;
    private final Class<L> listenerType;

    public EndpointDispatcher(MessageEndpointFactory factory, WorkManager workManager, Class<L> listenerType) {
        this.factory = factory;
        this.workManager = workManager;
        this.listenerType = listenerType;
    }

    /** Calls {@code step} on an endpoint; the future fails if no endpoint or no thread can be had. */
    public <R> CompletableFuture<R> call(Function<L, R> step) {
        CompletableFuture<R> result = new CompletableFuture<>();
        try {
            workManager.scheduleWork(new ListenerCall<>(step, result));
        } catch (WorkException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private final class ListenerCall<R> implements Work {
        private final Function<L, R> step;
        private final CompletableFuture<R> result;

        ListenerCall(Function<L, R> step, CompletableFuture<R> result) {
            this.step = step;
            this.result = result;
        }

        @Override
        public void run() {
            MessageEndpoint endpoint;
            try {
                endpoint = factory.createEndpoint(null);
            } catch (UnavailableException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            try {
                result.complete(step.apply(listenerType.cast(endpoint)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                endpoint.release();
            }
        }

        @Override
        public void release() {
            // Nothing to interrupt: listener calls are short transactions.
        }
    }
}
