package cnnbp.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import cnnbp.BadInputException;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.BatchNorm;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import cnnbp.trace.Names;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * A network and its weights as an ONNX model (opset 13), for ONNX Runtime, Netron and the rest.
 *
 * <p>The graph takes {@code input}, (batch, C, H, W) or (batch, features) with a dynamic batch
 * dimension, and gives {@code output}, (batch, K): the last layer's output (softmax probabilities
 * when the network ends in softmax). The loss is not part of it. Every other value is named as the
 * trace names it (Z1, A1, P1, F, ...), and the weights are the initializers W1, b1, .... The class
 * names and the config the model came from are kept as metadata ({@code class_names}, a JSON list).
 *
 * <p>Each config layer becomes one ONNX operator: conv → Conv, maxpool → MaxPool, avgpool →
 * AveragePool, flatten → Flatten (axis 1, as {@code torch.flatten(x, 1)}), dense → Gemm (transB, as
 * {@code F.linear}), relu, leaky_relu, sigmoid, tanh, softmax (axis 1) → their namesakes. In float64,
 * whose ONNX attributes would round α to float32, leaky_relu is max(x, αx) (min for α > 1) with α a
 * double constant instead. Any other layer is refused, naming it.
 */
public final class OnnxExport {
    /** The opset the graph is written against; IR version 7 is the one that goes with it. */
    static final int OPSET = 13;
    private static final int IR_VERSION = 7;

    /** The element type of the exported weights and of the graph's input and output. */
    public enum Precision {
        FLOAT32(TensorProto.DataType.FLOAT),
        FLOAT64(TensorProto.DataType.DOUBLE);

        final TensorProto.DataType type;

        Precision(TensorProto.DataType type) {
            this.type = type;
        }
    }

    private final Network net;
    private final Precision precision;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("cnnbp");

    private OnnxExport(Network net, Precision precision) {
        this.net = net;
        this.precision = precision;
    }

    /**
     * The ONNX model of {@code net}, its values named as the trace names them; {@code classes} may be
     * empty. A layer with no ONNX counterpart is a {@link BadInputException} naming it.
     */
    public static ModelProto model(Network net, Precision precision, List<String> classes, String source,
                                   String version) {
        OnnxExport e = new OnnxExport(net, precision);
        List<Layer> layers = net.layers();
        Names names = new Names(net);
        String in = "input";
        e.graph.addInput(e.valueInfo(in, net.inShape()));
        for (int i = 0; i < layers.size(); i++) {
            String out = i == layers.size() - 1 ? "output" : names.output(i);
            int at = i;
            e.layer(i, layers.get(i), in, out,
                    layers.get(i).params().stream().map(p -> names.param(at, p.key)).toArray(String[]::new));
            in = out;
        }
        e.graph.addOutput(e.valueInfo("output", net.outShape()));

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("cnnbp")
                .setProducerVersion(version)
                .setDocString("Exported by cnnbp from " + source)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(e.graph);
        model.addMetadataProps(meta("cnnbp_source", source));
        try {
            model.addMetadataProps(meta("class_names", new ObjectMapper().writeValueAsString(classes)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);  // a list of strings always serialises
        }
        return model.build();
    }

    /** Layer i (0-based) from value {@code in} to value {@code out}. */
    private void layer(int i, Layer l, String in, String out, String[] paramNames) {
        switch (l.type()) {
            case "conv" -> {
                Conv2d c = (Conv2d) l;
                int[] p = c.padding();
                node("Conv", List.of(in, param(l, 0, paramNames[0]), param(l, 1, paramNames[1])), out,
                        ints("kernel_shape", c.kernel()), ints("strides", c.stride()),
                        ints("pads", new int[] {p[0], p[1], p[0], p[1]}));
            }
            case "maxpool" -> {
                MaxPool2d p = (MaxPool2d) l;
                node("MaxPool", List.of(in), out, ints("kernel_shape", p.size()), ints("strides", p.stride()));
            }
            case "avgpool" -> {
                AvgPool2d p = (AvgPool2d) l;
                node("AveragePool", List.of(in), out, ints("kernel_shape", p.size()), ints("strides", p.stride()));
            }
            case "flatten" -> node("Flatten", List.of(in), out, AttributeProto.newBuilder().setName("axis")
                    .setType(AttributeProto.AttributeType.INT).setI(1).build());
            case "dense" -> node("Gemm", List.of(in, param(l, 0, paramNames[0]), param(l, 1, paramNames[1])), out,
                    AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1).build());
            case "relu" -> node("Relu", List.of(in), out);
            case "sigmoid" -> node("Sigmoid", List.of(in), out);
            case "tanh" -> node("Tanh", List.of(in), out);
            case "softmax" -> node("Softmax", List.of(in), out, AttributeProto.newBuilder().setName("axis")
                    .setType(AttributeProto.AttributeType.INT).setI(1).build());
            case "leaky_relu" -> leakyRelu(((LeakyRelu) l).alpha, in, out);
            case "global_avgpool", "global_maxpool" -> {
                String pooled = out + "_pooled";  // (N, C, 1, 1), flattened to (N, C) as cnnbp's layer is
                node(l.type().equals("global_avgpool") ? "GlobalAveragePool" : "GlobalMaxPool", List.of(in), pooled);
                node("Flatten", List.of(pooled), out, AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(1).build());
            }
            case "dropout" -> node("Identity", List.of(in), out);  // inference: dropout is the identity
            case "batchnorm" -> batchNorm((BatchNorm) l, in, out, paramNames);
            default -> throw new BadInputException("layer " + (i + 1) + " " + l.type()
                    + ": has no ONNX operator; export supports conv, maxpool, avgpool, global_avgpool, global_maxpool,"
                    + " flatten, dense, batchnorm, dropout, relu, leaky_relu, sigmoid, tanh and softmax");
        }
    }

    /** Inference's BatchNormalization: the running statistics; γ = 1 and β = 0 without affine. */
    private void batchNorm(BatchNorm b, String in, String out, String[] paramNames) {
        int c = b.inShape()[0];
        double[] ones = new double[c];
        java.util.Arrays.fill(ones, 1);
        String scale = b.params().isEmpty() ? out + "_gamma" : paramNames[0];
        String bias = b.params().isEmpty() ? out + "_beta" : paramNames[1];
        Tensor gamma = b.params().isEmpty() ? new Tensor(new int[] {c}, ones) : b.params().get(0).value;
        Tensor beta = b.params().isEmpty() ? Tensor.zeros(c) : b.params().get(1).value;
        graph.addInitializer(tensor(scale, gamma.shape, gamma.data));
        graph.addInitializer(tensor(bias, beta.shape, beta.data));
        Tensor mean = b.buffers().get("running_mean"), var = b.buffers().get("running_var");
        graph.addInitializer(tensor(out + "_running_mean", mean.shape, mean.data));
        graph.addInitializer(tensor(out + "_running_var", var.shape, var.data));
        node("BatchNormalization", List.of(in, scale, bias, out + "_running_mean", out + "_running_var"), out,
                AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                        .setF((float) b.eps()).build());
    }

    private void leakyRelu(double alpha, String in, String out) {
        if (precision == Precision.FLOAT32) {
            node("LeakyRelu", List.of(in), out, AttributeProto.newBuilder().setName("alpha")
                    .setType(AttributeProto.AttributeType.FLOAT).setF((float) alpha).build());
            return;
        }
        String a = out + "_alpha", scaled = out + "_scaled";
        graph.addInitializer(tensor(a, new int[0], new double[] {alpha}));
        node("Mul", List.of(in, a), scaled);
        node(alpha <= 1 ? "Max" : "Min", List.of(in, scaled), out);
    }

    /** Adds the layer's k-th parameter as an initializer and returns its name. */
    private String param(Layer l, int k, String name) {
        Param p = l.params().get(k);
        Tensor v = p.value;
        graph.addInitializer(tensor(name, v.shape, v.data));
        return name;
    }

    private TensorProto tensor(String name, int[] shape, double[] data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(precision.type.getNumber());
        for (int d : shape) t.addDims(d);
        if (precision == Precision.FLOAT32) {
            for (double v : data) t.addFloatData((float) v);
        } else {
            for (double v : data) t.addDoubleData(v);
        }
        return t.build();
    }

    private void node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
    }

    private static AttributeProto ints(String name, int[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) a.addInts(v);
        return a.build();
    }

    /** A value of one example's {@code shape} with a leading dynamic dimension "batch". */
    private ValueInfoProto valueInfo(String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : shape) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(precision.type.getNumber()).setShape(s)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static StringStringEntryProto meta(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
