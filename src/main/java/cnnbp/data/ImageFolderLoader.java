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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        return read(root, shape, spec, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} examples (or all there are) in the data set's order, decoding no image
     * after them; the classes are every class folder's all the same.
     */
    static Dataset read(Path root, int[] shape, DataSpec spec, int limit) {
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

        PackedDataset.Builder examples = new PackedDataset.Builder(shape, PackedDataset.unit(), Math.min(total, limit));
        List<String> names = new ArrayList<>(Math.min(total, limit));   // (N) each example's path under root
        List<String> skipped = new ArrayList<>();
        for (int k = 0; k < classes.size() && examples.size() < limit; k++) {
            int before = examples.size();
            List<Path> images = files.get(k);
            for (int from = 0; from < images.size() && examples.size() < limit; from += CHUNK) {
                // Decoded in parallel, a chunk at a time, then taken in file order.
                int to = Math.min(images.size(), from + Math.min(CHUNK, limit - examples.size()));
                List<Image> chunk = images.subList(from, to).parallelStream()
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

    /**
     * Every file under dir that is not hidden nor inside a hidden folder, each folder's entries in sorted
     * order. Symbolic links are not followed out of the class folder: a link to a folder or file elsewhere
     * (a sibling class, a loop back up) is an error, as is an image name on something that is not a regular
     * file (a FIFO would block the reader forever). Links inside the class folder are read as what they
     * point to, folders once each.
     */
    private static List<Path> walk(Path classDir) {
        Path inside;
        try {
            inside = classDir.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(classDir + ": cannot read the class folder: " + e.getMessage(), e);
        }
        List<Path> out = new ArrayList<>();
        walk(classDir, inside, new HashSet<>(List.of(inside)), out);
        return out;
    }

    private static void walk(Path dir, Path classDir, Set<Path> seen, List<Path> out) {
        for (Path p : list(dir)) {
            Path real;
            try {
                real = p.toRealPath();
            } catch (IOException e) {
                throw new BadInputException(p + ": a symbolic link to nothing (" + e.getMessage() + ")", e);
            }
            if (Files.isSymbolicLink(p)) {
                if (!real.startsWith(classDir)) {
                    throw new BadInputException(p + ": a symbolic link out of its class folder " + classDir.getFileName()
                            + " (to " + real + "); cnnbp does not follow it, so that no image trains under another"
                            + " class: copy the images or remove the link");
                }
            }
            if (Files.isDirectory(p)) {
                if (seen.add(real)) walk(p, classDir, seen, out);  // a loop inside the class folder: each folder once
            } else if (Files.isRegularFile(p) || !Images.isImageName(p.getFileName().toString())) {
                out.add(p);
            } else {
                throw new BadInputException(p + ": not a regular file (a FIFO, socket or device) with an image's name;"
                        + " remove it from the class folder");
            }
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
