package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.io.RegularFiles;
import cnnbp.tensor.Shapes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The IDX files MNIST and Fashion-MNIST are distributed in, gzipped or not: an images file
 * (magic 0x00000803, then the count, rows and columns as big-endian ints, then one unsigned byte a
 * pixel) and, beside it, its labels file (magic 0x00000801, the count, one byte a label), found by
 * the name: {@code train-images-idx3-ubyte.gz} has {@code train-labels-idx1-ubyte.gz}. Pixels are
 * multiplied by {@code scale}. Class names are "0".."K-1", or the lines of a {@code classes.txt}
 * beside the images file.
 */
final class IdxLoader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxLoader() {}

    /** The file's magic number (its first four bytes, after gunzipping), or -1 when it is shorter. */
    static int magic(Path file) {
        try (DataInputStream in = open(file)) {
            return in.readInt();
        } catch (EOFException e) {
            return -1;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Dataset read(Path images, int[] shape, DataSpec spec) {
        Path labelsFile = labelsBeside(images);
        byte[] pixels;
        int n, rows, cols;
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new BadInputException(images + ": magic number " + hex(magic) + ", expected " + hex(IMAGES_MAGIC)
                        + " (IDX unsigned-byte images)");
            }
            n = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            checkShape(images, n, rows, cols, shape);
            pixels = body(in, images, (long) n * rows * cols, n + " images of " + rows + "x" + cols);
        } catch (EOFException e) {
            throw new BadInputException(images + ": truncated in its header (magic, count, rows, columns)");
        } catch (IOException e) {
            throw new BadInputException(images + ": cannot read: " + e.getMessage(), e);
        }

        byte[] labels;
        try (DataInputStream in = open(labelsFile)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new BadInputException(labelsFile + ": magic number " + hex(magic) + ", expected " + hex(LABELS_MAGIC)
                        + " (IDX unsigned-byte labels)");
            }
            int count = in.readInt();
            if (count != n) {
                throw new BadInputException(labelsFile + ": " + count + " labels, but " + images + " has " + n + " images");
            }
            labels = body(in, labelsFile, n, n + " labels");
        } catch (EOFException e) {
            throw new BadInputException(labelsFile + ": truncated in its header (magic, count)");
        } catch (IOException e) {
            throw new BadInputException(labelsFile + ": cannot read: " + e.getMessage(), e);
        }

        double[] label = new double[n];
        int max = -1;
        for (int i = 0; i < n; i++) {
            label[i] = labels[i] & 0xff;
            max = Math.max(max, labels[i] & 0xff);
        }
        List<String> classes = classes(images, max);
        return PackedDataset.ofBytes(shape, pixels, PackedDataset.scaled(spec.scale()), label, classes,
                i -> images + ": image " + (i + 1));
    }

    /** The labels file beside an images file: "images" becomes "labels" and "idx3" "idx1" in its name, .gz or not. */
    static Path labelsBeside(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images")) {
            throw new BadInputException(images + ": cannot find its labels file: the name has no 'images' to change into"
                    + " 'labels' (as train-images-idx3-ubyte.gz has train-labels-idx1-ubyte.gz)");
        }
        String base = name.replace("images", "labels").replace("idx3", "idx1");
        String plain = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
        List<Path> tried = new ArrayList<>();
        for (String candidate : base.endsWith(".gz") ? List.of(base, plain) : List.of(plain, plain + ".gz")) {
            Path p = images.resolveSibling(candidate);
            if (Files.isRegularFile(p)) return p;
            tried.add(p);
        }
        throw new BadInputException(images + ": no labels file beside it; expected " + tried.get(0) + " (or "
                + tried.get(1).getFileName() + ")");
    }

    /** "0".."max", or the lines of classes.txt beside the images, which must name every label. */
    private static List<String> classes(Path images, int max) {
        Path file = images.resolveSibling("classes.txt");
        if (!Files.isRegularFile(file)) return CsvLoader.numbered(max + 1);
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) throw new BadInputException(file + ":" + (i + 1) + ": empty class name");
            if (!seen.add(name)) throw new BadInputException(file + ":" + (i + 1) + ": class '" + name + "' named twice");
            names.add(name);
        }
        if (names.size() <= max) {
            throw new BadInputException(file + ": names " + names.size() + " classes, but " + images + " has label " + max
                    + "; the line of label k is line k + 1");
        }
        return List.copyOf(names);
    }

    private static void checkShape(Path images, int n, int rows, int cols, int[] shape) {
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new BadInputException(images + ": header gives " + n + " images of " + rows + "x" + cols
                    + "; expected a count >= 0 and sizes >= 1");
        }
        boolean image = shape.length == 3 && shape[0] == 1 && shape[1] == rows && shape[2] == cols;
        boolean flat = shape.length == 1 && shape[0] == (long) rows * cols;
        if (!image && !flat) {
            throw new BadInputException(images + ": images are " + rows + "x" + cols + " with 1 channel, the config's input is "
                    + Shapes.toString(shape) + "; expected input: [1, " + rows + ", " + cols + "] (or [" + (long) rows * cols + "])");
        }
        if ((long) n * rows * cols > Integer.MAX_VALUE - 8) {
            throw new BadInputException(images + ": " + n + " images of " + rows + "x" + cols
                    + " are more than the 2 GB one array can hold");
        }
    }

    /**
     * The next {@code size} bytes, and then the end of the file. Read a chunk at a time, so that a header
     * promising more than the file holds (2 GB in a 116-byte file, gzipped or not) costs no more memory
     * than the data really there.
     */
    private static byte[] body(InputStream in, Path file, long size, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        long got = 0;
        String cut = "";
        try {
            for (int r; got < size && (r = in.read(chunk, 0, (int) Math.min(chunk.length, size - got))) > 0; ) {
                out.write(chunk, 0, r);
                got += r;
            }
        } catch (EOFException e) {
            cut = ", and its gzip stream is cut short";
        }
        if (got < size) {
            throw new BadInputException(file + ": truncated: the header promises " + what + " (" + size
                    + " bytes after the header), the file has " + got + cut);
        }
        if (in.read() != -1) {
            throw new BadInputException(file + ": more bytes than the header's " + what + " (" + size + " bytes after the header)");
        }
        return out.toByteArray();
    }

    /** The file as a stream, gunzipped when it starts with gzip's magic 1f 8b. */
    private static DataInputStream open(Path file) throws IOException {
        RegularFiles.check(file, "IDX file");
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            if (raw != null) raw.close();
            throw e;
        }
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
