package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inverted dropout: the mask a pure function of the key, held fixed for a key, identity in evaluation. */
class DropoutTest {
    static final int[] IMAGE = {2, 3, 4};

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {1, 5, 9, 33})
    void outIsInputTimesMaskOverKeepAndBackwardPassesTheFiniteDifferences(int n) {
        Dropout d = new Dropout(IMAGE, 0.25);
        d.setRandomKey(n);
        Tensor x = TensorAssert.dyadic(new Random(n), -1, 1, Shapes.prepend(n, IMAGE));
        Tensor out = d.forward(x).copy();
        Tensor mask = d.mask();
        for (int i = 0; i < x.size(); i++) {
            assertTrue(mask.data[i] == 0 || mask.data[i] == 1);
            assertEquals(x.data[i] * mask.data[i] / 0.75, out.data[i], 1e-15);
        }
        GradientCheck.check("dropout N=" + n, d, x, new Random(n + 1));  // its repeated forwards keep the mask
        TensorAssert.assertExactly("the mask after the check's forwards", mask.shape, mask.data, d.mask().data);
    }

    @Test
    void theMaskIsAPureFunctionOfTheKeyAndKeepsAboutOneMinusP() {
        Dropout a = new Dropout(IMAGE, 0.3), b = new Dropout(IMAGE, 0.3);
        Tensor x = Tensor.batch(400, IMAGE);
        x.fill(1);
        a.setRandomKey(42);
        b.setRandomKey(42);
        double[] ma = a.forward(x).data.clone();
        assertTrue(Arrays.equals(ma, b.forward(x).data), "same key, same mask");
        b.setRandomKey(43);
        assertTrue(!Arrays.equals(ma, b.forward(x).data), "another key, another mask");
        double kept = Arrays.stream(a.mask().data).sum() / x.size();
        assertEquals(0.7, kept, 0.02, "fraction kept of 9,600");
    }

    @Test
    void evaluationIsTheIdentity() {
        Dropout d = new Dropout(IMAGE, 0.5);
        d.setTraining(false);
        Tensor x = TensorAssert.dyadic(new Random(1), -1, 1, Shapes.prepend(3, IMAGE));
        assertSame(x, d.forward(x));
        assertSame(x, d.backward(x, true));
    }

    @Test
    void randomKeysDifferByEpochBatchAndLayerAndRepeat() {
        long k = Network.randomKey(1, 2, 3, 4);
        assertEquals(k, Network.randomKey(1, 2, 3, 4));
        assertNotEquals(k, Network.randomKey(2, 2, 3, 4));
        assertNotEquals(k, Network.randomKey(1, 3, 3, 4));
        assertNotEquals(k, Network.randomKey(1, 2, 4, 4));
        assertNotEquals(k, Network.randomKey(1, 2, 3, 5));
        assertNotEquals(Network.randomKey(1, 0, 1, 0), Network.randomKey(1, 1, 0, 0));
    }
}
