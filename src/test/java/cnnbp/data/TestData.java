package cnnbp.data;

import cnnbp.config.DataSpec;
import cnnbp.config.Pos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes the files the loader tests read: images, IDX files; and data specs. */
final class TestData {
    private TestData() {}

    /** The spec of a config's data: section, train and test left out (the loaders are given their path). */
    static DataSpec spec(double scale, String labelColumn, boolean skip, boolean resize) {
        return new DataSpec(Path.of("train"), null, scale, labelColumn, skip, resize, new Pos(Path.of("net.conf"), 9, 1));
    }

    static DataSpec plain() {
        return spec(1, null, false, false);
    }

    /** A w x h 8-bit gray image, values row by row. */
    static BufferedImage gray(int w, int h, int... values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < w * h; i++) img.getRaster().setSample(i % w, i / w, 0, values[i]);
        return img;
    }

    /** A w x h RGB image, 0xRRGGBB values row by row. */
    static BufferedImage rgb(int w, int h, int... colours) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) img.setRGB(i % w, i / w, colours[i]);
        return img;
    }

    static Path write(Path file, BufferedImage img, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, bytes)) throw new IllegalArgumentException("no writer for " + format);
            return write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path png(Path file, BufferedImage img) {
        return write(file, img, "png");
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An IDX file: the magic number, the dimensions as big-endian ints, then the bytes. */
    static byte[] idx(int magic, int[] dims, byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        b.put(body);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] input(Dataset d, int i) {
        double[] x = new double[cnnbp.tensor.Shapes.size(d.shape())];
        d.copyInput(i, x, 0);
        return x;
    }
}
