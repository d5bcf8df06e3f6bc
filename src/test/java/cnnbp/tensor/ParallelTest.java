package cnnbp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {
    private static final int THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.threads(THREADS);
    }

    /** Every index runs once, on a worker id below the thread count, whatever n and the number of threads. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void everyIndexRunsExactlyOnce(int threads) {
        Parallel.threads(threads);
        for (int n : new int[] {0, 1, 2, 3, 7, 32, 33, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            Parallel.forEach(n, (worker, from, to) -> {
                assertTrue(worker >= 0 && worker < threads, "worker " + worker);
                assertTrue(0 <= from && from < to && to <= n, "[" + from + ", " + to + ")");
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, runs.get(i), "n " + n + ", index " + i);
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 3})
    void aLoopInsideAPieceRunsWhole(int threads) {
        Parallel.threads(threads);
        AtomicIntegerArray runs = new AtomicIntegerArray(8 * 5);
        Parallel.forEach(8, (worker, from, to) -> {
            for (int i = from; i < to; i++) {
                int outer = i;
                Parallel.forEach(5, (w, a, b) -> {
                    assertEquals(0, a);
                    assertEquals(5, b);
                    for (int j = a; j < b; j++) runs.incrementAndGet(outer * 5 + j);
                });
            }
        });
        for (int i = 0; i < runs.length(); i++) assertEquals(1, runs.get(i));
    }

    /** A bug in a piece surfaces in the caller (on any thread it ran), and the next loop still works. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void aFailingPieceFailsTheLoop(int threads) {
        Parallel.threads(threads);
        IllegalStateException bug = new IllegalStateException("bug");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.forEach(64, (w, from, to) -> {
            throw bug;
        }));
        assertSame(bug, e.getCause() == null ? e : e.getCause());
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Parallel.forEach(64, (w, from, to) -> {
            for (int i = from; i < to; i++) runs.incrementAndGet(i);
        });
        for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i));
    }

    /** A piece that fails on the worker alone surfaces in the caller too, with the rest of the loop abandoned. */
    @Test
    void aFailureOnTheWorkerAloneFailsTheLoop() {
        Parallel.threads(2);
        IllegalStateException bug = new IllegalStateException("bug on the worker");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.forEach(64, (w, from, to) -> {
            if (w != 0) throw bug;
            try {
                Thread.sleep(20);  // the caller's pieces are slow: the worker takes some
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }));
        assertSame(bug, e.getCause());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void threadsMustBePositive(int n) {
        assertThrows(IllegalArgumentException.class, () -> Parallel.threads(n));
    }
}
