package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlattenTest {
    private static final int N = 3, C = 2, H = 3, W = 4;

    @Test
    void forwardLaysOutChannelsThenRowsThenColumns() {
        Flatten flatten = new Flatten(new int[] {C, H, W});
        assertArrayEquals(new int[] {C * H * W}, flatten.outShape(), "flatten: outShape");
        Tensor inp = TensorAssert.uniform(new Random(1), -1, 1, N, C, H, W);
        double[] expected = new double[N * C * H * W];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        // torch.flatten(x, 1): feature (c·H + h)·W + w of example n
                        expected[n * C * H * W + (c * H + h) * W + w] = inp.data[((n * C + c) * H + h) * W + w];
                    }
                }
            }
        }
        Tensor out = flatten.forward(inp);
        assertArrayEquals(new int[] {N, C * H * W}, out.shape, "flatten: out shape");
        TensorAssert.assertExactly("flatten: out", out.shape, expected, out.data);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random rnd = new Random(2);
        GradientCheck.check("flatten N3 2x3x4", new Flatten(new int[] {C, H, W}),
                TensorAssert.dyadic(rnd, -1, 1, N, C, H, W), rnd);
    }
}
