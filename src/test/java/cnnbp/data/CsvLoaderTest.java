package cnnbp.data;

import static cnnbp.data.TestData.input;
import static cnnbp.data.TestData.plain;
import static cnnbp.data.TestData.spec;
import static cnnbp.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import cnnbp.config.DataSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvLoaderTest {
    private static final int[] SHAPE = {1, 2, 2};
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    private Dataset load(String text, DataSpec spec) {
        return Datasets.open(write(fs.getPath("/d/train.csv"), text), SHAPE, spec);
    }

    private static double[] labels(Dataset d) {
        double[] l = new double[d.size()];
        for (int i = 0; i < l.length; i++) l[i] = d.label(i);
        return l;
    }

    @Test
    void rowsWithoutHeader() {
        Dataset d = load("2,0,51,102,255\n0, 1 ,2,3,4\n", plain());
        assertEquals(2, d.size());
        assertArrayEquals(new double[] {2, 0}, labels(d));
        assertArrayEquals(new double[] {0, 51, 102, 255}, input(d, 0));
        assertArrayEquals(new double[] {1, 2, 3, 4}, input(d, 1));
        assertEquals(List.of("0", "1", "2"), d.classes(), "the labels 0..max");
        assertEquals(List.of("/d/train.csv:1", "/d/train.csv:2"), List.of(d.source(0), d.source(1)));
        assertArrayEquals(SHAPE, d.shape());
    }

    @Test
    void headerRowIsRecognisedAndBlankLinesKeepLineNumbers() {
        Dataset d = load("\uFEFFlabel,p0,p1,p2,p3\n1,0,51,102,255\n\n0,1,2,3,4\n", plain());
        assertEquals(2, d.size());
        assertArrayEquals(new double[] {1, 0}, labels(d));
        assertArrayEquals(new double[] {1, 2, 3, 4}, input(d, 1));
        assertEquals(List.of("/d/train.csv:2", "/d/train.csv:4"), List.of(d.source(0), d.source(1)));
    }

    @Test
    void scaleMultipliesEveryValue() {
        Dataset bytes = load("1,0,51,102,255\n", spec(1 / 255.0, null, false, false));
        // 8-bit values are kept as bytes and scaled on the way out: b · (1/255), as the config says
        assertArrayEquals(new double[] {0, 51 * (1 / 255.0), 102 * (1 / 255.0), 1}, input(bytes, 0));
        Dataset doubles = load("1,0,51,102,255\n0,-1.5,0.25,300,7\n", spec(0.5, null, false, false));
        assertArrayEquals(new double[] {0, 25.5, 51, 127.5}, input(doubles, 0));
        assertArrayEquals(new double[] {-0.75, 0.125, 150, 3.5}, input(doubles, 1));
    }

    @Test
    void numbersInAnyForm() {
        assertArrayEquals(new double[] {7, 100, 5, 256}, input(load("1,007,1e2,+5,256\n", plain()), 0));
        assertArrayEquals(new double[] {255, 0, 12, 0.5}, input(load("1,255,0.0,\" 12\",.5\n", plain()), 0));
    }

    @Test
    void labelColumnByIndexAndByName() {
        Dataset byIndex = load("10,20,3,30,40\n11,21,1,31,41\n", spec(1, "2", false, false));
        assertArrayEquals(new double[] {3, 1}, labels(byIndex));
        assertArrayEquals(new double[] {10, 20, 30, 40}, input(byIndex, 0));
        Dataset byName = load("a,b,c,d,y\n10,20,30,40,3\n", spec(1, "y", false, false));
        assertArrayEquals(new double[] {3}, labels(byName));
        assertArrayEquals(new double[] {10, 20, 30, 40}, input(byName, 0));
        Dataset indexWithHeader = load("a,b,c,d,y\n10,20,30,40,3\n", spec(1, "4", false, false));
        assertArrayEquals(new double[] {3}, labels(indexWithHeader));
    }

    @Test
    void labelsThatAreNotClassIndicesGiveNoClasses() {
        Dataset d = load("0.5,1,2,3,4\n-2,1,2,3,4\n", plain());
        assertArrayEquals(new double[] {0.5, -2}, labels(d));
        assertEquals(List.of(), d.classes(), "plain numbers, for a one-output mse; the trainer checks labels against the loss");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("1,2,3\n", null, "/d/train.csv:1: 3 columns, expected 5 (label, then 4 values for input 1x2x2)"),
                Arguments.of("1,1,2,3,4\n1,1,2,3\n", null, "/d/train.csv:2: 4 columns, expected 5 (label, then 4 values for input 1x2x2)"),
                Arguments.of("1,1,2,3,4,5\n", null, "/d/train.csv:1: 6 columns, expected 5 (label, then 4 values for input 1x2x2)"),
                Arguments.of("1,2,3,4\n", "1", "/d/train.csv:1: 4 columns, expected 5 (the label in column 2 and 4 values for input 1x2x2)"),
                Arguments.of("1,1,2,3,4\n\n1,1,x,3,4\n", null, "/d/train.csv:3:3: column 3 is 'x', expected a finite number"),
                Arguments.of("l,a,b,c,d\n1,1,2,,4\n", null, "/d/train.csv:2:4: column 4 (c) is '', expected a finite number"),
                Arguments.of("1,1,2,3,Infinity\n", null, "/d/train.csv:1:5: column 5 is 'Infinity', expected a finite number"),
                Arguments.of("cat,1,2,3,4\n", "0", "/d/train.csv: no data rows; expected rows of a label and 4 values (input 1x2x2)"),
                Arguments.of("1,1,2,3,4\ncat,1,2,3,4\n", null, "/d/train.csv:2:1: column 1 is 'cat', expected a finite number"),
                Arguments.of("", null, "/d/train.csv: no data rows; expected rows of a label and 4 values (input 1x2x2)"),
                Arguments.of("label,a,b,c,d\n", null, "/d/train.csv: no data rows; expected rows of a label and 4 values (input 1x2x2)"),
                Arguments.of("1,2,3,4,5\n", "5", "/d/train.csv: label_column 5 is not a column; rows of a label and 4 values have 5 columns, numbered 0..4"),
                Arguments.of("1,2,3,4,5\n", "-1", "/d/train.csv: label_column -1 is not a column; rows of a label and 4 values have 5 columns, numbered 0..4"),
                Arguments.of("label,a,b,c,d\n1,2,3,4,5\n", "lable", "/d/train.csv:1: no column 'lable' in the header (did you mean 'label'?)"),
                Arguments.of("1,2,3,4,5\n", "label", "/d/train.csv:1: label_column 'label' names a header column, but the first row is data, not a header"),
                Arguments.of("1,\"2,3,4,5\n", null, "/d/train.csv:1: a quote opened on this line is never closed; expected a closing \" before the end of the file"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void mistakesNameFileRowAndColumn(String text, String labelColumn, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> load(text, spec(1, labelColumn, false, false)));
        if (message.endsWith(": ")) assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
        else assertEquals(message, e.getMessage());
    }

    @Test
    void missingFile() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Datasets.open(fs.getPath("/d/none.csv"), SHAPE, plain()));
        assertEquals("/d/none.csv: no such file or folder", e.getMessage());
    }
}
