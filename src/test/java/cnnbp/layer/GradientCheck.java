package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.List;
import java.util.Random;

/**
 * The gradient check every layer test runs. With a random upstream gradient G of the output's
 * shape, f(θ) = Σ G ⊙ forward(inp)(θ) is a scalar whose gradient is exactly what
 * {@code backward(G)} claims to compute, for θ = inp and for every parameter. Each element is
 * compared with the central difference (f(θ + h) − f(θ − h)) / 2h.
 *
 * <p>h is 2^-20 ≈ 0.95e-6 rather than 1e-6, and tests feed {@link TensorAssert#dyadic} values:
 * then θ ± h is exact and a linear layer's forward computes f(θ ± h) without rounding, so the
 * difference quotient is exact. With h = 1e-6 and arbitrary doubles, rounding in a 100-term conv
 * sum alone adds ~1e-9 absolute noise, which made elements of 1e-3 fail a 1e-6 relative test.
 */
final class GradientCheck {
    static final double H = 0x1p-20;
    static final double TOL = 1e-6;
    static final double FLOOR = 1e-8;

    private GradientCheck() {}

    /**
     * Checks dinp and every param grad of {@code layer} at {@code inp} (N, inShape...) against
     * finite differences; then that backward accumulates into the param grads and that
     * {@code backward(dout, false)} returns null but fills them all the same. {@code inp} must keep
     * every kink of the layer more than h away.
     */
    static void check(String name, Layer layer, Tensor inp, Random rnd) {
        Tensor out = layer.forward(inp);
        assertArrayEquals(Shapes.prepend(inp.n(), layer.outShape()), out.shape, name + ": output shape");
        Tensor g = TensorAssert.dyadic(rnd, -1, 1, out.shape);  // G, (N, outShape...)

        layer.zeroGrad();
        Tensor dinp = layer.backward(g, true);
        assertNotNull(dinp, name + ": backward(dout, true) returned null");
        assertArrayEquals(inp.shape, dinp.shape, name + ": dinp shape");
        double[] dinpAnalytic = dinp.data.clone();
        List<Param> params = layer.params();
        double[][] grads = new double[params.size()][];
        for (int i = 0; i < grads.length; i++) grads[i] = params.get(i).grad.data.clone();

        TensorAssert.assertClose(name + ": dinp vs finite differences", inp.shape,
                numeric(layer, inp, g, inp.data), dinpAnalytic, TOL, FLOOR);
        for (int i = 0; i < grads.length; i++) {
            Param p = params.get(i);
            TensorAssert.assertClose(name + ": d" + p.key + " vs finite differences", p.value.shape,
                    numeric(layer, inp, g, p.value.data), grads[i], TOL, FLOOR);
        }

        checkAccumulates(name, layer, inp, g, dinpAnalytic);

        layer.zeroGrad();
        layer.forward(inp);
        assertNull(layer.backward(g, false), name + ": backward(dout, false) must return null");
        for (int i = 0; i < grads.length; i++) {
            Param p = params.get(i);
            TensorAssert.assertExactly(name + ": d" + p.key + " after backward(dout, false)", p.value.shape,
                    grads[i], p.grad.data);
        }
    }

    /**
     * Backward twice after one zeroGrad gives twice the param grads of backward once. Exactly so for
     * a batch of 1, where each element gets one addition per backward (s + s = 2s in floating point);
     * for larger batches the second pass adds the N per-example terms onto a non-zero sum, which
     * rounds differently, so to 1e-12. dinp, by contrast, is returned afresh: the same both times.
     */
    private static void checkAccumulates(String name, Layer layer, Tensor inp, Tensor g, double[] dinp) {
        List<Param> params = layer.params();
        layer.zeroGrad();
        layer.forward(inp);
        layer.backward(g, true);
        double[][] once = new double[params.size()][];
        for (int i = 0; i < once.length; i++) once[i] = params.get(i).grad.data.clone();
        TensorAssert.assertExactly(name + ": dinp of a second backward (must not accumulate)", inp.shape, dinp,
                layer.backward(g, true).data);
        for (int i = 0; i < once.length; i++) {
            Param p = params.get(i);
            double[] twice = p.grad.data;
            for (int j = 0; j < twice.length; j++) {
                double expected = 2 * once[i][j];
                boolean ok = inp.n() == 1 ? twice[j] == expected
                        : Math.abs(twice[j] - expected) <= 1e-12 * Math.max(Math.abs(expected), 1);
                if (!ok) {
                    fail(name + ": d" + p.key + " element " + TensorAssert.index(p.value.shape, j)
                            + " after two backward calls: expected 2 × " + once[i][j] + " = " + expected
                            + ", got " + twice[j] + " (backward must accumulate with +=)");
                }
            }
        }
    }

    /**
     * (f(θ + h) − f(θ − h)) / 2h for every element of theta, which is inp's or a parameter's data,
     * f = Σ G ⊙ forward(inp). The difference is taken per output element before weighting by G, so
     * outputs the perturbation does not reach contribute exactly 0 instead of rounding noise.
     */
    static double[] numeric(Layer layer, Tensor inp, Tensor g, double[] theta) {
        double[] num = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + H;
            double[] plus = layer.forward(inp).data.clone();
            theta[i] = saved - H;
            double[] minus = layer.forward(inp).data.clone();  // clone: Flatten's out is a view of inp
            theta[i] = saved;
            double s = 0;
            for (int j = 0; j < plus.length; j++) s += g.data[j] * (plus[j] - minus[j]);
            num[i] = s / (2 * H);
        }
        layer.forward(inp);  // leave the layer's cache as it was
        return num;
    }
}
