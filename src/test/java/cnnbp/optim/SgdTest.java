package cnnbp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.layer.Param;
import cnnbp.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdTest {
    private static Param param(double... w) {
        return new Param("W", new Tensor(new int[] {w.length}, w));
    }

    private static void grad(Param p, double... g) {
        System.arraycopy(g, 0, p.grad.data, 0, g.length);
    }

    @Test
    void momentumAndWeightDecayByHand() {
        Param p = param(1.0, -2.0);
        Sgd sgd = new Sgd(List.of(p), 0.9, 0, false, 0.01);
        // step 1: d = g + 0.01·w = (0.5 + 0.01, 0.25 − 0.02) = (0.51, 0.23); v = d (first step);
        //         w = w − 0.1·v = (1 − 0.051, −2 − 0.023) = (0.949, −2.023)
        grad(p, 0.5, 0.25);
        sgd.step(0.1);
        assertArrayEquals(new double[] {0.949, -2.023}, p.value.data, 1e-15);
        assertArrayEquals(new double[] {0.51, 0.23}, sgd.state().get("momentum_buffer")[0], 1e-15);
        // step 2: d = (−0.1 + 0.00949, 0.4 − 0.02023) = (−0.09051, 0.37977);
        //         v = 0.9·(0.51, 0.23) + d = (0.459 − 0.09051, 0.207 + 0.37977) = (0.36849, 0.58677);
        //         w = (0.949 − 0.036849, −2.023 − 0.058677) = (0.912151, −2.081677)
        grad(p, -0.1, 0.4);
        sgd.step(0.1);
        assertArrayEquals(new double[] {0.36849, 0.58677}, sgd.state().get("momentum_buffer")[0], 1e-15);
        assertArrayEquals(new double[] {0.912151, -2.081677}, p.value.data, 1e-15);
    }

    @Test
    void withoutMomentumThereIsNoBufferAndTheStepIsPlain() {
        Param p = param(3.0);
        Sgd sgd = new Sgd(List.of(p), 0, 0, false, 0.1);
        grad(p, 2.0);
        sgd.step(0.5);  // w = 3 − 0.5·(2 + 0.1·3) = 3 − 1.15 = 1.85
        assertEquals(1.85, p.value.data[0], 1e-15);
        grad(p, 2.0);
        sgd.step(0.5);  // w = 1.85 − 0.5·(2 + 0.185) = 1.85 − 1.0925 = 0.7575: no memory of the last step
        assertEquals(0.7575, p.value.data[0], 1e-15);
        assertEquals(Map.of(), sgd.state());
        assertEquals(2, sgd.steps());
    }

    @Test
    void zeroWeightDecayLeavesTheGradientExactlyAlone() {
        Param p = param(0.7);
        Sgd sgd = new Sgd(List.of(p), 0.9, 0, false, 0);
        grad(p, 0.3);
        sgd.step(0.25);
        assertEquals(0.7 - 0.25 * 0.3, p.value.data[0]);  // bit for bit: no 0·w added
    }

    @Test
    void restoredBuffersContinueExactlyAsAnUninterruptedOptimizer() {
        Param a = param(1.0, 2.0), b = param(1.0, 2.0);
        Sgd first = new Sgd(List.of(a), 0.9, 0, false, 0.01);
        double[][] grads = {{0.3, -0.2}, {0.1, 0.5}, {-0.4, 0.25}};
        for (int s = 0; s < 2; s++) {
            grad(a, grads[s]);
            first.step(0.1);
        }
        System.arraycopy(a.value.data, 0, b.value.data, 0, 2);
        Sgd resumed = new Sgd(List.of(b), 0.9, 0, false, 0.01);
        assertEquals(Map.of(), resumed.state(), "a fresh optimizer has no buffers yet");
        resumed.restore(2, Map.of("momentum_buffer", new double[][] {first.state().get("momentum_buffer")[0].clone()}));
        assertEquals(2, resumed.steps());
        grad(a, grads[2]);
        grad(b, grads[2]);
        first.step(0.1);
        resumed.step(0.1);
        assertArrayEquals(a.value.data, b.value.data, 0.0);
    }
}
