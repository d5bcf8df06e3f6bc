package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.io.RegularFiles;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads an image (PNG, JPEG, BMP, GIF through ImageIO) as a (C, H, W) array of values in [0, 1].
 * Grayscale becomes RGB by copying the one channel three times; colour becomes grayscale by the
 * ITU-R 601 luma weights 0.299 R + 0.587 G + 0.114 B, as PIL's convert('L') and torchvision do.
 */
public final class Images {
    /** The file name endings read as images, in lower case. */
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private Images() {}

    /**
     * An image's samples after channel conversion, (C, H, W) integers in 0..max: max is 255 for every
     * 8-bit image (and for 1-, 2- and 4-bit gray, rescaled exactly), 65535 for 16-bit gray.
     */
    record Samples(int channels, int height, int width, int max, int[] data) {
        /** The values in [0, 1]: sample / max. */
        double[] toDoubles() {
            double[] out = new double[data.length];
            for (int i = 0; i < data.length; i++) out[i] = data[i] / (double) max;
            return out;
        }

        String size() {
            return height + "x" + width;
        }
    }

    /** The image in {@code file} as (channels, H, W); its size must be H x W. */
    public static double[] read(Path file, int channels, int height, int width) {
        return read(file, channels, height, width, false);
    }

    /** The image in {@code file} as (channels, H, W): scaled to H x W when {@code resize}, else it must be that size. */
    public static double[] read(Path file, int channels, int height, int width, boolean resize) {
        checkChannels(file, channels);
        Samples s = samples(decode(file), channels);
        if (s.height() != height || s.width() != width) {
            if (resize) return resize(s, height, width).toDoubles();
            throw new BadInputException(file + ": image is " + s.size() + " (height x width), expected " + height + "x"
                    + width + " (or set resize: true in data:)");
        }
        return s.toDoubles();
    }

    static boolean isImageName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    static void checkChannels(Path where, int channels) {
        if (channels != 1 && channels != 3) {
            throw new BadInputException(where + ": images can fill 1 or 3 input channels, the config has " + channels);
        }
    }

    /** The most pixels an image may have, 50 megapixels: a header that declares more is refused before decoding. */
    static final long MAX_PIXELS = 50_000_000;

    static BufferedImage decode(Path file) {
        RegularFiles.check(file, "image");
        try (ImageInputStream in = new MemoryCacheImageInputStream(Files.newInputStream(file))) {
            // A memory cache: ImageIO.read(InputStream) would cache every image in a temporary file.
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadInputException(file + ": not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);  // from the header, before any pixel is decoded
                if (w * h > MAX_PIXELS) {
                    throw new BadInputException(String.format(Locale.ROOT, "%s: image header declares %dx%d (height x width),"
                            + " %,d pixels; expected at most %,d", file, h, w, w * h, MAX_PIXELS));
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw new BadInputException(file + ": corrupt or unreadable image: "
                    + BadInputException.excerpt(String.valueOf(e.getMessage()), 120), e);
        }
    }

    /** The image's samples in {@code channels} (1 or 3) channels. */
    static Samples samples(BufferedImage img, int channels) {
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        int[] out = new int[channels * plane];
        Raster raster = img.getRaster();
        boolean gray = raster.getNumBands() <= 2 && !(img.getColorModel() instanceof IndexColorModel);
        if (gray) {  // raw samples: getRGB would pass linear gray through a colour conversion
            int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            int factor = 255 % max == 0 ? 255 / max : 1;  // 1-, 2-, 4-bit gray to 0..255: v/max = v·factor/255 exactly
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0) * factor;
                    for (int c = 0; c < channels; c++) out[c * plane + y * w + x] = v;
                }
            }
            return new Samples(channels, h, w, max * factor, out);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                int i = y * w + x;
                if (channels == 1) {
                    out[i] = (r * 299 + g * 587 + b * 114) / 1000;
                } else {
                    out[i] = r;
                    out[plane + i] = g;
                    out[2 * plane + i] = b;
                }
            }
        }
        return new Samples(channels, h, w, 255, out);
    }

    /**
     * {@code s} scaled to height x width, each channel by Java2D's bilinear interpolation
     * ({@link AffineTransformOp#TYPE_BILINEAR} on the raw samples, so no colour conversion; shrinking
     * samples the source without averaging it first, unlike PIL's antialiased resize).
     */
    static Samples resize(Samples s, int height, int width) {
        int type = s.max() <= 255 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
        int from = s.height() * s.width(), to = height * width;
        AffineTransformOp op = new AffineTransformOp(AffineTransform.getScaleInstance(
                (double) width / s.width(), (double) height / s.height()), AffineTransformOp.TYPE_BILINEAR);
        int[] out = new int[s.channels() * to];
        WritableRaster src = new BufferedImage(s.width(), s.height(), type).getRaster();
        WritableRaster dst = new BufferedImage(width, height, type).getRaster();
        int[] plane = new int[to];
        for (int c = 0; c < s.channels(); c++) {
            src.setSamples(0, 0, s.width(), s.height(), 0, Arrays.copyOfRange(s.data(), c * from, (c + 1) * from));
            op.filter(src, dst);
            dst.getSamples(0, 0, width, height, 0, plane);
            System.arraycopy(plane, 0, out, c * to, to);
        }
        return new Samples(s.channels(), height, width, s.max(), out);
    }
}
