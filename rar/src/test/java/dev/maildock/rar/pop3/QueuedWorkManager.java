package dev.maildock.rar.pop3;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

import java.util.ArrayDeque;
import java.util.Queue;

/** Holds every work until the test runs it: a platform that answers late, at a moment of the test's choosing. */
final class QueuedWorkManager implements WorkManager {

    private final Queue<Work> queued = new ArrayDeque<>();

    /** Runs everything queued, including work queued meanwhile. */
    int runAll() {
        int ran = 0;
        for (Work work; (work = queued.poll()) != null; ran++) {
            work.run();
        }
        return ran;
    }

    @Override
    public void doWork(Work work) {
        queued.add(work);
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        queued.add(work);
    }

    @Override
    public long startWork(Work work) {
        queued.add(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        queued.add(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        queued.add(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        queued.add(work);
    }
}
