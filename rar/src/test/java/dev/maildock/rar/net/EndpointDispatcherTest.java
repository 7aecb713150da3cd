package dev.maildock.rar.net;

import dev.maildock.rar.testing.ExecutorWorkManager;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JCA contract of one listener call: a fresh endpoint per call, released in every case, run on
 * a WorkManager thread rather than the caller's (which is a socket event loop in production).
 */
class EndpointDispatcherTest {

    interface Greeter {
        String greet(String name);
    }

    /** A listener endpoint as a container would hand it out: counts creations and releases. */
    static final class Endpoints implements MessageEndpointFactory {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final Function<String, String> behaviour;
        volatile boolean unavailable;

        Endpoints(Function<String, String> behaviour) {
            this.behaviour = behaviour;
        }

        final class Endpoint implements Greeter, MessageEndpoint {
            @Override
            public String greet(String name) {
                return behaviour.apply(name);
            }

            @Override
            public void beforeDelivery(Method method) {
            }

            @Override
            public void afterDelivery() {
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
            if (unavailable) {
                throw new UnavailableException("application stopping");
            }
            created.incrementAndGet();
            return new Endpoint();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
            return createEndpoint(xaResource);
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
            return Endpoint.class;
        }
    }

    @Test
    void eachCallGetsItsOwnEndpointOnAWorkThreadAndReleasesIt() throws Exception {
        Endpoints endpoints = new Endpoints(name -> "hello " + name + " from " + Thread.currentThread().getName());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorWorkManager wm = new ExecutorWorkManager(pool);
        EndpointDispatcher<Greeter> dispatcher = new EndpointDispatcher<>(endpoints, wm, Greeter.class);

        String first = dispatcher.call(g -> g.greet("a")).get(5, TimeUnit.SECONDS);
        String second = dispatcher.call(g -> g.greet("b")).get(5, TimeUnit.SECONDS);

        assertNotEquals(Thread.currentThread().getName(), first.substring(first.indexOf(" from ") + 6));
        assertEquals("hello b", second.substring(0, 7));
        assertEquals(2, endpoints.created.get());
        awaitReleases(endpoints, 2);
        pool.shutdownNow();
    }

    @Test
    void aFailingListenerFailsTheFutureAndStillReleasesTheEndpoint() throws Exception {
        Endpoints endpoints = new Endpoints(name -> {
            throw new IllegalStateException("database down");
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorWorkManager wm = new ExecutorWorkManager(pool);
        EndpointDispatcher<Greeter> dispatcher = new EndpointDispatcher<>(endpoints, wm, Greeter.class);

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> dispatcher.call(g -> g.greet("x")).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        awaitReleases(endpoints, 1);
        pool.shutdownNow();
    }

    @Test
    void noEndpointOrNoThreadFailsTheFutureInsteadOfThrowingIntoTheEventLoop() {
        Endpoints endpoints = new Endpoints(name -> name);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorWorkManager wm = new ExecutorWorkManager(pool);
        EndpointDispatcher<Greeter> dispatcher = new EndpointDispatcher<>(endpoints, wm, Greeter.class);

        endpoints.unavailable = true;
        ExecutionException unavailable = assertThrows(ExecutionException.class,
                () -> dispatcher.call(g -> g.greet("x")).get(5, TimeUnit.SECONDS));
        assertInstanceOf(UnavailableException.class, unavailable.getCause());

        wm.refuseNewWork();
        ExecutionException rejected = assertThrows(ExecutionException.class,
                () -> dispatcher.call(g -> g.greet("x")).get(5, TimeUnit.SECONDS));
        assertInstanceOf(WorkRejectedException.class, rejected.getCause());
        assertEquals(0, endpoints.released.get(), "nothing was created, so nothing is released");
        pool.shutdownNow();
    }

    private static void awaitReleases(Endpoints endpoints, int expected) throws InterruptedException {
        // release() runs in the work's finally block, just after the future completes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (endpoints.released.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, endpoints.released.get());
    }
}
