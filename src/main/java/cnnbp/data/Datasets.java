package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens a data set for training or testing, whichever of the three kinds {@code path} is:
 * <ul>
 *   <li>a folder of class folders of images ({@code train/coat/00017.png}): class i is the i-th folder
 *       name in sorted order; images are read as [0, 1] and converted to the input's 1 or 3 channels;</li>
 *   <li>a {@code .csv} file of rows {@code label,v1,...,vN} (label column and header as {@link DataSpec} says);
 *       values are multiplied by {@code scale};</li>
 *   <li>an IDX images file (magic number 0x00000803, gzipped or not) with its labels file beside it,
 *       as MNIST and Fashion-MNIST are distributed; pixels are multiplied by {@code scale}.</li>
 * </ul>
 * 8-bit data stays one byte a value in memory. Every mistake is a {@link BadInputException} naming the file.
 */
public final class Datasets {
    private Datasets() {}

    /** The data set at {@code path}, each example of {@code shape}: (C, H, W) or (features). */
    public static Dataset open(Path path, int[] shape, DataSpec spec) {
        return open(path, shape, spec, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} examples of the data set at {@code path} (all when it has fewer), as
     * {@link #open(Path, int[], DataSpec)} would order them: an image folder decodes no image after
     * them, which matters for a few examples out of thousands; CSV and IDX files are read whole.
     */
    public static Dataset open(Path path, int[] shape, DataSpec spec, int limit) {
        if (Files.isDirectory(path)) return ImageFolderLoader.read(path, shape, spec, limit);
        if (!Files.exists(path)) throw new BadInputException(path + ": no such file or folder");
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) return CsvLoader.read(path, shape, spec);
        int magic = IdxLoader.magic(path);
        if (magic == IdxLoader.IMAGES_MAGIC) return IdxLoader.read(path, shape, spec);
        if (magic == IdxLoader.LABELS_MAGIC) {
            throw new BadInputException(path + ": an IDX labels file; give the images file (such as "
                    + "train-images-idx3-ubyte.gz), its labels file is found beside it");
        }
        throw new BadInputException(path + ": not a folder of class folders, a .csv file, or an IDX images file"
                + " (which starts with the magic number 0x00000803)");
    }

    /**
     * Checks that a test set has the training set's classes, in the same order, so that label i means
     * the same class in both. Numbered classes ("0", "1", ...: CSV and IDX labels) may stop short: a test
     * set without examples of the last classes is fine. A training set of plain-number labels (no classes) matches any.
     */
    public static void checkSameClasses(Dataset train, Dataset test, Path testPath) {
        List<String> a = train.classes(), b = test.classes();
        if (a.isEmpty() || a.equals(b) || numbered(b) && numbered(a) && b.size() <= a.size()) return;
        if (numbered(a) && numbered(b)) {
            throw new BadInputException(testPath + ": the test set has labels up to " + (b.size() - 1)
                    + ", the training set only up to " + (a.size() - 1));
        }
        List<String> onlyTest = new ArrayList<>(b);
        onlyTest.removeAll(a);
        List<String> onlyTrain = new ArrayList<>(a);
        onlyTrain.removeAll(b);
        if (onlyTest.isEmpty() && onlyTrain.isEmpty()) {
            throw new BadInputException(testPath + ": the test set's classes are the training set's in another order: "
                    + b + ", training " + a);
        }
        List<String> parts = new ArrayList<>();
        if (!onlyTest.isEmpty()) parts.add("not in training: " + String.join(", ", onlyTest));
        if (!onlyTrain.isEmpty()) parts.add("missing from test: " + String.join(", ", onlyTrain));
        throw new BadInputException(testPath + ": the test set's classes differ from the training set's: "
                + String.join("; ", parts));
    }

    /** True when every class name is its own index: "0", "1", .... */
    private static boolean numbered(List<String> classes) {
        for (int i = 0; i < classes.size(); i++) {
            if (!classes.get(i).equals(Integer.toString(i))) return false;
        }
        return true;
    }
}
