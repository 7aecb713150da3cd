package dev.maildock.ejb.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitBatcherTest {

    /** The batches "committed together" and the items "committed alone", as the batcher called them. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Integer> alone = new CopyOnWriteArrayList<>();

    private CommitBatcher<Integer, String> batcher(int maxBatch, CountDownLatch firstCommitMayEnd, Integer bad) {
        return new CommitBatcher<>(maxBatch, "numbers", items -> {
            batches.add(items);
            if (items.contains(bad)) {
                throw new IllegalArgumentException("one bad item fails its batch");
            }
            return items.stream().map(i -> "#" + i).toList();
        }, item -> {
            alone.add(item);
            if (alone.size() == 1) {
                await(firstCommitMayEnd);
            }
            if (item.equals(bad)) {
                throw new IllegalArgumentException("bad " + item);
            }
            return "#" + item;
        });
    }

    @Test
    void callersThatArriveDuringACommitShareTheNextOneInBatchesOfAtMostTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CommitBatcher<Integer, String> batcher = batcher(4, release, null);
        ExecutorService threads = Executors.newFixedThreadPool(11);
        try {
            List<Future<String>> results = queueBehindACommit(batcher, threads, 10, release);
            for (int i = 0; i <= 10; i++) {
                assertEquals("#" + i, results.get(i).get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(0), alone, "a caller alone commits alone");
        assertEquals(List.of(4, 4, 2), batches.stream().map(List::size).toList());
        List<Integer> committed = new ArrayList<>();
        batches.forEach(committed::addAll);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), committed.stream().sorted().toList());
    }

    @Test
    void aFailedBatchIsCommittedOneByOneAndOnlyTheBadItemFails() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CommitBatcher<Integer, String> batcher = batcher(64, release, 3);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = queueBehindACommit(batcher, threads, 5, release);
            for (int i = 0; i <= 5; i++) {
                Future<String> f = results.get(i);
                if (i == 3) {
                    Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
                    // The caller gets what its own commit threw, not a wrapper of the batcher's.
                    assertInstanceOf(IllegalArgumentException.class, e.getCause());
                    assertEquals("bad 3", e.getCause().getMessage());
                } else {
                    assertEquals("#" + i, f.get(10, TimeUnit.SECONDS));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, batches.size());
        assertEquals(5, batches.get(0).size());
        assertEquals(List.of(1, 2, 3, 4, 5), alone.subList(1, alone.size()).stream().sorted().toList());
    }

    @Test
    void aTransientFailureAloneIsRetriedAndTheCallerSeesItsOwnException() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException permanent = new IllegalStateException("constraint violated");
        CommitBatcher<Integer, String> batcher = new CommitBatcher<>(64, "numbers", items -> {
            throw new AssertionError("one caller never makes a batch");
        }, item -> {
            if (item == 2) {
                throw permanent;
            }
            if (calls.incrementAndGet() < 3) {
                throw new RuntimeException(new SQLTransactionRollbackException("lock", "40XL1"));
            }
            return "#" + item;
        });
        assertEquals("#1", batcher.commit(1));
        assertEquals(3, calls.get());
        assertSame(permanent, assertThrows(IllegalStateException.class, () -> batcher.commit(2)));
    }

    @Test
    void anErrorInABatchFailsOnlyItsOwnCallerAndLeavesNoCallerWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CommitBatcher<Integer, String> batcher = new CommitBatcher<>(64, "numbers", items -> {
            batches.add(items);
            throw new OutOfMemoryError("simulated");
        }, item -> {
            alone.add(item);
            if (alone.size() == 1) {
                await(release);
            }
            if (item == 2) {
                throw new StackOverflowError("simulated for 2");
            }
            return "#" + item;
        });
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = queueBehindACommit(batcher, threads, 3, release);
            assertEquals("#0", results.get(0).get(10, TimeUnit.SECONDS));
            assertEquals("#1", results.get(1).get(10, TimeUnit.SECONDS));
            Exception e = assertThrows(Exception.class, () -> results.get(2).get(10, TimeUnit.SECONDS));
            assertInstanceOf(StackOverflowError.class, e.getCause());
            assertEquals("#3", results.get(3).get(10, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Item 0 is committed alone and its commit holds until {@code release}; items 1 to
     * {@code behind} are committed meanwhile, on threads of their own. The results by item.
     */
    private List<Future<String>> queueBehindACommit(CommitBatcher<Integer, String> batcher, ExecutorService threads,
                                                    int behind, CountDownLatch release) throws InterruptedException {
        List<Future<String>> results = new ArrayList<>();
        results.add(threads.submit(() -> batcher.commit(0)));
        awaitCondition(() -> alone.size() == 1);
        List<Thread> callers = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= behind; i++) {
            int item = i;
            results.add(threads.submit(() -> {
                callers.add(Thread.currentThread());
                return batcher.commit(item);
            }));
        }
        // Every caller queued its item and waits for the lock the first commit holds.
        awaitCondition(() -> callers.size() == behind && callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        release.countDown();
        return results;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
