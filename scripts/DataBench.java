import cnnbp.config.DataSpec;
import cnnbp.data.Dataset;
import cnnbp.data.Datasets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures cnnbp's data loading (run by scripts/bench-data, which says how):
 *   time PATH C H W RUNS   loads PATH RUNS times in one JVM, printing each load's wall time
 *   heap PATH C H W        the heap the loaded data set holds: used heap after a GC, less the same before
 */
public class DataBench {
    public static void main(String[] args) {
        Path path = Path.of(args[1]);
        int[] shape = {Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4])};
        DataSpec spec = new DataSpec(path, null, 1 / 255.0, null, false, false, null);
        if (args[0].equals("time")) {
            long[] ms = new long[Integer.parseInt(args[5])];
            int n = 0;
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                n = Datasets.open(path, shape, spec).size();
                ms[r] = (System.nanoTime() - t0) / 1_000_000;
            }
            System.out.printf("%s: %d examples; load times %s ms (first, in a fresh JVM, then warm)%n",
                    path, n, Arrays.toString(ms));
        } else {
            long before = used();
            long t0 = System.nanoTime();
            Dataset d = Datasets.open(path, shape, spec);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long after = used();
            System.out.printf("%s: %d examples of %s in %d ms; heap held by the data set: %.1f MB (max heap %d MB)%n",
                    path, d.size(), Arrays.toString(d.shape()), ms, (after - before) / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20);
            if (d.size() == 0) throw new AssertionError();  // keeps d reachable through the measurement
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
