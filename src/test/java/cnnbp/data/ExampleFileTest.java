package cnnbp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleFileTest {
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    private Path write(String name, String text) throws Exception {
        Path p = fs.getPath(name);
        Files.writeString(p, text);
        return p;
    }

    private Path png(String name, BufferedImage img) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        Path p = fs.getPath(name);
        Files.write(p, bytes.toByteArray());
        return p;
    }

    @Test
    void csvRowWithAndWithoutHeader() throws Exception {
        ExampleFile.Example plain = ExampleFile.read(write("a.csv", "2, 0.5, 1, -3, 4e-1\n"), new int[] {1, 2, 2});
        assertArrayEquals(new double[] {0.5, 1, -3, 0.4}, plain.input());
        assertEquals(2.0, plain.label());
        ExampleFile.Example headed = ExampleFile.read(write("b.csv", "label,a,b,c,d\n\n2,0.5,1,-3,0.4\n"), new int[] {4});
        assertArrayEquals(plain.input(), headed.input());
    }

    static Stream<Arguments> badCsv() {
        return Stream.of(
                Arguments.of("1,2,3\n", "x.csv:1: 3 columns, expected 5 (label, then 4 values for input 1x2x2)"),
                Arguments.of("label,a,b,c,d\n1,2,3,4,5,6\n", "x.csv:2: 6 columns, expected 5"),
                Arguments.of("1,2,abc,4,5\n", "x.csv:1:3: column 3 is 'abc', expected a finite number"),
                Arguments.of("1,2,NaN,4,5\n", "x.csv:1:3: column 3 is 'NaN', expected a finite number"),
                Arguments.of("1,2,3,4,5\n1,2,3,4,5\n", "x.csv: expected one data row (label, then 4 values), found 2"),
                Arguments.of("", "x.csv: expected one data row (label, then 4 values), found 0"));
    }

    @ParameterizedTest
    @MethodSource("badCsv")
    void badCsvNamesFileRowAndColumn(String text, String message) throws Exception {
        Path p = write("x.csv", text);
        BadInputException e = assertThrows(BadInputException.class, () -> ExampleFile.read(p, new int[] {1, 2, 2}));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void grayImageReadsRawSamples() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 51, 102, 153, 204, 255};
        for (int i = 0; i < 6; i++) img.getRaster().setSample(i % 3, i / 3, 0, v[i]);
        ExampleFile.Example ex = ExampleFile.read(png("g.png", img), new int[] {1, 2, 3});
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, ex.input(), 1e-15);
        assertNull(ex.label());
        // gray to three channels: the same plane three times
        double[] rgb = ExampleFile.read(png("g.png", img), new int[] {3, 2, 3}).input();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 6; i++) assertEquals(v[i] / 255.0, rgb[c * 6 + i], 1e-15);
        }
    }

    @Test
    void colourImageToChannelsAndToLuma() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff8000);  // orange
        img.setRGB(1, 0, 0x0000ff);  // blue
        Path p = png("c.png", img);
        assertArrayEquals(new double[] {1, 0, 128 / 255.0, 0, 0, 1}, ExampleFile.read(p, new int[] {3, 1, 2}).input(), 1e-15);
        // ITU-R 601 luma as PIL's convert('L'): (255·299 + 128·587 + 0) / 1000 = 151, (255·114) / 1000 = 29
        assertArrayEquals(new double[] {151 / 255.0, 29 / 255.0}, ExampleFile.read(p, new int[] {1, 1, 2}).input(), 1e-15);
    }

    @Test
    void badImages() throws Exception {
        Path small = png("small.png", new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY));
        BadInputException size = assertThrows(BadInputException.class, () -> ExampleFile.read(small, new int[] {1, 5, 5}));
        assertEquals("small.png: image is 2x2 (height x width), expected 5x5 (or set resize: true in data:)", size.getMessage());

        Path corrupt = write("bad.png", "not a png at all");
        BadInputException bad = assertThrows(BadInputException.class, () -> ExampleFile.read(corrupt, new int[] {1, 5, 5}));
        assertTrue(bad.getMessage().startsWith("bad.png: not an image ImageIO can read"), bad.getMessage());

        Path missing = fs.getPath("none.png");
        BadInputException none = assertThrows(BadInputException.class, () -> ExampleFile.read(missing, new int[] {1, 5, 5}));
        assertEquals("none.png: no such file", none.getMessage());

        BadInputException flat = assertThrows(BadInputException.class, () -> ExampleFile.read(small, new int[] {4}));
        assertTrue(flat.getMessage().contains("an image needs a (channels, height, width) input"), flat.getMessage());
    }
}
