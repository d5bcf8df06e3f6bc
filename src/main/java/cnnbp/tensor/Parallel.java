package cnnbp.tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The process's worker threads, and the one way layers use them: {@link #forEach} splits a loop
 * [0, n) into contiguous parts, one per thread, and returns when every part is done. Layers split
 * only work whose results do not depend on how it is split: one example's output, one row of a
 * parameter gradient summed over the whole batch in order, or the part of a gradient from one
 * fixed {@link #CHUNK} of examples. So 1 thread and 8 give the same numbers, bit for bit.
 *
 * <p>The calling thread runs chunk 0; workers 1 .. T − 1 spin briefly for the next loop (a batch
 * runs a dozen of them back to back), then park. One loop runs at a time; a loop started inside a
 * chunk runs on the calling thread alone.
 */
public final class Parallel {
    /** A chunk of a loop: indices [from, to), run by worker {@code worker} (0 .. threads − 1). */
    @FunctionalInterface
    public interface Chunk {
        void run(int worker, int from, int to);
    }

    /**
     * Examples per chunk of a batch, for gradients summed over it: a layer sums each chunk's part
     * on whichever thread runs it, then adds the parts in chunk order. The cut is fixed, so the sums
     * are the same on any number of threads.
     */
    public static final int CHUNK = 4;

    private static final long SPIN_NANOS = 200_000;  // how long an idle worker waits before parking

    private static Worker[] workers = new Worker[0];  // worker w runs chunk w + 1
    private static volatile int threads = 1;
    private static final AtomicInteger pending = new AtomicInteger();  // chunks the workers have not finished
    private static volatile Throwable failure;
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

    /** The start of chunk t of [0, n) cut into {@code parts}: t·n / parts. */
    public static int start(int t, int n, int parts) {
        return (int) ((long) t * n / parts);
    }

    /** Runs {@code body} over [0, n) in min(threads, n) chunks in parallel; returns when all are done. */
    public static void forEach(int n, Chunk body) {
        if (inside.get() || threads == 1 || n <= 1) {
            if (n > 0) body.run(0, 0, n);
            return;
        }
        synchronized (Parallel.class) {
            int t = Math.min(threads, n);
            failure = null;
            pending.set(t - 1);
            for (int w = 1; w < t; w++) workers[w - 1].give(body, start(w, n, t), start(w + 1, n, t));
            inside.set(true);
            try {
                body.run(0, 0, start(1, n, t));
            } finally {
                inside.set(false);
                while (pending.get() > 0) Thread.onSpinWait();
            }
            if (failure != null) throw new IllegalStateException("a parallel chunk failed", failure);
        }
    }

    private static final class Worker extends Thread {
        private final int id;
        private Chunk body;                // the chunk to run, published by the write to ticket
        private int from, to;
        private volatile long ticket;      // bumped for each chunk given

        Worker(int id) {
            super("cnnbp-worker-" + id);
            this.id = id;
            setDaemon(true);
        }

        void give(Chunk body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
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
                try {
                    body.run(id, from, to);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    body = null;
                    pending.decrementAndGet();
                }
            }
        }
    }
}
