package cnnbp.data;

import static cnnbp.data.TestData.gzip;
import static cnnbp.data.TestData.idx;
import static cnnbp.data.TestData.input;
import static cnnbp.data.TestData.plain;
import static cnnbp.data.TestData.spec;
import static cnnbp.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxLoaderTest {
    /** Three 2x3 images: pixel j of image i is 10·i + j, and 255 in the last one's last pixel. */
    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, (byte) 255};
    private static final byte[] LABELS = {2, 0, 1};
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    private Path images(String name, byte[] bytes) {
        return write(fs.getPath("/mnist", name), bytes);
    }

    private static byte[] imagesFile() {
        return idx(0x803, new int[] {3, 2, 3}, PIXELS);
    }

    private static byte[] labelsFile() {
        return idx(0x801, new int[] {3}, LABELS);
    }

    private String error(Path file, int[] shape) {
        return assertThrows(BadInputException.class, () -> Datasets.open(file, shape, plain())).getMessage();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndTheLabelsBesideThem(boolean gzipped) {
        String gz = gzipped ? ".gz" : "";
        Path file = images("train-images-idx3-ubyte" + gz, gzipped ? gzip(imagesFile()) : imagesFile());
        write(fs.getPath("/mnist/train-labels-idx1-ubyte" + gz), gzipped ? gzip(labelsFile()) : labelsFile());
        Dataset d = Datasets.open(file, new int[] {1, 2, 3}, spec(0.5, null, false, false));
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 3}, d.shape());
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5}, input(d, 0));
        assertArrayEquals(new double[] {10, 10.5, 11, 11.5, 12, 127.5}, input(d, 2));
        assertEquals(List.of(2.0, 0.0, 1.0), List.of(d.label(0), d.label(1), d.label(2)));
        assertEquals(List.of("0", "1", "2"), d.classes());
        assertEquals("/mnist/train-images-idx3-ubyte" + gz + ": image 2", d.source(1));
    }

    @Test
    void aGzippedImagesFileFindsAPlainLabelsFileAndTheOtherWayRound() {
        Path gz = images("a-images-idx3-ubyte.gz", gzip(imagesFile()));
        write(fs.getPath("/mnist/a-labels-idx1-ubyte"), labelsFile());
        assertEquals(3, Datasets.open(gz, new int[] {1, 2, 3}, plain()).size());
        Path plain = images("b-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/b-labels-idx1-ubyte.gz"), gzip(labelsFile()));
        assertEquals(3, Datasets.open(plain, new int[] {1, 2, 3}, plain()).size());
    }

    @Test
    void aFlatInputTakesTheImagesRowByRow() {
        Path file = images("t10k-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/t10k-labels-idx1-ubyte"), labelsFile());
        Dataset d = Datasets.open(file, new int[] {6}, plain());
        assertArrayEquals(new double[] {20, 21, 22, 23, 24, 255}, input(d, 2));
    }

    @Test
    void classesTxtBesideTheImagesNamesTheClasses() {
        Path file = images("train-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/train-labels-idx1-ubyte"), labelsFile());
        write(fs.getPath("/mnist/classes.txt"), "t-shirt\n trouser \npullover\nbag\n\n");
        assertEquals(List.of("t-shirt", "trouser", "pullover", "bag"), Datasets.open(file, new int[] {1, 2, 3}, plain()).classes());

        write(fs.getPath("/mnist/classes.txt"), "t-shirt\ntrouser\n");
        assertEquals("/mnist/classes.txt: names 2 classes, but /mnist/train-images-idx3-ubyte has label 2;"
                + " the line of label k is line k + 1", error(file, new int[] {1, 2, 3}));
        write(fs.getPath("/mnist/classes.txt"), "a\n\nb\nc\n");
        assertEquals("/mnist/classes.txt:2: empty class name", error(file, new int[] {1, 2, 3}));
        write(fs.getPath("/mnist/classes.txt"), "a\nb\na\n");
        assertEquals("/mnist/classes.txt:3: class 'a' named twice", error(file, new int[] {1, 2, 3}));
    }

    @Test
    void missingLabelsFile() {
        Path file = images("train-images-idx3-ubyte.gz", gzip(imagesFile()));
        assertEquals("/mnist/train-images-idx3-ubyte.gz: no labels file beside it; expected /mnist/train-labels-idx1-ubyte.gz"
                + " (or train-labels-idx1-ubyte)", error(file, new int[] {1, 2, 3}));
        Path odd = images("pictures.idx", imagesFile());
        assertEquals("/mnist/pictures.idx: cannot find its labels file: the name has no 'images' to change into 'labels'"
                + " (as train-images-idx3-ubyte.gz has train-labels-idx1-ubyte.gz)", error(odd, new int[] {1, 2, 3}));
    }

    @Test
    void countMismatch() {
        Path file = images("train-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/train-labels-idx1-ubyte"), idx(0x801, new int[] {2}, new byte[] {1, 2}));
        assertEquals("/mnist/train-labels-idx1-ubyte: 2 labels, but /mnist/train-images-idx3-ubyte has 3 images",
                error(file, new int[] {1, 2, 3}));
    }

    @Test
    void wrongMagic() {
        Path labelsGiven = images("train-labels-idx1-ubyte", labelsFile());
        assertEquals("/mnist/train-labels-idx1-ubyte: an IDX labels file; give the images file (such as"
                + " train-images-idx3-ubyte.gz), its labels file is found beside it", error(labelsGiven, new int[] {1, 2, 3}));
        Path other = images("train-images-idx3-ubyte", idx(0x0d03, new int[] {3, 2, 3}, PIXELS));  // floats
        assertEquals("/mnist/train-images-idx3-ubyte: not a folder of class folders, a .csv file, or an IDX images file"
                + " (which starts with the magic number 0x00000803)", error(other, new int[] {1, 2, 3}));
        Path file = images("x-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/x-labels-idx1-ubyte"), imagesFile());
        assertEquals("/mnist/x-labels-idx1-ubyte: magic number 0x00000803, expected 0x00000801 (IDX unsigned-byte labels)",
                error(file, new int[] {1, 2, 3}));
        Path empty = images("empty", new byte[0]);
        assertEquals("/mnist/empty: not a folder of class folders, a .csv file, or an IDX images file"
                + " (which starts with the magic number 0x00000803)", error(empty, new int[] {1, 2, 3}));
    }

    @Test
    void truncatedFiles() {
        Path file = images("train-images-idx3-ubyte", Arrays.copyOf(imagesFile(), imagesFile().length - 5));
        write(fs.getPath("/mnist/train-labels-idx1-ubyte"), labelsFile());
        assertEquals("/mnist/train-images-idx3-ubyte: truncated: the header promises 3 images of 2x3 (18 bytes after the"
                + " header), the file has 13", error(file, new int[] {1, 2, 3}));

        byte[] gz = gzip(imagesFile());
        Path cut = images("cut-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length - 12));  // the gzip trailer and more
        write(fs.getPath("/mnist/cut-labels-idx1-ubyte.gz"), gzip(labelsFile()));
        String e = error(cut, new int[] {1, 2, 3});
        assertEquals(true, e.startsWith("/mnist/cut-images-idx3-ubyte.gz: truncated: the header promises 3 images of 2x3"
                + " (18 bytes after the header), the file has "), e);
        assertEquals(true, e.endsWith(", and its gzip stream is cut short"), e);

        Path header = images("h-images-idx3-ubyte", Arrays.copyOf(imagesFile(), 10));
        write(fs.getPath("/mnist/h-labels-idx1-ubyte"), labelsFile());
        assertEquals("/mnist/h-images-idx3-ubyte: truncated in its header (magic, count, rows, columns)",
                error(header, new int[] {1, 2, 3}));

        Path ok = images("l-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/l-labels-idx1-ubyte"), Arrays.copyOf(labelsFile(), 9));
        assertEquals("/mnist/l-labels-idx1-ubyte: truncated: the header promises 3 labels (3 bytes after the header),"
                + " the file has 1", error(ok, new int[] {1, 2, 3}));

        Path longer = images("m-images-idx3-ubyte", Arrays.copyOf(imagesFile(), imagesFile().length + 1));
        write(fs.getPath("/mnist/m-labels-idx1-ubyte"), labelsFile());
        assertEquals("/mnist/m-images-idx3-ubyte: more bytes than the header's 3 images of 2x3 (18 bytes after the header)",
                error(longer, new int[] {1, 2, 3}));
    }

    @Test
    void imageSizeMustMatchTheInput() {
        Path file = images("train-images-idx3-ubyte", imagesFile());
        write(fs.getPath("/mnist/train-labels-idx1-ubyte"), labelsFile());
        String expected = "/mnist/train-images-idx3-ubyte: images are 2x3 with 1 channel, the config's input is %s;"
                + " expected input: [1, 2, 3] (or [6])";
        assertEquals(String.format(expected, "1x3x2"), error(file, new int[] {1, 3, 2}));
        assertEquals(String.format(expected, "3x2x3"), error(file, new int[] {3, 2, 3}));
        assertEquals(String.format(expected, "5"), error(file, new int[] {5}));
    }

    @Test
    void onlyTheFirstBytesAreNeededToKnowAnIdxFile() throws Exception {
        Path file = images("data.bin", imagesFile());
        Files.move(file, fs.getPath("/mnist/my-images.bin"));
        write(fs.getPath("/mnist/my-labels.bin"), labelsFile());
        assertEquals(3, Datasets.open(fs.getPath("/mnist/my-images.bin"), new int[] {1, 2, 3}, plain()).size());
    }
}
