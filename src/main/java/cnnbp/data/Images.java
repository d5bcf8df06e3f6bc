package cnnbp.data;

import cnnbp.BadInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an image (PNG, JPEG, BMP, GIF through ImageIO) as a (C, H, W) array of values in [0, 1].
 * Grayscale becomes RGB by copying the one channel three times; colour becomes grayscale by the
 * ITU-R 601 luma weights 0.299 R + 0.587 G + 0.114 B, as PIL's convert('L') and torchvision do.
 */
public final class Images {
    private Images() {}

    /** The image in {@code file} as (channels, H, W); its size must be H x W. */
    public static double[] read(Path file, int channels, int height, int width) {
        BufferedImage img = decode(file);
        if (img.getHeight() != height || img.getWidth() != width) {
            throw new BadInputException(file + ": image is " + img.getHeight() + "x" + img.getWidth()
                    + " (height x width), expected " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new BadInputException(file + ": images can fill 1 or 3 input channels, the config has " + channels);
        }
        return pixels(img, channels);
    }

    static BufferedImage decode(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) throw new BadInputException(file + ": not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
            return img;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw new BadInputException(file + ": corrupt or unreadable image: " + e.getMessage(), e);
        }
    }

    /** (channels, H, W) in [0, 1]. */
    static double[] pixels(BufferedImage img, int channels) {
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        double[] out = new double[channels * plane];
        Raster raster = img.getRaster();
        boolean gray = raster.getNumBands() <= 2 && !(img.getColorModel() instanceof IndexColorModel);
        if (gray) {  // raw samples: getRGB would pass linear gray through a colour conversion
            double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) out[c * plane + y * w + x] = v;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                int i = y * w + x;
                if (channels == 1) {
                    out[i] = (r * 299 + g * 587 + b * 114) / 1000 / 255.0;
                } else {
                    out[i] = r / 255.0;
                    out[plane + i] = g / 255.0;
                    out[2 * plane + i] = b / 255.0;
                }
            }
        }
        return out;
    }
}
