package cnnbp.model;

import cnnbp.build.NetworkBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.layer.Param;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForwardFromTest {
    static Network net() {
        return NetworkBuilder.build(ConfigLoader.parse("""
                input: [2, 6, 6]
                layers:
                  - conv: {filters: 3, kernel: 3, padding: 1}
                  - relu
                  - maxpool: {size: 2}
                  - conv: {filters: 2, kernel: 2}
                  - tanh
                  - flatten
                  - dense: {units: 3}
                  - softmax
                loss: cross_entropy
                """, Path.of("net.conf")));
    }

    /** After a parameter of layer k changes, forwardFrom(k) gives what a whole forward gives, bit for bit. */
    @Test
    void forwardFromALayerEqualsAWholeForward() {
        Network net = net();
        Tensor x = TensorAssert.uniform(new Random(5), -1, 1, 3, 2, 6, 6);
        double[] labels = {0, 2, 1};
        double l0 = net.forward(x, labels);
        int[] paramLayers = {0, 3, 6};
        for (int k : paramLayers) {
            Param w = net.layer(k).params().get(0);
            double saved = w.value.data[1];
            w.value.data[1] = saved + 0.01;
            double partial = net.forwardFrom(k);
            double[] out = net.output(net.layers().size() - 1).data.clone();
            double whole = net.forward(x, labels);
            assertEquals(whole, partial, 0.0, "layer " + (k + 1));
            assertArrayEquals(net.output(net.layers().size() - 1).data, out, "layer " + (k + 1) + ": output");
            w.value.data[1] = saved;
            assertEquals(l0, net.forward(x, labels), 0.0, "back at the start");
        }
        assertEquals(l0, net.forwardFrom(0), 0.0, "from X");
        assertEquals(l0, net.forwardFrom(net.layers().size()), 0.0, "the loss alone");
    }
}
