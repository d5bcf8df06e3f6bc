package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.build.NetworkBuilder;
import cnnbp.config.AnswersFile;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.grade.Grader.Grade;
import cnnbp.model.Network;
import cnnbp.trace.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * compare grades what the trace shows beside a layer's output: batchnorm's mu2, var2 and Xhat2 given the
 * student's Z1, dL/dXhat2 given their dL/dZ2 and gamma2, a max pool's mask given their A1. The expected
 * values are worked out here from the definitions (configs/batchnorm-batch.conf: Z1 = 4 3 1 4 | 0 2 3 0).
 */
class ExtrasGradeTest {
    private static final Tolerance TOLERANCE = new Tolerance(0.01, 1e-4, 0);

    private static Grade grade(Path conf, String answers) throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        List<NetworkConfig.Example> ex = c.examples() != null ? c.examples() : List.of(c.example());
        int per = ex.get(0).input().length;
        double[] inputs = new double[ex.size() * per], labels = new double[ex.size()];
        for (int m = 0; m < ex.size(); m++) {
            System.arraycopy(ex.get(m).input(), 0, inputs, m * per, per);
            labels[m] = ex.get(m).label();
        }
        Trace t = Trace.of(net, inputs, labels, conf.toString());
        return Grader.grade(net, t, Answers.check(AnswersFile.parse(answers, Path.of("a.yaml")), t), TOLERANCE, 1);
    }

    private static List<String> verdicts(Grade g) {
        return g.verdicts().stream().map(v -> (v.name() + " " + v.kind() + " " + String.join(" ", v.given())).strip()).toList();
    }

    /** mean, biased variance and (z − mean) / √(var + 1e-5) of the values. */
    private static String normalised(double... z) {
        double mu = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mu) * (v - mu)).average().orElseThrow();
        String xhat = Arrays.stream(z).mapToObj(v -> Double.toString((v - mu) / Math.sqrt(var + 1e-5)))
                .collect(Collectors.joining(", "));
        return "mu2: " + mu + "\nvar2: " + var + "\nXhat2: [" + xhat + "]\n";
    }

    @Test
    void batchnormsTensorsAreGradedAndGivenTheStudentsZ1() throws IOException {
        Path conf = Path.of("configs", "batchnorm-batch.conf");
        assertEquals(List.of("mu2 CORRECT", "var2 CORRECT", "Xhat2 CORRECT"),
                verdicts(grade(conf, normalised(4, 3, 1, 4, 0, 2, 3, 0))));
        // their Z1 has 5 for the first 4: wrong, and their statistics right for it
        String theirs = "Z1: [5, 3, 1, 4, 0, 2, 3, 0]\n" + normalised(5, 3, 1, 4, 0, 2, 3, 0);
        assertEquals(List.of("Z1 WRONG", "mu2 CORRECT_GIVEN Z1", "var2 CORRECT_GIVEN Z1", "Xhat2 CORRECT_GIVEN Z1"),
                verdicts(grade(conf, theirs)));
        assertEquals(List.of("mu2 WRONG"), verdicts(grade(conf, "mu2: 2.5\n")));
    }

    @Test
    void aMisspelledNameIsSuggestedOne() {
        String msg = org.junit.jupiter.api.Assertions.assertThrows(cnnbp.BadInputException.class,
                () -> grade(Path.of("configs", "batchnorm-batch.conf"), "Xhat: [1]\n")).getMessage();
        assertEquals("a.yaml:1:1: unknown tensor 'Xhat' (did you mean 'Xhat2'?); the reference's tensors are X, W1, b1,"
                + " gamma2, beta2, W3, b3, Y, Z1, Z2, A2, F, Z3, A3, L, dL/dA3, dL/dZ3, dL/dW3, dL/db3, dL/dF, dL/dA2, dL/dZ2,"
                + " dL/dgamma2, dL/dbeta2, dL/dZ1, dL/dW1, dL/db1", msg);
    }

    /** dL/dXhat2 = dL/dZ2 ⊙ gamma2 with gamma2 = 2: right from their own dL/dZ2, wrong without the gamma. */
    @Test
    void dxhatIsGradedGivenTheStudentsDz2() throws IOException {
        Path conf = Path.of("configs", "batchnorm-batch.conf");
        String dz2 = "\"dL/dZ2\": [0.1, 0.2, 0, -0.3, 0, 0.4, 0.5, 0]\n";
        assertEquals(List.of("dL/dZ2 WRONG", "dL/dXhat2 CORRECT_GIVEN dL/dZ2"),
                verdicts(grade(conf, dz2 + "\"dL/dXhat2\": [0.2, 0.4, 0, -0.6, 0, 0.8, 1.0, 0]\n")));
        assertEquals(List.of("dL/dZ2 WRONG", "dL/dXhat2 WRONG dL/dZ2"),
                verdicts(grade(conf, dz2 + "\"dL/dXhat2\": [0.1, 0.2, 0, -0.3, 0, 0.4, 0.5, 0]\n")));
    }

    /** seed002's A1 = Z1 (all positive): the 2x2 windows of the 4x4 have their maxima at the bottom right. */
    @Test
    void aMaxPoolsMaskIsGradedToo() throws IOException {
        String mask = "mask of P1: [[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]\n";
        assertEquals(List.of("mask of P1 CORRECT"), verdicts(grade(Path.of("configs", "seed002.conf"), mask)));
    }
}
