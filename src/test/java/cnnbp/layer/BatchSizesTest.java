package cnnbp.layer;

import cnnbp.tensor.Parallel;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in layer at batch sizes that are not multiples of {@link Parallel#CHUNK} (5, 9, 33):
 * the batch's forward, dinp and parameter gradients must be those of its examples run one at a
 * time (the naive reference: a batch of one has no chunks), the parameter gradients summed; conv's
 * forward must also match the naive convolution, and the smooth layers pass the finite-difference
 * check at that batch size. Conv sums dweight in chunks of examples, so an indexing slip there
 * shows up only above one chunk.
 */
class BatchSizesTest {
    /** A layer to test, made afresh from a seeded generator (its weights), and whether it is smooth. Average
     * pooling has a 2x2 window: dividing by 4 keeps the dyadic values exact for the finite differences. */
    record Maker(String name, int[] inShape, boolean smooth, Function<Random, Layer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final int[] IMAGE = {2, 6, 5};

    static List<Maker> layers() {
        return List.of(
                new Maker("conv 3x2 stride 2x1 padding 1x0", IMAGE, true, r -> new Conv2d(IMAGE, 3, new int[] {3, 2},
                        new int[] {2, 1}, new int[] {1, 0}, TensorAssert.dyadic(r, -1, 1, 3, 2, 3, 2),
                        TensorAssert.dyadic(r, -1, 1, 3))),
                new Maker("dense", new int[] {7}, true, r -> new Dense(7, 4, TensorAssert.dyadic(r, -1, 1, 4, 7),
                        TensorAssert.dyadic(r, -1, 1, 4))),
                new Maker("maxpool", IMAGE, false, r -> new MaxPool2d(IMAGE, new int[] {2, 2}, new int[] {2, 2})),
                new Maker("avgpool", IMAGE, true, r -> new AvgPool2d(IMAGE, new int[] {2, 2}, new int[] {1, 2})),
                new Maker("global_maxpool", IMAGE, false, r -> new GlobalPool2d(IMAGE, true)),
                new Maker("global_avgpool", IMAGE, true, r -> new GlobalPool2d(IMAGE, false)),
                new Maker("flatten", IMAGE, true, r -> new Flatten(IMAGE)),
                new Maker("relu", IMAGE, false, r -> new Relu(IMAGE)),
                new Maker("leaky_relu", IMAGE, false, r -> new LeakyRelu(IMAGE, 0.1)),
                new Maker("sigmoid", IMAGE, true, r -> new Sigmoid(IMAGE)),
                new Maker("tanh", IMAGE, true, r -> new Tanh(IMAGE)),
                new Maker("softmax", new int[] {6}, true, r -> new Softmax(6)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Maker m : layers()) for (int n : new int[] {5, 9, 33}) all.add(Arguments.of(m, n));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, N = {1}")
    @MethodSource("cases")
    void aBatchIsItsExamplesOneByOne(Maker m, int n) {
        long seed = m.name().hashCode() * 31L + n;
        Layer batchLayer = m.make().apply(new Random(seed));
        Layer oneLayer = m.make().apply(new Random(seed));
        Random rnd = new Random(seed + 1);
        Tensor inp = TensorAssert.distinct(rnd, 0x1p-7, Shapes.prepend(n, m.inShape()));
        Tensor out = batchLayer.forward(inp).copy();
        Tensor g = TensorAssert.dyadic(rnd, -1, 1, out.shape);
        batchLayer.zeroGrad();
        Tensor dinp = batchLayer.backward(g, true).copy();

        int per = Shapes.size(m.inShape()), perOut = Shapes.size(batchLayer.outShape());
        double[] outRef = new double[out.size()], dinpRef = new double[dinp.size()];
        List<double[]> gradRef = new ArrayList<>();
        for (Param p : oneLayer.params()) gradRef.add(new double[p.grad.size()]);
        oneLayer.zeroGrad();
        for (int i = 0; i < n; i++) {
            Tensor x = new Tensor(Shapes.prepend(1, m.inShape()), Arrays.copyOfRange(inp.data, i * per, (i + 1) * per));
            System.arraycopy(oneLayer.forward(x).data, 0, outRef, i * perOut, perOut);
            Tensor gi = new Tensor(Shapes.prepend(1, oneLayer.outShape()),
                    Arrays.copyOfRange(g.data, i * perOut, (i + 1) * perOut));
            List<Param> ps = oneLayer.params();
            for (Param p : ps) p.grad.fill(0);
            System.arraycopy(oneLayer.backward(gi, true).data, 0, dinpRef, i * per, per);
            for (int k = 0; k < ps.size(); k++) {
                for (int e = 0; e < gradRef.get(k).length; e++) gradRef.get(k)[e] += ps.get(k).grad.data[e];
            }
        }
        String what = m + " N=" + n;
        TensorAssert.assertClose(what + ": out vs one by one", out.shape, outRef, out.data, 1e-12, 1e-14);
        TensorAssert.assertClose(what + ": dinp vs one by one", dinp.shape, dinpRef, dinp.data, 1e-12, 1e-14);
        for (int k = 0; k < gradRef.size(); k++) {
            Param p = batchLayer.params().get(k);
            TensorAssert.assertClose(what + ": d" + p.key + " vs the sum of one by one", p.value.shape, gradRef.get(k),
                    p.grad.data, 1e-12, 1e-12);
        }
        if (batchLayer instanceof Conv2d) {
            Conv2dTest.Case k = new Conv2dTest.Case(n, 2, 6, 5, 3, 3, 2, 2, 1, 1, 0);
            double[][] naive = Conv2dTest.naiveForward(k, inp, batchLayer.params().get(0).value,
                    batchLayer.params().get(1).value);
            TensorAssert.assertCloseScaled(what + ": out vs naive convolution", out.shape, naive[0], out.data,
                    naive[1], 1e-12);
        }
        if (m.smooth()) {
            GradientCheck.check(what, m.make().apply(new Random(seed)),
                    TensorAssert.dyadic(new Random(seed + 2), -1, 1, Shapes.prepend(n, m.inShape())), new Random(seed + 3));
        }
    }
}
