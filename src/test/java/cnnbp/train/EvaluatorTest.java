package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.ConfigLoader;
import cnnbp.data.Dataset;
import cnnbp.data.TestDatasets;
import cnnbp.build.NetworkBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static cnnbp.model.Network net(String yaml) {
        return NetworkBuilder.build(ConfigLoader.parse(yaml, Path.of("e.conf")));
    }

    @Test
    void confusionMatrixLossAndAccuracyByHand() {
        // Identity dense layer then softmax: the prediction is the larger input, the first on a tie.
        var net = net("input: [2]\nlayers:\n  - dense: {units: 2, weights: [[1, 0], [0, 1]], bias: [0, 0]}\n"
                + "  - softmax\nloss: cross_entropy\n");
        double ln3 = Math.log(3);
        var data = TestDatasets.of(new int[] {2},
                new double[] {ln3, 0, /* p = (3/4, 1/4) */ 0, ln3, /* (1/4, 3/4) */ 0, ln3, 1, 1 /* a tie: (1/2, 1/2) */},
                new double[] {0, 0, 1, 1}, List.of("cat", "dog"), "pets.csv");
        Evaluation ev = new Evaluator(net, data, "test data", 3).run();  // batches of 3 and 1
        // true cat: predicted cat, dog; true dog: dog, and cat on the tie
        assertArrayEquals(new int[][] {{1, 1}, {1, 1}}, ev.confusion());
        assertEquals(0.5, ev.accuracy());
        // L = (−ln 3/4 − ln 1/4 − ln 3/4 − ln 1/2) / 4 = (2 ln 4/3 + ln 4 + ln 2) / 4
        assertEquals((2 * Math.log(4.0 / 3) + Math.log(4) + Math.log(2)) / 4, ev.loss(), 1e-15);
        assertEquals(List.of("cat", "dog"), ev.classes());
        assertEquals(0.5, ev.classAccuracy(1));
        assertEquals(2, ev.classTotal(0));
    }

    @Test
    void oneSigmoidOutputNamesClassOneAboveOneHalf() {
        var net = net("input: [1]\nlayers:\n  - dense: {units: 1, weights: [[1]], bias: [0]}\n  - sigmoid\nloss: bce\n");
        // sigmoid(0) = 0.5 is class 0; sigmoid(0.1) > 0.5 is class 1; sigmoid(−2) class 0
        var data = TestDatasets.of(new int[] {1}, new double[] {0, 0.1, -2}, new double[] {1, 1, 0}, List.of(), "b.csv");
        Evaluation ev = new Evaluator(net, data, "test data", 8).run();
        assertArrayEquals(new int[][] {{1, 0}, {1, 1}}, ev.confusion());
        assertEquals(List.of("0", "1"), ev.classes(), "no names: the class numbers");
    }

    @Test
    void aRegressionHasALossButNoAccuracy() {
        var net = net("input: [1]\nlayers:\n  - dense: {units: 1, weights: [[2]], bias: [0]}\nloss: mse\n");
        var data = TestDatasets.of(new int[] {1}, new double[] {1, 2}, new double[] {1, 1}, List.of(), "r.csv");
        Evaluation ev = new Evaluator(net, data, "test data", 8).run();
        assertEquals((1 + 9) / 2.0, ev.loss(), 0.0);  // outputs 2 and 4 against 1: (1² + 3²) / 2
        assertTrue(Double.isNaN(ev.accuracy()));
        assertEquals(0, ev.confusion().length);
    }
}
