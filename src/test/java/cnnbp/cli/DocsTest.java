package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command output quoted in README.md and docs/*.md is what the command prints today: each quoted
 * command runs again, in-process through picocli, and its stdout then stderr must equal the quote. The
 * conventions a document follows are in docs/testing.md, "Quoted output":
 * <ul>
 *   <li>a fenced block whose lines {@code $ ./cnnbp ...} each start a command, followed by what it prints;
 *   <li>or a block right after {@code <!-- $ ./cnnbp ... -->}: the whole block is what that command prints;
 *   <li>a line {@code ...} in a quote stands for any number of lines;
 *   <li>{@code <!-- doc-test: times vary -->} before a block: durations and speeds ({@code 0.9 s},
 *       {@code 6185 img/s}) are compared as "a number", everything else exactly;
 *   <li>{@code <!-- doc-test: not run: WHY -->} before a block: not run; {@link #NOT_RUN} lists every such block.
 * </ul>
 * A file the docs' commands write, {@code fashion.json}, goes to a temporary folder instead.
 */
class DocsTest {
    /** Every quoted output that is not re-run: its file and the reason its mark gives (docs/testing.md lists them too). */
    private static final Set<String> NOT_RUN = Set.of(
            "README.md: Maven's output, not cnnbp's",
            "docs/train.md: needs a config edited to lr: 10 and a one-epoch checkpoint",
            "docs/export.md: the output of scripts/check-export, which needs PyTorch",
            "docs/bad-input.md: needs a checkpoint of an earlier run",
            "docs/extending.md: the example plugin with its backward broken by hand",
            "docs/layer-protocol.md: a sample report of a broken layer program",
            "docs/layer-protocol.md: a sample message of a broken layer program",
            "docs/teaching.md: a shell session: the roster file and the commands around cnnbp",
            "docs/teaching.md: a shell session: grading the class the commands above made");

    private static final Pattern COMMENT_COMMAND = Pattern.compile("<!-- \\$ (\\./cnnbp .*) -->");
    private static final Pattern NOT_RUN_MARK = Pattern.compile("<!-- doc-test: not run: (.*) -->");
    private static final String TIMES_VARY = "<!-- doc-test: times vary -->";
    /** A usage synopsis ({@code cnnbp trace --config F ...}): a quote of the syntax, not of output. */
    private static final Pattern SYNOPSIS = Pattern.compile("cnnbp [a-z]+( +[-\\[A-Z#].*)?");
    private static final Pattern DURATION = Pattern.compile("\\d[\\d.,]*( s\\b| img/s)");
    private static final String SCRATCH_FILE = "fashion.json";
    private static final String TRAIN_FASHION = "train --config configs/fashion.conf --save fashion.json";

    private static Path scratch;
    private static final Map<String, String> outputs = new HashMap<>();

    /** One command and what a document says it prints. */
    record Quote(String where, String command, List<String> expected, boolean timesVary) {}

    @BeforeAll
    static void makeScratch() throws IOException {
        scratch = Files.createTempDirectory("cnnbp-docs");
    }

    @AfterAll
    static void removeScratch() throws IOException {
        try (Stream<Path> files = Files.list(scratch)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(scratch);
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @TestFactory
    Stream<DynamicTest> everyQuotedOutputIsWhatTheCommandPrints() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : documents()) {
            for (Quote q : quotes(doc)) {
                tests.add(DynamicTest.dynamicTest(q.where() + ": " + q.command(), () -> check(q)));
            }
        }
        return tests.stream();
    }

    @Test
    void theDocsQuoteOutputsOfEveryCommand() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path doc : documents()) quotes(doc).forEach(q -> commands.add(q.command()));
        for (String sub : List.of("trace", "summary", "train", "evaluate", "predict", "gradcheck", "compare")) {
            assertTrue(commands.stream().anyMatch(c -> c.startsWith("./cnnbp " + sub + " ")), sub);
        }
    }

    @Test
    void aLineOfDotsMatchesAnyLinesAndNothingElseDoes() {
        assertTrue(matches(List.of("a", "...", "d"), List.of("a", "b", "c", "d")));
        assertTrue(matches(List.of("a", "...", "d"), List.of("a", "d")));
        assertTrue(!matches(List.of("a", "...", "d"), List.of("a", "b", "c")));
        assertTrue(!matches(List.of("a", "b"), List.of("a", "b", "c")));
    }

    @Test
    void timesAreMaskedOnlyWhereTheyVary() {
        assertEquals("1,000 examples (# s), # img/s, loss 0.4531",
                maskTimes("1,000 examples (0.9 s), 6185 img/s, loss 0.4531"));
    }

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]*))?\\)");

    @Test
    void everyLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String file = m.group(1), anchor = m.group(2);
                if (file.startsWith("http")) continue;
                Path target = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(doc + ": " + m.group());
                } else if (anchor != null && !anchors(target).contains(anchor)) {
                    broken.add(doc + ": " + m.group() + ": no such heading in " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path md) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(md)) {
            if (line.strip().startsWith("```")) fenced = !fenced;
            if (fenced || !line.startsWith("#")) continue;
            String title = line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT);
            anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    /** The quotes of one document; fails on a block that looks like output but follows no convention. */
    static List<Quote> quotes(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Quote> quotes = new ArrayList<>();
        int notRun = 0;
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) continue;
            String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
            int end = i + 1;
            while (!lines.get(end).strip().equals("```")) end++;
            List<String> block = new ArrayList<>();
            for (String s : lines.subList(i + 1, end)) block.add(s.startsWith(indent) ? s.substring(indent.length()) : s);
            String before = i > 0 ? lines.get(i - 1).strip() : "";
            String where = doc + ":" + (i + 1);
            boolean timesVary = before.equals(TIMES_VARY);
            Matcher comment = COMMENT_COMMAND.matcher(before), notRunMark = NOT_RUN_MARK.matcher(before);
            if (notRunMark.matches()) {
                String key = doc + ": " + notRunMark.group(1);
                assertTrue(NOT_RUN.contains(key), "a block not run that DocsTest.NOT_RUN does not list: " + key);
                notRun++;
            } else if (comment.matches()) {
                quotes.add(new Quote(where, comment.group(1), block, false));
            } else if (!block.isEmpty() && block.get(0).startsWith("$ ./cnnbp ")) {
                quotes.addAll(commandsIn(where, block, timesVary));
            } else if (fence.equals("```") && !block.isEmpty() && !SYNOPSIS.matcher(block.get(0)).matches()) {
                fail(where + ": a quoted block that is neither run nor marked (see docs/testing.md): " + block.get(0));
            } else if (block.stream().anyMatch(s -> s.startsWith("$ ") || s.startsWith("cnnbp: "))) {
                fail(where + ": output in a block that is not run (see docs/testing.md)");
            }
            i = end;
        }
        long listed = NOT_RUN.stream().filter(k -> k.startsWith(doc + ": ")).count();
        assertEquals(listed, notRun, doc + ": the blocks DocsTest.NOT_RUN lists are still there, marked");
        return quotes;
    }

    /** The {@code $ ./cnnbp ...} commands of a block and the lines after each; a trailing {@code \} continues a command. */
    private static List<Quote> commandsIn(String where, List<String> block, boolean timesVary) {
        List<Quote> quotes = new ArrayList<>();
        int i = 0;
        while (i < block.size()) {
            StringBuilder command = new StringBuilder(block.get(i).substring(2));
            while (command.toString().endsWith("\\")) {
                command.setLength(command.length() - 1);
                command.append(block.get(++i).strip());
            }
            List<String> expected = new ArrayList<>();
            for (i++; i < block.size() && !block.get(i).startsWith("$ "); i++) expected.add(block.get(i));
            quotes.add(new Quote(where, command.toString().strip(), expected, timesVary));
        }
        return quotes;
    }

    private static void check(Quote q) {
        String printed = run(q.command());
        List<String> expected = q.expected(), got = printed.lines().toList();
        if (q.timesVary()) {
            expected = expected.stream().map(DocsTest::maskTimes).toList();
            got = got.stream().map(DocsTest::maskTimes).toList();
        }
        if (!matches(expected, got)) {
            assertEquals(String.join("\n", expected), String.join("\n", got), q.where() + ": " + q.command());
        }
    }

    /** What {@code ./cnnbp ARGS} prints, stdout then stderr; each command runs once per test run. */
    private static String run(String command) {
        String args = command.substring("./cnnbp ".length());
        String cached = outputs.get(args);
        if (cached != null) return cached;
        if (args.contains(SCRATCH_FILE) && !args.equals(TRAIN_FASHION)) run("./cnnbp " + TRAIN_FASHION);
        String scratchPath = scratch.resolve(SCRATCH_FILE).toString();
        List<String> argv = new ArrayList<>();
        for (String a : words(args)) argv.add(a.equals(SCRATCH_FILE) ? scratchPath : a);
        Cli r = Cli.run(argv.toArray(String[]::new));
        String printed = (r.out() + r.err()).replace(System.lineSeparator(), "\n").replace(scratchPath, SCRATCH_FILE);
        outputs.put(args, printed);
        return printed;
    }

    /** The words of a command line as a shell splits them: spaces, single quotes, a {@code #} comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (quoted) {
                if (c == '\'') quoted = false;
                else word.append(c);
            } else if (c == '\'') {
                quoted = true;
                if (word == null) word = new StringBuilder();
            } else if (c == ' ') {
                if (word != null) words.add(word.toString());
                word = null;
            } else if (c == '#' && word == null) {
                break;
            } else {
                if (word == null) word = new StringBuilder();
                word.append(c);
            }
        }
        if (word != null) words.add(word.toString());
        return words;
    }

    static String maskTimes(String line) {
        return DURATION.matcher(line).replaceAll("#$1");
    }

    /** Whether {@code got} is {@code expected}, where a line {@code ...} in expected stands for any lines. */
    static boolean matches(List<String> expected, List<String> got) {
        if (expected.isEmpty()) return got.isEmpty();
        if (expected.get(0).equals("...")) {
            for (int skip = 0; skip <= got.size(); skip++) {
                if (matches(expected.subList(1, expected.size()), got.subList(skip, got.size()))) return true;
            }
            return false;
        }
        return !got.isEmpty() && expected.get(0).equals(got.get(0))
                && matches(expected.subList(1, expected.size()), got.subList(1, got.size()));
    }
}
