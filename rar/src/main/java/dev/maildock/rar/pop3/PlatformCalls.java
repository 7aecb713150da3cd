package dev.maildock.rar.pop3;

import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.util.concurrent.EventExecutor;

import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session's way to the platform: every question runs on a WorkManager thread (it may block on
 * the database), every answer is handled back on the connection's event loop, so the session's
 * state is only ever touched by one thread and the loop never waits.
 */
final class PlatformCalls {

    private static final Logger LOG = Logger.getLogger(PlatformCalls.class.getName());

    private final EndpointDispatcher<Pop3Listener> dispatcher;
    private final EventExecutor loop;

    PlatformCalls(EndpointDispatcher<Pop3Listener> dispatcher, EventExecutor loop) {
        this.dispatcher = dispatcher;
        this.loop = loop;
    }

    /** Asks {@code question}; {@code then} gets the answer or the failure, on the event loop. */
    <R> void call(Function<Pop3Listener, R> question, BiConsumer<R, Throwable> then) {
        dispatcher.call(question).whenComplete((answer, failure) -> loop.execute(() -> then.accept(answer, failure)));
    }

    /** Gives a maildrop lock back without deleting anything; nobody waits for the answer. */
    /** Frees the maildrop's lock; the stage completes (never exceptionally) once that was tried. */
    java.util.concurrent.CompletionStage<Void> release(String handle) {
        return dispatcher.call(listener -> {
            listener.release(handle);
            return null;
        }).handle((ignored, failure) -> {
            if (failure != null) {
                // The lease runs out on its own; the maildrop stays locked until then.
                LOG.log(Level.WARNING, "MAILDOCK0206W: A POP3 maildrop lock could not be released.", failure);
            }
            return null;
        });
    }
}
