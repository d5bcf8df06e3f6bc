package cnnbp.data;

import cnnbp.tensor.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A dataset kept compact in memory: while every value is an 8-bit sample it is stored as one byte
 * (60,000 28x28 images take 47 MB) and turned into a double through a 256-entry table (b / 255 for
 * images, b · scale for CSV and IDX files); a dataset with any other value keeps doubles.
 */
final class PackedDataset implements Dataset {
    private final int[] shape;
    private final int per;              // C·H·W
    private final byte[] bytes;         // (N, C·H·W), or null when values holds the data
    private final double[] table;       // (256) the value of each byte
    private final double[] values;      // (N, C·H·W), or null
    private final double[] labels;      // (N)
    private final List<String> classes;
    private final IntFunction<String> source;
    private final List<String> skipped;

    private PackedDataset(int[] shape, byte[] bytes, double[] table, double[] values, double[] labels,
                          List<String> classes, IntFunction<String> source, List<String> skipped) {
        this.shape = shape.clone();
        this.per = Shapes.size(shape);
        this.bytes = bytes;
        this.table = table;
        this.values = values;
        this.labels = labels;
        this.classes = classes;  // unmodifiable, and possibly a view of "0".."K-1"
        this.source = source;
        this.skipped = List.copyOf(skipped);
    }

    /** A dataset of bytes (N, C·H·W), byte b standing for table[b]. */
    static PackedDataset ofBytes(int[] shape, byte[] bytes, double[] table, double[] labels, List<String> classes,
                                 IntFunction<String> source) {
        return new PackedDataset(shape, bytes, table, null, labels, classes, source, List.of());
    }

    /** The table of b · scale. */
    static double[] scaled(double scale) {
        double[] t = new double[256];
        for (int b = 0; b < 256; b++) t[b] = b * scale;
        return t;
    }

    /** The table of b / 255, the values of 8-bit image samples. */
    static double[] unit() {
        double[] t = new double[256];
        for (int b = 0; b < 256; b++) t[b] = b / 255.0;
        return t;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public void copyInput(int i, double[] dst, int off) {
        if (values != null) {
            System.arraycopy(values, i * per, dst, off, per);
            return;
        }
        int base = i * per;
        for (int j = 0; j < per; j++) dst[off + j] = table[bytes[base + j] & 0xff];
    }

    @Override
    public double label(int i) {
        return labels[i];
    }

    @Override
    public String source(int i) {
        return source.apply(i);
    }

    @Override
    public List<String> skipped() {
        return skipped;
    }

    /** Collects examples one at a time, as bytes while every one is 8-bit, then as doubles. */
    static final class Builder {
        private final int[] shape;
        private final int per;
        private final double[] table;
        private byte[] bytes;
        private double[] values;   // non-null once an example was not 8-bit
        private double[] labels;
        private int n;

        Builder(int[] shape, double[] table, int capacity) {
            this.shape = shape.clone();
            this.per = Shapes.size(shape);
            this.table = table;
            int cap = Math.max(capacity, 1);
            this.bytes = new byte[Math.multiplyExact(cap, per)];
            this.labels = new double[cap];
        }

        int size() {
            return n;
        }

        /** Adds an example of 8-bit samples (each 0..255), worth table[sample]. */
        void addBytes(int[] samples, double label) {
            if (values != null) {
                double[] v = new double[per];
                for (int j = 0; j < per; j++) v[j] = table[samples[j]];
                addValues(v, label);
                return;
            }
            grow();
            int base = n * per;
            for (int j = 0; j < per; j++) bytes[base + j] = (byte) samples[j];
            labels[n++] = label;
        }

        /** Adds an example of any values, taken as they are. */
        void addValues(double[] v, double label) {
            if (values == null) {  // from now on everything is doubles
                values = new double[Math.multiplyExact(labels.length, per)];
                for (int k = 0; k < n * per; k++) values[k] = table[bytes[k] & 0xff];
                bytes = null;
            }
            grow();
            System.arraycopy(v, 0, values, n * per, per);
            labels[n++] = label;
        }

        private void grow() {
            if (n < labels.length) return;
            int cap = Math.multiplyExact(labels.length, 2);
            labels = Arrays.copyOf(labels, cap);
            if (values != null) values = Arrays.copyOf(values, Math.multiplyExact(cap, per));
            else bytes = Arrays.copyOf(bytes, Math.multiplyExact(cap, per));
        }

        PackedDataset build(List<String> classes, IntFunction<String> source, List<String> skipped) {
            double[] l = labels.length == n ? labels : Arrays.copyOf(labels, n);
            if (values != null) {
                double[] v = values.length == n * per ? values : Arrays.copyOf(values, n * per);
                return new PackedDataset(shape, null, table, v, l, classes, source, skipped);
            }
            byte[] b = bytes.length == n * per ? bytes : Arrays.copyOf(bytes, n * per);
            return new PackedDataset(shape, b, table, null, l, classes, source, skipped);
        }
    }
}
