package cnnbp.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnbp.BadInputException;
import cnnbp.config.AnswersFile;
import cnnbp.config.ConfigLoader;
import cnnbp.build.Sizes;
import cnnbp.trace.TraceJson;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the files users copy and edit: the shipped configs (parsed and their sizes checked),
 * the golden reference traces (read back and replayed) and the answers files (parsed). Each mutant is
 * the file with a few random edits (a range deleted or duplicated, a structural character or a number
 * inserted or replaced). Whatever the mutant, reading it must succeed or fail with a
 * {@link BadInputException} whose message starts with the file's name, the place; any other exception,
 * or a hang, fails the test with the seed and the mutant.
 */
class MutationFuzzTest {
    private static final long SEED = 20261128;
    private static final String[] INSERTS = {"[", "]", "{", "}", ":", ",", "-", "\"", "'", "\t", "\n", "  ", "&a ", "*a",
            "0", "-1", "1e309", "99999999999", "2147483647", ".nan", "null", "true", "#", "\\", "\u0000", "é", "x"};

    @Test
    void noMutantEndsInAnythingButAOneLineMessageWithAPlace() throws IOException {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
        int[] count = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(300), () -> {
            Random rng = new Random(SEED);
            for (Path conf : files(Path.of("configs"), ".conf")) {
                String text = Files.readString(conf);
                for (int i = 0; i < 600; i++, count[0]++) {
                    String mutant = mutate(text, rng);
                    Path file = fs.getPath("/" + conf.getFileName());
                    check(file, mutant, () -> Sizes.check(ConfigLoader.parse(mutant, file)));  // building would allocate
                }
            }
            for (Path ref : files(Path.of("src/test/resources/golden"), ".trace.json")) {
                String text = Files.readString(ref);
                int n = text.length() > 50_000 ? 10 : 40;  // the 28x28 traces replay slowly
                for (int i = 0; i < n; i++, count[0]++) {
                    String mutant = mutate(text, rng);
                    Path file = fs.getPath("/" + ref.getFileName());
                    Files.writeString(file, mutant);
                    check(file, mutant, () -> TraceJson.read(file));
                }
            }
            for (Path answers : files(Path.of("src/test/resources/compare"), ".answers.yaml")) {
                String text = Files.readString(answers);
                for (int i = 0; i < 500; i++, count[0]++) {
                    String mutant = mutate(text, rng);
                    Path file = fs.getPath("/" + answers.getFileName());
                    check(file, mutant, () -> AnswersFile.parse(mutant, file));
                }
            }
        });
        assertTrue(count[0] >= 4000, "only " + count[0] + " mutants");
    }

    private static void check(Path file, String mutant, Runnable read) {
        try {
            read.run();
        } catch (BadInputException e) {
            String m = e.getMessage();
            if (m == null || !m.startsWith(file.toString()) || m.contains("\n") || m.contains("Exception")) {
                fail("a message without its place, or not one line: " + m + "\nmutant:\n" + excerpt(mutant));
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + SEED + ": " + t + " on the mutant of " + file + ":\n" + excerpt(mutant), t);
        }
    }

    /** One to three random edits. */
    static String mutate(String text, Random rng) {
        StringBuilder sb = new StringBuilder(text);
        for (int edits = 1 + rng.nextInt(3); edits > 0 && sb.length() > 0; edits--) {
            int at = rng.nextInt(sb.length());
            int len = Math.min(sb.length() - at, 1 + rng.nextInt(rng.nextBoolean() ? 3 : 40));
            switch (rng.nextInt(5)) {
                case 0 -> sb.delete(at, at + len);
                case 1 -> sb.insert(at, sb.substring(at, at + len));
                case 2 -> sb.insert(at, INSERTS[rng.nextInt(INSERTS.length)]);
                case 3 -> sb.replace(at, at + 1, INSERTS[rng.nextInt(INSERTS.length)]);
                default -> {  // a number somewhere made absurd
                    int digit = sb.indexOf("1", at);
                    if (digit >= 0) sb.replace(digit, digit + 1, List.of("100000", "0", "-7", "1e9", "3.5").get(rng.nextInt(5)));
                }
            }
        }
        return sb.toString();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String excerpt(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
