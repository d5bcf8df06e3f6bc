package cnnbp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import cnnbp.config.ConfigLoader;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped and golden network, exported to ONNX and run by ONNX Runtime on a batch of random
 * inputs, gives cnnbp's forward output: to 1e-5 in float32 and 1e-12 in float64, relative to the
 * output's size (|ort − cnnbp| ≤ tol · max(1, |cnnbp|)). ONNX Runtime's CPU provider has no float64
 * Conv or AveragePool kernel, so the float64 check runs on the networks without them (and must
 * run on some).
 */
class OnnxExportTest {
    private static final int BATCH = 5;

    static Stream<Path> configs() throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("configs"));
             Stream<Path> golden = Files.list(Path.of("src", "test", "resources", "golden"));
             Stream<Path> layers = Files.list(Path.of("src", "test", "resources", "export"))) {
            return Stream.of(shipped, golden, layers).flatMap(s -> s.toList().stream())
                    .filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void float32MatchesCnnbp(Path config) throws OrtException {
        compare(config, OnnxExport.Precision.FLOAT32, 1e-5);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void float64MatchesCnnbp(Path config) throws OrtException {
        Network net = NetworkBuilder.build(ConfigLoader.load(config));
        boolean runnable = net.layers().stream().noneMatch(l -> l.type().equals("conv") || l.type().equals("avgpool"));
        Assumptions.assumeTrue(runnable, "ONNX Runtime has no float64 Conv or AveragePool kernel");
        compare(config, OnnxExport.Precision.FLOAT64, 1e-12);
    }

    @Test
    void float64IsCheckedOnSomeNetworks() throws IOException {
        long runnable = configs().filter(c -> NetworkBuilder.build(ConfigLoader.load(c)).layers().stream()
                .noneMatch(l -> l.type().equals("conv") || l.type().equals("avgpool"))).count();
        assertTrue(runnable >= 3, "only " + runnable + " networks without conv for the float64 check");
    }

    private static void compare(Path config, OnnxExport.Precision precision, double tol) throws OrtException {
        Network net = NetworkBuilder.build(ConfigLoader.load(config));
        Tensor x = Tensor.batch(BATCH, net.inShape());
        Random rng = new Random(config.toString().hashCode());
        for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextGaussian();
        net.forward(x);  // a training step moves batchnorm's running statistics away from 0 and 1
        net.train(false);  // the export is the network in evaluation mode
        ModelProto model = OnnxExport.model(net, precision, List.of("a", "b"), config.toString(), "test");
        double[] expected = net.forward(x).data.clone();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor in = input(env, x, precision);
             OrtSession.Result result = session.run(java.util.Map.of("input", in))) {
            OnnxTensor out = (OnnxTensor) result.get("output").orElseThrow();
            assertEquals(Shapes.toString(Shapes.prepend(BATCH, net.outShape())), Shapes.toString(
                    java.util.Arrays.stream(out.getInfo().getShape()).mapToInt(d -> (int) d).toArray()));
            double[] actual = values(out, precision);
            for (int i = 0; i < expected.length; i++) {
                double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
                int at = i;
                assertTrue(err <= tol, () -> config + " output[" + at + "]: ONNX Runtime " + actual[at]
                        + ", cnnbp " + expected[at]);
            }
        }
    }

    private static OnnxTensor input(OrtEnvironment env, Tensor x, OnnxExport.Precision precision) throws OrtException {
        long[] shape = java.util.Arrays.stream(x.shape).asLongStream().toArray();
        if (precision == OnnxExport.Precision.FLOAT64) return OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.data), shape);
        float[] f = new float[x.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) x.data[i];
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
    }

    private static double[] values(OnnxTensor t, OnnxExport.Precision precision) {
        if (precision == OnnxExport.Precision.FLOAT64) {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] d = new double[b.remaining()];
            b.get(d);
            return d;
        }
        FloatBuffer b = t.getFloatBuffer();
        double[] d = new double[b.remaining()];
        for (int i = 0; i < d.length; i++) d[i] = b.get(i);
        return d;
    }
}
