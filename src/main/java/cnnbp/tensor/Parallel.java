package cnnbp.tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The process's worker threads, and the one way layers use them: {@link #forEach} runs a loop
 * [0, n) in pieces on all threads and returns when every piece is done. Layers split
 * only work whose results do not depend on how it is split: one example's output, one row of a
 * parameter gradient summed over the whole batch in order, or the part of a gradient from one
 * fixed {@link #CHUNK} of examples. So 1 thread and 8 give the same numbers, bit for bit.
 *
 * <p>The calling thread takes pieces too; workers 1 .. T − 1 spin briefly for the next loop (a
 * batch runs a dozen of them back to back), then park. One loop runs at a time; a loop started
 * inside a piece runs on the calling thread alone.
 */
public final class Parallel {
    /** A piece of a loop: indices [from, to), run by worker {@code worker} (0 .. threads − 1, one thread each). */
    @FunctionalInterface
    public interface Body {
        void run(int worker, int from, int to);
    }

    /**
     * Examples per chunk of a batch, for gradients summed over it: a layer sums each chunk's part
     * on whichever thread runs it, then adds the parts in chunk order. The cut is fixed, so the sums
     * are the same on any number of threads.
     */
    public static final int CHUNK = 4;

    private static final long SPIN_NANOS = 200_000;  // how long an idle worker waits before parking

    private static Worker[] workers = new Worker[0];  // workers[w] is worker w + 1 (the caller is 0)
    private static volatile int threads = 1;
    private static final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

    static {
        threads(Runtime.getRuntime().availableProcessors());
    }

    private Parallel() {}

    /** The number of threads loops run on: the caller and threads − 1 workers. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads (at least 1), starting workers as needed; extra ones stay idle. */
    public static synchronized void threads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be 1 or more, got " + n);
        if (n - 1 > workers.length) {
            Worker[] more = Arrays.copyOf(workers, n - 1);
            for (int w = workers.length; w < n - 1; w++) {
                more[w] = new Worker(w + 1);
                more[w].start();
            }
            workers = more;
        }
        threads = n;
    }

    /** The number of chunks of {@link #CHUNK} examples (the last one smaller) in a batch of n. */
    public static int chunks(int n) {
        return (n + CHUNK - 1) / CHUNK;
    }

    /**
     * Runs {@code body} over [0, n) on min(threads, n) threads and returns when all is done. The
     * indices go out in pieces (see {@link Loop}), each to whichever thread comes free next, so a
     * thread the system holds up is made up for by the others.
     */
    public static void forEach(int n, Body body) {
        if (inside.get() || threads == 1 || n <= 1) {
            if (n > 0) body.run(0, 0, n);
            return;
        }
        synchronized (Parallel.class) {
            int t = Math.min(threads, n);
            Loop loop = new Loop(body, n, t);
            for (int w = 1; w < t; w++) workers[w - 1].give(loop);
            inside.set(true);
            try {
                loop.drain(0);
            } finally {
                inside.set(false);
                loop.awaitDone();
            }
            if (loop.failure != null) throw new IllegalStateException("a piece of a parallel loop failed", loop.failure);
        }
    }

    /**
     * Loops with less work than this (multiply-adds, or elements touched, as the caller counts it) run on
     * the calling thread alone: handing a few microseconds of work to another thread costs more than it
     * saves. The numbers are the same either way.
     */
    public static final long SERIAL_WORK = 100_000;

    /** {@link #forEach}, or the whole loop on the calling thread when {@code work} is below {@link #SERIAL_WORK}. */
    public static void forEach(int n, long work, Body body) {
        if (work < SERIAL_WORK) {
            if (n > 0) body.run(0, 0, n);
        } else {
            forEach(n, body);
        }
    }

    /**
     * {@link #forEach} over whole chunks of a batch of n: each piece is the examples [from, to) of
     * one or more chunks, so from is a multiple of {@link #CHUNK} and to is one too, or n.
     */
    public static void forEachChunk(int n, long work, Body body) {
        forEach(chunks(n), work, (worker, first, last) -> body.run(worker, first * CHUNK, Math.min(n, last * CHUNK)));
    }

    /**
     * One call of forEach. Pieces are taken from the front, each (n − next) / (2·threads) long but at
     * most n / (4·threads) and at least 1: a few examples at a time while they are in cache, and small
     * pieces at the end, so that the threads finish together. The caller waits for the pieces, not
     * for the workers: a worker that wakes after every piece is taken finds nothing to do.
     */
    private static final class Loop {
        private final Body body;
        private final int n, threads, most;
        private final AtomicInteger next = new AtomicInteger();  // the first index no thread has taken
        private final AtomicInteger done = new AtomicInteger();  // indices run (or abandoned after a failure)
        private volatile Throwable failure;                       // the first piece's that failed

        Loop(Body body, int n, int threads) {
            this.body = body;
            this.n = n;
            this.threads = threads;
            this.most = Math.max(1, n / (4 * threads));
        }

        /**
         * Takes and runs pieces until none is left. A failure stops the loop and is kept for the caller
         * before its piece counts as done (so the caller, seeing every piece done, sees it too); the
         * caller's own is thrown on.
         */
        void drain(int worker) {
            for (int from = next.get(); from < n; from = next.get()) {
                int size = Math.max(1, Math.min(most, (n - from) / (2 * threads)));
                if (!next.compareAndSet(from, from + size)) continue;
                try {
                    body.run(worker, from, from + size);
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                    abandon();
                    if (worker == 0) throw e;
                    return;
                } finally {
                    done.addAndGet(size);
                }
            }
        }

        /** No more pieces are taken; the ones not yet taken count as done. */
        void abandon() {
            int from = next.getAndSet(n);
            if (from < n) done.addAndGet(n - from);
        }

        void awaitDone() {
            while (done.get() < n) Thread.onSpinWait();
        }
    }

    private static final class Worker extends Thread {
        private final int id;
        private Loop loop;                 // the loop to help with, published by the write to ticket
        private volatile long ticket;      // bumped for each loop given

        Worker(int id) {
            super("cnnbp-worker-" + id);
            this.id = id;
            setDaemon(true);
        }

        void give(Loop loop) {
            this.loop = loop;
            ticket++;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            inside.set(true);
            long seen = 0;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (ticket == seen) {
                    if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                seen = ticket;
                loop.drain(id);
            }
        }
    }
}
