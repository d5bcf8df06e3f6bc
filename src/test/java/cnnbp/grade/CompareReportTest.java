package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Golden reports: {@code cnnbp compare} on hand-made answers to the three lecture networks must print
 * exactly the report files in {@code src/test/resources/compare/}. Each answers file says, beside
 * every tensor, what the mistake is, the values worked out by hand, and which verdict is right and
 * why; the report files were checked line by line against those comments. The references are
 * {@code cnnbp trace --format json} of {@code configs/seed00N.conf}; compare checks that they agree
 * with what their network computes, so they cannot drift from the engine unnoticed.
 *
 * <ul>
 *   <li>seed002 (conv, relu, max pool, dense, softmax, cross-entropy): a wrong Z1 carried through the
 *       forward pass, max-pool routing by the student's own A1, a wrong dL/dF carried down to dL/dW1,
 *       a right A2 whose rounding carries into L, a null (not answered), a copied W2 (not scored);
 *       text and the cnnbp-compare/1 JSON.
 *   <li>seed000 (sigmoid, BCE) with --digits 3: a wrong A2 carried into L and the fused dL/dZ2, a
 *       tensor left out of the file (F) bridged from P1, a value left null, a sign slip carried into
 *       dL/dW1 where a recomputed 2e-11 meets the student's 0 within atol.
 *   <li>seed001 (stride-2 conv): a miscopied W1 carried through everything, and dL/dW1 computed
 *       without the stride, wrong either way.
 * </ul>
 */
class CompareReportTest {
    private static final Path DIR = Path.of("src", "test", "resources", "compare");

    static Stream<Arguments> reports() {
        return Stream.of(
                Arguments.of("seed002", "seed002.report.txt", List.of()),
                Arguments.of("seed002", "seed002.report.json", List.of("--format", "json")),
                Arguments.of("seed000", "seed000.report.txt", List.of("--digits", "3")),
                Arguments.of("seed001", "seed001.report.txt", List.of()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("reports")
    void reportIsTheCheckedOne(String network, String report, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("compare", DIR.resolve(network + ".ref.json").toString(),
                DIR.resolve(network + ".answers.yaml").toString()));
        args.addAll(options);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args.toArray(String[]::new));
        assertEquals("", err.toString());
        assertEquals(Files.readString(DIR.resolve(report)), out.toString());
        assertEquals(1, code, "something is wrong in every one of these answers");
    }
}
