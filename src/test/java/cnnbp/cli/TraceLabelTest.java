package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image from a class folder traces with that class as its label, and --label takes a class name. The
 * shipped sample's classes, sorted: ankle_boot 0, bag 1, coat 2, ... trouser 9.
 */
class TraceLabelTest {
    private static final String BAG = "data/fashion-small/test/bag/00018.png";

    @Test
    void anImageInAClassFolderHasThatClass() {
        Cli r = Cli.run("trace", "--config", "configs/fashion.conf", "--input", BAG);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("cnnbp trace of fashion.conf: one example, label 1,"), r.out().lines().findFirst().orElse(""));
    }

    @Test
    void labelTakesAClassNameOrANumber() {
        Cli byName = Cli.run("trace", "--config", "configs/fashion.conf", "--input", BAG, "--label", "trouser");
        assertEquals(0, byName.code(), byName.err());
        assertTrue(byName.out().contains("Y = one-hot of label 9"), byName.out());
        Cli byNumber = Cli.run("trace", "--config", "configs/fashion.conf", "--input", BAG, "--label", "9");
        assertEquals(byName.out(), byNumber.out());
    }

    @Test
    void anUnknownClassNameIsOneLineWithTheClasses() {
        Cli.run("trace", "--config", "configs/fashion.conf", "--input", BAG, "--label", "bga")
                .assertBadInput("cnnbp: --label: 'bga' is not a number nor a class of ", "(did you mean 'bag'?); the classes"
                        + " are ankle_boot, bag, coat, dress, pullover, sandal, shirt, sneaker, t-shirt_top, trouser");
        Cli.run("trace", "--config", "configs/seed002.conf", "--label", "cat")
                .assertBadInput("cnnbp: --label: 'cat' is not a number", "a folder of class folders");
    }

    @Test
    void anImageOutsideTheClassFoldersStillNeedsALabel(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(Path.of(BAG), dir.resolve("x.png"));
        Cli.run("trace", "--config", "configs/fashion.conf", "--input", copy.toString())
                .assertBadInput("cnnbp: " + copy + " carries no label", "--label");
    }
}
