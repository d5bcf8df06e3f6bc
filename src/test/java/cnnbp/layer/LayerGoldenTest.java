package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * batchnorm, dropout, the global pools and conv's padding "same" against PyTorch float64, one layer
 * at a time on batches of 3 to 5 (scripts/make-layer-golden writes golden/layers/*.json): outputs,
 * dL/d(input) and parameter gradients to 1e-12 relative, running statistics after one and several
 * training steps to 1e-12, and evaluation mode with the running statistics reached.
 */
class LayerGoldenTest {
    private static final double TOL = 1e-12, FLOOR = 1e-12;

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = LayerGoldenTest.class.getResourceAsStream("/golden/layers/" + name + ".json")) {
            assertNotNull(in, name);
            return new ObjectMapper().readTree(in);
        }
    }

    private static Tensor tensor(JsonNode t) {
        assertNotNull(t);
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = t.get("shape").get(i).asInt();
        double[] data = new double[t.get("data").size()];
        for (int i = 0; i < data.length; i++) data[i] = t.get("data").get(i).asDouble();
        return new Tensor(shape, data);
    }

    private static void check(String what, JsonNode expected, Tensor actual) {
        Tensor e = tensor(expected);
        TensorAssert.assertClose(what, e.shape, e.data, actual.data, TOL, FLOOR);
    }

    private static int[] example(Tensor batch) {
        return Arrays.copyOfRange(batch.shape, 1, batch.shape.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm2d", "batchnorm2d-m3", "batchnorm1d", "batchnorm1d-noaffine"})
    void batchNormMatchesPyTorch(String name) throws IOException {
        JsonNode g = golden(name), in = g.get("inputs"), out = g.get("outputs"), o = g.get("options");
        Tensor x = tensor(in.get("x"));
        boolean affine = o.get("affine").asBoolean();
        BatchNorm bn = new BatchNorm(example(x), o.get("eps").asDouble(), o.get("momentum").asDouble(), affine);
        if (affine) {
            System.arraycopy(tensor(in.get("gamma")).data, 0, bn.params().get(0).value.data, 0, x.shape[1]);
            System.arraycopy(tensor(in.get("beta")).data, 0, bn.params().get(1).value.data, 0, x.shape[1]);
        }
        check(name + " out", out.get("out"), bn.forward(x));
        bn.zeroGrad();
        check(name + " dinp", out.get("dinp"), bn.backward(tensor(in.get("dout")), true));
        if (affine) {
            check(name + " dgamma", out.get("dgamma"), bn.params().get(0).grad);
            check(name + " dbeta", out.get("dbeta"), bn.params().get(1).grad);
        }
        check(name + " running_mean", out.get("running_mean"), bn.buffers().get("running_mean"));
        check(name + " running_var", out.get("running_var"), bn.buffers().get("running_var"));
        for (int s = 0; s < o.get("steps").asInt(); s++) {
            bn.forward(tensor(in.get("step" + s + "_x")));
            check(name + " step " + s + " running_mean", out.get("step" + s + "_running_mean"),
                    bn.buffers().get("running_mean"));
            check(name + " step " + s + " running_var", out.get("step" + s + "_running_var"),
                    bn.buffers().get("running_var"));
        }
        bn.setTraining(false);
        check(name + " eval out", out.get("eval_out"), bn.forward(tensor(in.get("eval_x"))));
        bn.zeroGrad();
        check(name + " eval dinp", out.get("eval_dinp"), bn.backward(tensor(in.get("eval_dout")), true));
        if (affine) {
            check(name + " eval dgamma", out.get("eval_dgamma"), bn.params().get(0).grad);
            check(name + " eval dbeta", out.get("eval_dbeta"), bn.params().get(1).grad);
        }
        check(name + " running_mean untouched by evaluation", out.get("step" + (o.get("steps").asInt() - 1)
                + "_running_mean"), bn.buffers().get("running_mean"));
    }

    @Test
    void dropoutWithAGivenMaskMatchesPyTorch() throws IOException {
        JsonNode g = golden("dropout"), in = g.get("inputs"), out = g.get("outputs");
        Tensor x = tensor(in.get("x"));
        Dropout d = new Dropout(example(x), g.get("options").get("p").asDouble());
        d.setMask(tensor(in.get("mask")));
        check("dropout out", out.get("out"), d.forward(x));
        check("dropout dinp", out.get("dinp"), d.backward(tensor(in.get("dout")), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"global-avgpool", "global-maxpool"})
    void globalPoolingMatchesPyTorch(String name) throws IOException {
        JsonNode g = golden(name), in = g.get("inputs"), out = g.get("outputs");
        Tensor x = tensor(in.get("x"));
        GlobalPool2d p = new GlobalPool2d(example(x), name.contains("max"));
        check(name + " out", out.get("out"), p.forward(x));
        check(name + " dinp", out.get("dinp"), p.backward(tensor(in.get("dout")), true));
    }

    /** PyTorch's padding='same' for an odd kernel, stride 1: (k − 1) / 2 on each side. */
    @Test
    void convPaddingSameMatchesPyTorch() throws IOException {
        JsonNode g = golden("conv-same-3x5"), in = g.get("inputs"), out = g.get("outputs");
        Tensor x = tensor(in.get("x")), w = tensor(in.get("W")), b = tensor(in.get("b"));
        Conv2d c = new Conv2d(example(x), w.shape[0], new int[] {w.shape[2], w.shape[3]}, new int[] {1, 1},
                new int[] {(w.shape[2] - 1) / 2, (w.shape[3] - 1) / 2}, w, b);
        check("conv same out", out.get("out"), c.forward(x));
        c.zeroGrad();
        check("conv same dinp", out.get("dinp"), c.backward(tensor(in.get("dout")), true));
        check("conv same dW", out.get("dW"), c.params().get(0).grad);
        check("conv same db", out.get("db"), c.params().get(1).grad);
    }
}
