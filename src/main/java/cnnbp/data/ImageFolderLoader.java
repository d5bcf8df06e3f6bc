package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.tensor.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of class folders: {@code root/<class>/**.png}. Class i is the i-th folder name in sorted
 * order. Inside a class folder, files ending in .png, .jpg, .jpeg, .bmp or .gif (any case) are read,
 * in sorted order, from subfolders too; other files are ignored, as torchvision's ImageFolder does.
 * Names starting with '.' are hidden and ignored everywhere.
 */
final class ImageFolderLoader {
    /** Images decoded at once, in parallel: enough to keep the cores busy, few enough to hold. */
    private static final int CHUNK = 256;

    private ImageFolderLoader() {}

    static Dataset read(Path root, int[] shape, DataSpec spec) {
        if (shape.length != 3) {
            throw new BadInputException(root + ": image folders need a (channels, height, width) input; the config's input is "
                    + Shapes.toList(shape));
        }
        int channels = shape[0], height = shape[1], width = shape[2];
        Images.checkChannels(root, channels);
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
        if (classDirs.isEmpty()) {
            boolean images = list(root).stream().anyMatch(p -> Images.isImageName(p.getFileName().toString()));
            throw new BadInputException(root + ": " + (images ? "images but " : "") + "no class folders; put each class's"
                    + " images in a folder named after the class (" + root.resolve("<class>").resolve("*.png") + ")");
        }
        List<String> classes = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        int total = 0;
        for (Path dir : classDirs) {
            List<Path> all = walk(dir);
            List<Path> images = all.stream().filter(p -> Images.isImageName(p.getFileName().toString())).toList();
            if (images.isEmpty()) {
                int others = all.size();
                throw new BadInputException(dir + ": class folder has no images (.png, .jpg, .jpeg, .bmp, .gif)"
                        + (others > 0 ? "; " + others + " other file(s) ignored, such as " + all.get(0).getFileName() : ""));
            }
            classes.add(dir.getFileName().toString());
            files.add(images);
            total += images.size();
        }

        PackedDataset.Builder examples = new PackedDataset.Builder(shape, PackedDataset.unit(), total);
        List<String> names = new ArrayList<>(total);   // (N) each example's path under root
        List<String> skipped = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            int before = examples.size();
            List<Path> images = files.get(k);
            for (int from = 0; from < images.size(); from += CHUNK) {
                // Decoded in parallel, a chunk at a time, then taken in file order.
                List<Image> chunk = images.subList(from, Math.min(from + CHUNK, images.size())).parallelStream()
                        .map(file -> read(file, channels, height, width, spec.resize())).toList();
                for (Image image : chunk) {
                    if (image.error() != null) {
                        if (!spec.skipBadFiles()) throw image.error();
                        skipped.add(image.error().getMessage());
                    } else {
                        Images.Samples s = image.samples();
                        if (s.max() == 255) examples.addBytes(s.data(), k);
                        else examples.addValues(s.toDoubles(), k);
                        names.add(root.relativize(image.file()).toString());
                    }
                }
            }
            if (examples.size() == before) {
                throw new BadInputException(classDirs.get(k) + ": none of the class folder's " + images.size()
                        + " image(s) could be read (on_bad_file: skip skipped them all)");
            }
        }
        return examples.build(List.copyOf(classes), i -> root.resolve(names.get(i)).toString(), skipped);
    }

    /** A file's samples at the input's size, or the error that says why it has none. */
    private record Image(Path file, Images.Samples samples, BadInputException error) {}

    private static Image read(Path file, int channels, int height, int width, boolean resize) {
        try {
            Images.Samples s = Images.samples(Images.decode(file), channels);
            if (s.height() == height && s.width() == width) return new Image(file, s, null);
            if (resize) return new Image(file, Images.resize(s, height, width), null);
            return new Image(file, null, new BadInputException(file + ": image is " + s.size() + " (height x width), expected "
                    + height + "x" + width + " (or set resize: true in data:)"));
        } catch (BadInputException e) {
            return new Image(file, null, e);
        }
    }

    /** The folder's entries that are not hidden, sorted by name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !hidden(p)).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    /** Every file under dir that is not hidden nor inside a hidden folder, each folder's entries in sorted order. */
    private static List<Path> walk(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p : list(dir)) {
            if (Files.isDirectory(p)) out.addAll(walk(p));
            else out.add(p);
        }
        return out;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
