package cnnbp.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.check.Batch;
import cnnbp.check.CheckOptions;
import cnnbp.check.GradCheck;
import cnnbp.check.NetworkResult;
import cnnbp.loss.LossKind;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Dense;
import cnnbp.layer.Flatten;
import cnnbp.layer.Layer;
import cnnbp.layer.Softmax;
import cnnbp.loss.Loss;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecLayer with the example's numpy conv: the same numbers as Conv2d, and a network gradcheck passes through it. */
class ExecLayerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void python() {
        Python.assumeNumpy();
    }

    private static Map<String, Object> conv(int filters, int[] kernel, int[] stride, int[] padding) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("filters", filters);
        o.put("kernel", kernel);
        o.put("stride", stride);
        o.put("padding", padding);
        return o;
    }

    private static void random(double[] v, SplittableRandom rnd) {
        for (int i = 0; i < v.length; i++) v[i] = 2 * rnd.nextDouble() - 1;
    }

    @Test
    void forwardIsConv2dsAndANetworkThroughItPassesGradcheckAtBatchFive() {
        String cmd = Python.variant(dir, "my_conv.py");
        try (ExecProcess p = new ExecProcess("layer 1 exec", cmd, dir, 30)) {
            int[] in = {2, 5, 4};
            ExecLayer exec = ExecLayer.init(p, in, conv(3, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}), Map.of());
            assertArrayEquals(new int[] {3, 3, 3}, exec.outShape());
            assertEquals(List.of("W", "b"), exec.params().stream().map(q -> q.key).toList());
            SplittableRandom rnd = new SplittableRandom(5);
            Tensor w = exec.params().get(0).value, b = exec.params().get(1).value;
            random(w.data, rnd);
            random(b.data, rnd);
            Conv2d ref = new Conv2d(in, 3, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, w.copy(), b.copy());
            Tensor x = Tensor.batch(5, in);
            random(x.data, rnd);
            Tensor y = exec.forward(x), yRef = ref.forward(x);
            for (int i = 0; i < y.size(); i++) assertEquals(yRef.data[i], y.data[i], 1e-12);

            List<Layer> layers = List.of(exec, new Flatten(exec.outShape()), dense(27, 4, rnd), new Softmax(4));
            Network net = new Network(in, layers, Loss.of(LossKind.CROSS_ENTROPY));
            Batch batch = Batch.random(net, 5, 3);
            NetworkResult r = GradCheck.run("exec", net, batch, CheckOptions.defaults().withInputGrad(true), "test",
                    (done, total) -> {});
            assertTrue(r.passed(), r.toString());
            assertEquals(List.of("W1", "b1", "W2", "b2", "X"), r.tensors().stream().map(t -> t.name()).toList());
            assertEquals(w.size() + b.size() + 27 * 4 + 4 + x.size(), r.checked());
        }
        assertEquals(List.of(), Python.children());
    }

    private static Dense dense(int in, int units, SplittableRandom rnd) {
        Tensor w = Tensor.zeros(units, in);
        random(w.data, rnd);
        return new Dense(in, units, w, Tensor.zeros(units));
    }

    @Test
    void aNetworkGradcheckNamesTheExecLayersWrongWeightGradient() {
        String cmd = Python.variant(dir, "my_conv.py", "return dx, {\"W\": dW,", "return dx, {\"W\": 2 * dW,");
        try (ExecProcess p = new ExecProcess("layer 1 exec", cmd, dir, 30)) {
            int[] in = {1, 4, 4};
            ExecLayer exec = ExecLayer.init(p, in, conv(2, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}), Map.of());
            SplittableRandom rnd = new SplittableRandom(1);
            Network net = new Network(in, List.of(exec, new Flatten(exec.outShape()), dense(18, 3, rnd), new Softmax(3)),
                    Loss.of(LossKind.CROSS_ENTROPY));
            NetworkResult r = GradCheck.run("exec", net, Batch.random(net, 5, 1), CheckOptions.defaults(), "test",
                    (done, total) -> {});
            assertFalse(r.passed());
            assertEquals(List.of("W1"), r.tensors().stream().filter(t -> !t.passed()).map(t -> t.name()).toList());
        }
    }

    @Test
    void givenWeightsReplaceTheProgramsAndMustBeItsParameters() {
        String cmd = Python.variant(dir, "my_conv.py");
        Map<String, Object> o = conv(1, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0});
        try (ExecProcess p = new ExecProcess("layer 3 exec", cmd, dir, 30)) {
            Tensor w = new Tensor(new int[] {4}, new double[] {1, 2, 3, 4});
            ExecLayer l = ExecLayer.init(p, new int[] {1, 3, 3}, o, Map.of("W", w));
            assertArrayEquals(new double[] {1, 2, 3, 4}, l.params().get(0).value.data);
            assertArrayEquals(new int[] {1, 1, 2, 2}, l.params().get(0).value.shape);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> ExecLayer.init(p, new int[] {1, 3, 3}, o, Map.of("weight", w)));
            assertEquals("layer 3 exec (" + cmd + "): init: weights: \"weight\" is not a parameter of the program;"
                    + " its parameters are W, b", e.getMessage());
            assertFalse(p.handle().isAlive(), "a failed program is ended");
        }
    }

    @Test
    void closeEndsTheProgramAndEverythingItStarted() throws InterruptedException {
        ExecProcess p = new ExecProcess("layer 1 exec", "sleep 30 & sleep 30; cat", dir, 30);
        List<ProcessHandle> tree = p.handle().descendants().toList();
        for (int i = 0; i < 100 && tree.size() < 2; i++) {  // until the shell has started both sleeps
            Thread.sleep(50);
            tree = p.handle().descendants().toList();
        }
        assertEquals(2, tree.size(), tree.toString());
        p.close();
        assertFalse(p.handle().isAlive());
        for (ProcessHandle h : tree) assertTrue(Python.ended(h), h.info().toString());
        assertEquals(List.of(), Python.children());
    }
}
