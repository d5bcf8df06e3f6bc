package cnnbp.data;

import static cnnbp.data.TestData.gray;
import static cnnbp.data.TestData.input;
import static cnnbp.data.TestData.plain;
import static cnnbp.data.TestData.png;
import static cnnbp.data.TestData.rgb;
import static cnnbp.data.TestData.spec;
import static cnnbp.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import cnnbp.config.DataSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageFolderLoaderTest {
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();
    private Path root;

    @BeforeEach
    void setUp() {
        root = fs.getPath("/d/train");
    }

    private String error(int[] shape, DataSpec spec) {
        return assertThrows(BadInputException.class, () -> Datasets.open(root, shape, spec)).getMessage();
    }

    /** Two classes: "cat" a gray and an RGB image; "ant" one RGB image in a subfolder and one beside it. */
    private void twoClasses() {
        png(root.resolve("cat/1.png"), gray(2, 1, 0, 255));
        png(root.resolve("cat/2.png"), rgb(2, 1, 0xff8000, 0x0000ff));
        png(root.resolve("ant/b/3.png"), gray(2, 1, 51, 102));
        TestData.write(root.resolve("ant/a.bmp"), gray(2, 1, 7, 8), "bmp");
    }

    @Test
    void classesInSortedOrderFilesInSortedOrder() {
        twoClasses();
        Dataset d = Datasets.open(root, new int[] {1, 1, 2}, plain());
        assertEquals(List.of("ant", "cat"), d.classes());
        assertEquals(4, d.size());
        // ant: a.bmp, then b/3.png (sorted by name, a folder's files where the folder sorts); cat: 1.png, 2.png
        assertEquals(List.of("/d/train/ant/a.bmp", "/d/train/ant/b/3.png", "/d/train/cat/1.png", "/d/train/cat/2.png"),
                List.of(d.source(0), d.source(1), d.source(2), d.source(3)));
        assertArrayEquals(new double[] {0, 0, 1, 1}, new double[] {d.label(0), d.label(1), d.label(2), d.label(3)});
        assertArrayEquals(new double[] {7 / 255.0, 8 / 255.0}, input(d, 0));
        assertArrayEquals(new double[] {0.2, 0.4}, input(d, 1));
        assertArrayEquals(new double[] {0, 1}, input(d, 2));
        // ITU-R 601 luma as PIL's convert('L'): (255·299 + 128·587) / 1000 = 151, (255·114) / 1000 = 29
        assertArrayEquals(new double[] {151 / 255.0, 29 / 255.0}, input(d, 3));
        assertEquals(List.of(), d.skipped());
    }

    /** gradcheck --batch M takes the first M: a limit decodes no image after them (the broken one is never read). */
    @Test
    void aLimitReadsTheFirstExamplesOnlyWithEveryClass() {
        twoClasses();
        write(root.resolve("cat/9-bad.png"), "not a png: an error if it were read");
        Dataset all = Datasets.open(root, new int[] {1, 1, 2}, spec(1, null, true, false));
        for (int limit : new int[] {1, 3}) {
            Dataset first = Datasets.open(root, new int[] {1, 1, 2}, plain(), limit);
            assertEquals(limit, first.size(), "limit " + limit);
            assertEquals(List.of("ant", "cat"), first.classes(), "limit " + limit);
            for (int i = 0; i < limit; i++) {
                assertEquals(all.source(i), first.source(i), "limit " + limit + ", example " + i);
                assertEquals(all.label(i), first.label(i), "limit " + limit + ", example " + i);
                assertArrayEquals(input(all, i), input(first, i), "limit " + limit + ", example " + i);
            }
        }
        assertEquals("/d/train/cat/9-bad.png: not an image ImageIO can read (PNG, JPEG, BMP, GIF)",
                assertThrows(BadInputException.class, () -> Datasets.open(root, new int[] {1, 1, 2}, plain(), 5))
                        .getMessage(), "the fifth example is the broken file");
    }

    @Test
    void grayBecomesThreeEqualChannelsRgbStaysRgb() {
        twoClasses();
        Dataset d = Datasets.open(root, new int[] {3, 1, 2}, plain());
        assertArrayEquals(new double[] {0.2, 0.4, 0.2, 0.4, 0.2, 0.4}, input(d, 1));
        assertArrayEquals(new double[] {1, 0, 128 / 255.0, 0, 0, 1}, input(d, 3));
        assertArrayEquals(new int[] {3, 1, 2}, d.shape());
    }

    @Test
    void valuesMatchWhatTraceReadsFromTheSameImage() {
        twoClasses();
        Dataset d = Datasets.open(root, new int[] {3, 1, 2}, plain());
        assertArrayEquals(Images.read(root.resolve("cat/2.png"), 3, 1, 2), input(d, 3));
        assertArrayEquals(Images.read(root.resolve("ant/a.bmp"), 3, 1, 2), input(d, 0));
    }

    @Test
    void scaleDoesNotApplyToImages() {
        twoClasses();
        Dataset d = Datasets.open(root, new int[] {1, 1, 2}, spec(1 / 255.0, null, false, false));
        assertArrayEquals(new double[] {0, 1}, input(d, 2));
    }

    @Test
    void hiddenFilesAndFoldersAndOtherFilesAreIgnored() {
        twoClasses();
        write(root.resolve(".cache/x.png"), "not an image");         // a hidden folder is no class
        write(root.resolve("cat/.DS_Store"), "junk");
        write(root.resolve("cat/.hidden.png"), "not an image");
        write(root.resolve("cat/notes.txt"), "a note");                // not an image file name
        write(root.resolve("README.md"), "about the data");           // files beside the class folders
        Dataset d = Datasets.open(root, new int[] {1, 1, 2}, plain());
        assertEquals(List.of("ant", "cat"), d.classes());
        assertEquals(4, d.size());
    }

    @Test
    void sixteenBitGrayKeepsItsPrecision() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 1);
        img.getRaster().setSample(1, 0, 0, 65535);
        png(root.resolve("a/1.png"), img);
        png(root.resolve("a/2.png"), gray(2, 1, 0, 51));  // 8-bit after 16-bit: all become doubles
        Dataset d = Datasets.open(root, new int[] {1, 1, 2}, plain());
        assertArrayEquals(new double[] {1 / 65535.0, 1}, input(d, 0));
        assertArrayEquals(new double[] {0, 0.2}, input(d, 1));
    }

    @Test
    void wrongSizeIsAnErrorNamingTheFileAndBothSizes() {
        png(root.resolve("a/ok.png"), gray(2, 2, 0, 0, 0, 0));
        png(root.resolve("a/big.png"), gray(3, 2, 0, 0, 0, 0, 0, 0));
        assertEquals("/d/train/a/big.png: image is 2x3 (height x width), expected 2x2 (or set resize: true in data:)",
                error(new int[] {1, 2, 2}, plain()));
    }

    @Test
    void resizeScalesBilinearly() {
        // Left half black, right half white, 4 wide; to 7x9 (height x width). Bilinear keeps the edges'
        // values, gives a row that never decreases, and is the same on every row.
        png(root.resolve("a/1.png"), gray(4, 2, 0, 0, 255, 255, 0, 0, 255, 255));
        png(root.resolve("a/2.png"), gray(3, 3, 100, 100, 100, 100, 100, 100, 100, 100, 100));
        Dataset d = Datasets.open(root, new int[] {1, 7, 9}, spec(1, null, false, true));
        double[] x = input(d, 0);
        for (int y = 0; y < 7; y++) {
            assertEquals(0, x[y * 9]);
            assertEquals(1, x[y * 9 + 8]);
            for (int c = 1; c < 9; c++) assertEquals(true, x[y * 9 + c] >= x[y * 9 + c - 1], "row " + y + " col " + c);
        }
        assertEquals(true, x[4] > 0 && x[4] < 1, "the middle is a blend: " + x[4]);
        for (double v : input(d, 1)) assertEquals(100 / 255.0, v);
    }

    @Test
    void corruptFileIsAnErrorOrSkippedAndListed() {
        twoClasses();
        write(root.resolve("cat/0-bad.png"), "not a png at all");
        assertEquals("/d/train/cat/0-bad.png: not an image ImageIO can read (PNG, JPEG, BMP, GIF)",
                error(new int[] {1, 1, 2}, plain()));

        write(root.resolve("ant/c.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16});  // a cut JPEG
        png(root.resolve("ant/d.png"), gray(3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0));                                  // wrong size
        Dataset d = Datasets.open(root, new int[] {1, 1, 2}, spec(1, null, true, false));
        assertEquals(4, d.size());
        assertEquals(3, d.skipped().size(), d.skipped().toString());
        assertEquals(true, d.skipped().get(0).startsWith("/d/train/ant/c.jpg: "), d.skipped().get(0));
        assertEquals("/d/train/ant/d.png: image is 3x3 (height x width), expected 1x2 (or set resize: true in data:)",
                d.skipped().get(1));
        assertEquals("/d/train/cat/0-bad.png: not an image ImageIO can read (PNG, JPEG, BMP, GIF)", d.skipped().get(2));
        assertEquals("/d/train/cat/1.png", d.source(2), "the examples after a skipped file keep their sources");
    }

    @Test
    void aClassWhoseImagesAreAllSkippedIsAnError() {
        twoClasses();
        write(root.resolve("dog/1.png"), "broken");
        write(root.resolve("dog/2.gif"), "broken");
        assertEquals("/d/train/dog: none of the class folder's 2 image(s) could be read (on_bad_file: skip skipped them all)",
                error(new int[] {1, 1, 2}, spec(1, null, true, false)));
    }

    @Test
    void emptyClassFolder() throws Exception {
        twoClasses();
        Files.createDirectories(root.resolve("dog"));
        write(root.resolve("dog/.keep"), "");
        assertEquals("/d/train/dog: class folder has no images (.png, .jpg, .jpeg, .bmp, .gif)", error(new int[] {1, 1, 2}, plain()));
        write(root.resolve("dog/dog.webp"), "RIFF");
        write(root.resolve("dog/notes.txt"), "");
        assertEquals("/d/train/dog: class folder has no images (.png, .jpg, .jpeg, .bmp, .gif); 2 other file(s) ignored,"
                + " such as dog.webp", error(new int[] {1, 1, 2}, plain()));
    }

    @Test
    void noClassFolders() throws Exception {
        Files.createDirectories(root);
        assertEquals("/d/train: no class folders; put each class's images in a folder named after the class"
                + " (/d/train/<class>/*.png)", error(new int[] {1, 1, 2}, plain()));
        png(root.resolve("1.png"), gray(2, 1, 0, 0));
        assertEquals("/d/train: images but no class folders; put each class's images in a folder named after the class"
                + " (/d/train/<class>/*.png)", error(new int[] {1, 1, 2}, plain()));
    }

    @Test
    void inputsImagesCannotFill() {
        twoClasses();
        assertEquals("/d/train: image folders need a (channels, height, width) input; the config's input is [2]",
                error(new int[] {2}, plain()));
        assertEquals("/d/train: images can fill 1 or 3 input channels, the config has 2", error(new int[] {2, 1, 2}, plain()));
    }
}
