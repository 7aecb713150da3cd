package dev.maildock.rar.pop3;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.ExecutorService;

/** A WorkManager on a thread pool, as the application server's runs listener calls off the event loop. */
final class ExecutorWorkManager implements WorkManager {

    private final ExecutorService executor;

    ExecutorWorkManager(ExecutorService executor) {
        this.executor = executor;
    }

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
        executor.execute(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        executor.execute(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        executor.execute(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        executor.execute(work);
    }
}
