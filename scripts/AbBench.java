import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training steps (forward + backward, batch 32, configs/fashion.conf's network, no optimizer) of two or more
 * cnnbp builds, each jar in its own class loader, in blocks of 30 steps that alternate between the builds in
 * one JVM. A slow spell of the machine then falls on every build alike, where separate runs minutes apart
 * can differ by 30%. The first fifth of the rounds is warm-up. Run by scripts/bench-ab.
 */
public class AbBench {
    private static final int BATCH = 32, BLOCK = 30;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        Path config = Path.of(args[2]);
        List<Build> builds = new ArrayList<>();
        for (int j = 3; j < args.length; j++) builds.add(new Build(Path.of(args[j]), threads, config));
        for (int round = 0; round < rounds; round++) {
            for (Build b : builds) {
                long t0 = System.nanoTime();
                for (int s = 0; s < BLOCK; s++) b.step();
                if (round >= rounds / 5) b.micros.add((System.nanoTime() - t0) / 1e3 / BLOCK);
            }
        }
        System.out.printf("%-40s %9s %9s %9s   (µs a step of %d images, %d threads, %d blocks of %d steps)%n",
                "build", "min", "p25", "median", BATCH, threads, builds.get(0).micros.size(), BLOCK);
        for (Build b : builds) {
            List<Double> t = b.micros;
            Collections.sort(t);
            System.out.printf("%-40s %9.0f %9.0f %9.0f%n", b.jar, t.get(0), t.get(t.size() / 4), t.get(t.size() / 2));
        }
    }

    /** One jar's network, input and labels, through reflection: the builds share no class. */
    private static final class Build {
        final Path jar;
        final List<Double> micros = new ArrayList<>();
        final Object net, x;
        final double[] labels = new double[BATCH];
        final Method zeroGrad, forward, backward;

        Build(Path jar, int threads, Path config) throws Exception {
            this.jar = jar;
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            loader.loadClass("cnnbp.tensor.Parallel").getMethod("threads", int.class).invoke(null, threads);
            Object spec = loader.loadClass("cnnbp.config.ConfigLoader").getMethod("load", Path.class).invoke(null, config);
            Method build = null;
            for (Method m : loader.loadClass("cnnbp.build.NetworkBuilder").getMethods()) {
                if (m.getName().equals("build") && m.getParameterCount() == 1) build = m;
            }
            net = build.invoke(null, spec);
            Class<?> tensor = loader.loadClass("cnnbp.tensor.Tensor");
            Random rnd = new Random(1);
            double[] values = new double[BATCH * 28 * 28];
            for (int i = 0; i < values.length; i++) values[i] = rnd.nextDouble();
            for (int i = 0; i < BATCH; i++) labels[i] = rnd.nextInt(10);
            x = tensor.getConstructor(int[].class, double[].class).newInstance(new int[] {BATCH, 1, 28, 28}, values);
            zeroGrad = net.getClass().getMethod("zeroGrad");
            forward = net.getClass().getMethod("forward", tensor, double[].class);
            backward = net.getClass().getMethod("backward", boolean.class);
        }

        void step() throws Exception {
            zeroGrad.invoke(net);
            forward.invoke(net, x, labels);
            backward.invoke(net, false);
        }
    }
}
