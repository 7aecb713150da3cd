package dev.maildock.rar.testing;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

/**
 * A WorkManager for tests: every way of handing in work (do, start, schedule, with or without
 * context) goes to {@link #submit}, which decides when and on which thread it runs.
 */
public abstract class TestWorkManager implements WorkManager {

    protected abstract void submit(Work work) throws WorkException;

    @Override
    public void doWork(Work work) throws WorkException {
        submit(work);
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        submit(work);
    }

    @Override
    public long startWork(Work work) throws WorkException {
        submit(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        submit(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) throws WorkException {
        submit(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        submit(work);
    }
}
