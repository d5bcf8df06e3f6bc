package cnnbp.bench;

import cnnbp.build.NetworkBuilder;
import cnnbp.config.ConfigLoader;
import cnnbp.layer.Conv2d;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Relu;
import cnnbp.model.Network;
import cnnbp.tensor.Gemm;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of configs/fashion.conf's training step, on one thread, each reported in GFLOP/s by
 * scripts/bench-kernels (the {@code flop} counter: floating-point operations per second, two per
 * multiply-add). GEMM shapes are those of one example; conv forward and backward run a batch of 32.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBench {
    /** Counts the floating-point operations of each call; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flop {
        public long flop;

        @Setup(Level.Iteration)
        public void clear() {
            flop = 0;
        }
    }

    /**
     * C (m, n) += A (m, k) · B (k, n), B and C as rows: conv forward (F, P) = weight (F, K) · col (K, P)
     * for conv 2 and conv 1, and dcol (K, P) = weightᵀ (K, F) · dout (F, P) for conv 2.
     */
    @State(Scope.Thread)
    public static class Ab {
        @Param({"16x196x72", "8x784x9", "72x196x16"})
        public String mnk;
        int m, n, k;
        double[] a;
        double[][] b, c;

        @Setup
        public void setup() {
            String[] s = mnk.split("x");
            m = Integer.parseInt(s[0]);
            n = Integer.parseInt(s[1]);
            k = Integer.parseInt(s[2]);
            Random rnd = new Random(1);
            a = values(rnd, m * k);
            b = rows(rnd, k, n);
            c = rows(rnd, m, n);
        }
    }

    /** C (m, n) += A (m, k) · Bᵀ, B (n, k) as rows: dweight (F, K) += dout (F, P) · colᵀ, conv 2 and conv 1. */
    @State(Scope.Thread)
    public static class AbT {
        @Param({"16x72x196", "8x9x784"})
        public String mnk;
        int m, n, k;
        double[] a, c;
        double[][] b;

        @Setup
        public void setup() {
            String[] s = mnk.split("x");
            m = Integer.parseInt(s[0]);
            n = Integer.parseInt(s[1]);
            k = Integer.parseInt(s[2]);
            Random rnd = new Random(1);
            a = values(rnd, m * k);
            b = rows(rnd, n, k);
            c = new double[m * n];
        }
    }

    /** fashion.conf's conv layers on a batch of 32: conv1 1x28x28 → 8, conv2 8x14x14 → 16; 3x3, padding 1. */
    @State(Scope.Thread)
    public static class Conv {
        @Param({"conv1", "conv2"})
        public String layer;
        Conv2d conv;
        Tensor inp, dout;
        long macs;

        @Setup
        public void setup() {
            Parallel.threads(1);
            boolean first = layer.equals("conv1");
            int c = first ? 1 : 8, hw = first ? 28 : 14, f = first ? 8 : 16;
            Random rnd = new Random(1);
            conv = new Conv2d(new int[] {c, hw, hw}, f, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                    new Tensor(new int[] {f, c, 3, 3}, values(rnd, f * c * 9)), new Tensor(new int[] {f}, values(rnd, f)));
            inp = new Tensor(new int[] {32, c, hw, hw}, values(rnd, 32 * c * hw * hw));
            dout = new Tensor(new int[] {32, f, hw, hw}, values(rnd, 32 * f * hw * hw));
            macs = 32 * conv.macs();
            conv.forward(inp);
        }
    }

    /** fashion.conf's ReLU and 2x2 max pool after conv1 (8x28x28) and conv2 (16x14x14), on a batch of 32. */
    @State(Scope.Thread)
    public static class Pool {
        @Param({"conv1", "conv2"})
        public String layer;
        Relu relu;
        MaxPool2d pool;
        Tensor inp, dout;

        @Setup
        public void setup() {
            Parallel.threads(1);
            int[] shape = layer.equals("conv1") ? new int[] {8, 28, 28} : new int[] {16, 14, 14};
            Random rnd = new Random(1);
            relu = new Relu(shape);
            pool = new MaxPool2d(shape, new int[] {2, 2}, new int[] {2, 2});
            inp = new Tensor(new int[] {32, shape[0], shape[1], shape[2]}, values(rnd, 32 * shape[0] * shape[1] * shape[2]));
            Tensor out = pool.forward(relu.forward(inp));
            dout = new Tensor(out.shape, values(rnd, out.size()));
        }
    }

    /** configs/fashion.conf's network, a training step's forward and backward on a batch of 32, on 1 or 2 threads. */
    @State(Scope.Thread)
    public static class Step {
        @Param({"1", "2"})
        public int threads;
        Network net;
        Tensor x;
        double[] labels = new double[32];

        @Setup
        public void setup() {
            Parallel.threads(threads);
            net = NetworkBuilder.build(ConfigLoader.load(Path.of("configs/fashion.conf")));
            Random rnd = new Random(1);
            x = new Tensor(new int[] {32, 1, 28, 28}, values(rnd, 32 * 28 * 28));
            for (int i = 0; i < labels.length; i++) labels[i] = rnd.nextInt(10);
        }
    }

    /** One training step's forward and backward (no optimizer step); the counter is images. */
    @Benchmark
    public double trainStep(Step s, Flop images) {
        s.net.zeroGrad();
        double loss = s.net.forward(s.x, s.labels);
        s.net.backward(false);
        images.flop += 32;
        return loss;
    }

    @Benchmark
    public double[][] gemmAb(Ab s, Flop flop) {
        Gemm.ab(s.m, s.n, s.k, s.a, 0, s.b, 0, s.c, 0);
        flop.flop += 2L * s.m * s.n * s.k;
        return s.c;
    }

    @Benchmark
    public double[] gemmAbT(AbT s, Flop flop) {
        Gemm.abT(s.m, s.n, s.k, s.a, 0, s.b, 0, s.c, 0);
        flop.flop += 2L * s.m * s.n * s.k;
        return s.c;
    }

    /** im2col and out = weight · col + bias for each example. */
    @Benchmark
    public Tensor convForward(Conv s, Flop flop) {
        flop.flop += 2 * s.macs;
        return s.conv.forward(s.inp);
    }

    /** dweight and dbias, and dinp (col2im) except for conv1, the first layer, which has no one to pass it to. */
    @Benchmark
    public Tensor convBackward(Conv s, Flop flop) {
        boolean needDinp = s.layer.equals("conv2");
        flop.flop += (needDinp ? 4 : 2) * s.macs;
        return s.conv.backward(s.dout, needDinp);
    }

    /** ReLU then 2x2 max pool, forward; the counter is input elements (not FLOP). */
    @Benchmark
    public Tensor reluPoolForward(Pool s, Flop flop) {
        flop.flop += s.inp.size();
        return s.pool.forward(s.relu.forward(s.inp));
    }

    /** 2x2 max pool then ReLU, backward; the counter is input elements (not FLOP). */
    @Benchmark
    public Tensor reluPoolBackward(Pool s, Flop flop) {
        flop.flop += s.inp.size();
        return s.relu.backward(s.pool.backward(s.dout, true), true);
    }

    static double[] values(Random rnd, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextDouble() * 2 - 1;
        return x;
    }

    static double[][] rows(Random rnd, int r, int len) {
        double[][] x = new double[r][];
        for (int i = 0; i < r; i++) x[i] = values(rnd, len);
        return x;
    }
}
