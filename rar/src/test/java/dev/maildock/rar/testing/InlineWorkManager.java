package dev.maildock.rar.testing;

import jakarta.resource.spi.work.Work;

/** Runs work at once on the caller's thread: a platform that answers immediately. */
public final class InlineWorkManager extends TestWorkManager {

    @Override
    protected void submit(Work work) {
        work.run();
    }
}
