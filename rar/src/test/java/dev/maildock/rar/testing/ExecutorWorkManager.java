package dev.maildock.rar.testing;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkRejectedException;

import java.util.concurrent.ExecutorService;

/**
 * Runs work on a thread pool, as the application server runs listener calls off the event loop;
 * can be told to refuse work, as a server out of threads does.
 */
public final class ExecutorWorkManager extends TestWorkManager {

    private final ExecutorService executor;
    private volatile boolean refusing;

    public ExecutorWorkManager(ExecutorService executor) {
        this.executor = executor;
    }

    public void refuseNewWork() {
        refusing = true;
    }

    @Override
    protected void submit(Work work) throws WorkRejectedException {
        if (refusing) {
            throw new WorkRejectedException("no threads");
        }
        executor.execute(work);
    }
}
