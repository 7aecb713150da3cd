package dev.maildock.rar.testing;

import jakarta.resource.spi.work.Work;

import java.util.ArrayDeque;
import java.util.Queue;

/** Holds every work until the test runs it: a platform that answers late, at a moment of the test's choosing. */
public final class QueuedWorkManager extends TestWorkManager {

    private final Queue<Work> queued = new ArrayDeque<>();

    @Override
    protected void submit(Work work) {
        queued.add(work);
    }

    /** Runs everything queued, including work queued meanwhile; returns how many ran. */
    public int runAll() {
        int ran = 0;
        for (Work work; (work = queued.poll()) != null; ran++) {
            work.run();
        }
        return ran;
    }
}
