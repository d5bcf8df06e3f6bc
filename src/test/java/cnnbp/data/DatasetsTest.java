package cnnbp.data;

import static cnnbp.data.TestData.gray;
import static cnnbp.data.TestData.plain;
import static cnnbp.data.TestData.png;
import static cnnbp.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatasetsTest {
    private static final int[] SHAPE = {1, 1, 2};
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    private Dataset folders(String root, String... classes) {
        for (String c : classes) png(fs.getPath(root, c, "1.png"), gray(2, 1, 0, 0));
        return Datasets.open(fs.getPath(root), SHAPE, plain());
    }

    private Dataset csv(String name, String text) {
        return Datasets.open(write(fs.getPath(name), text), SHAPE, plain());
    }

    private String mismatch(Dataset train, Dataset test) {
        return assertThrows(BadInputException.class, () -> Datasets.checkSameClasses(train, test, fs.getPath("/test")))
                .getMessage();
    }

    @Test
    void sameClassesPass() {
        Dataset train = folders("/train", "cat", "dog"), test = folders("/test", "dog", "cat");
        assertEquals(List.of("cat", "dog"), test.classes(), "class folders in sorted order, whatever order they were made in");
        assertDoesNotThrow(() -> Datasets.checkSameClasses(train, test, fs.getPath("/test")));
    }

    @Test
    void differingClassFoldersAreListed() {
        Dataset train = folders("/train", "bag", "coat", "sneaker");
        assertEquals("/test: the test set's classes differ from the training set's: not in training: sneakers;"
                + " missing from test: sneaker", mismatch(train, folders("/t1", "bag", "coat", "sneakers")));
        assertEquals("/test: the test set's classes differ from the training set's: missing from test: coat",
                mismatch(train, folders("/t2", "bag", "sneaker")));
        assertEquals("/test: the test set's classes differ from the training set's: not in training: dress",
                mismatch(train, folders("/t3", "bag", "coat", "dress", "sneaker")));
    }

    @Test
    void numberedClassesMayStopShortButNotGoFurther() {
        Dataset train = csv("/train.csv", "0,1,2\n3,1,2\n");    // classes 0..3
        assertDoesNotThrow(() -> Datasets.checkSameClasses(train, csv("/a.csv", "1,1,2\n2,1,2\n"), fs.getPath("/test")));
        assertEquals("/test: the test set has labels up to 5, the training set only up to 3",
                mismatch(train, csv("/b.csv", "5,1,2\n")));
        Dataset named = folders("/named", "0", "1", "cat");
        assertEquals("/test: the test set's classes differ from the training set's: not in training: 2, 3;"
                + " missing from test: cat", mismatch(named, train));
    }

    @Test
    void plainNumberLabelsMatchAnything() {
        Dataset regression = csv("/r.csv", "0.5,1,2\n");
        assertEquals(List.of(), regression.classes());
        assertDoesNotThrow(() -> Datasets.checkSameClasses(regression, csv("/s.csv", "2,1,2\n"), fs.getPath("/test")));
    }

    @Test
    void aFileOfNoKnownKind() {
        Path file = write(fs.getPath("/data.json"), "{\"x\": 1}");
        assertEquals("/data.json: not a folder of class folders, a .csv file, or an IDX images file"
                + " (which starts with the magic number 0x00000803)",
                assertThrows(BadInputException.class, () -> Datasets.open(file, SHAPE, plain())).getMessage());
    }
}
