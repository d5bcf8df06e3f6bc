package cnnbp.exec;

import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer computed by another program over {@code cnnbp-layer/1} (docs/layer-protocol.md): forward
 * and backward are requests to an {@link ExecProcess}, each carrying the input and the parameters,
 * so the program keeps no state. The parameters, their names and initial values come from the
 * program's answer to {@code init}; given weights replace them.
 *
 * <p>Every answer is checked before it is used: y must be (N, out_shape...), dx (N, in_shape...),
 * grads must hold exactly the parameters with their shapes, every value a number, and no NaN where
 * the request had none. A wrong answer is a one-line {@link cnnbp.BadInputException} naming the
 * layer, the command and the request, and the program is ended.
 */
public final class ExecLayer implements Layer {
    private final ExecProcess process;
    private final int[] inShape;     // (C, H, W) or (features)
    private final int[] outShape;
    private final List<Param> params;

    private Tensor inp;              // (N, inShape...), from the last forward

    private ExecLayer(ExecProcess process, int[] inShape, int[] outShape, List<Param> params) {
        this.process = process;
        this.inShape = inShape.clone();
        this.outShape = outShape;
        this.params = List.copyOf(params);
    }

    /**
     * Sends {@code init} for one example's {@code inShape} and {@code options} (plain Java values:
     * numbers, strings, int[], lists, maps) and builds the layer from the answer. {@code weights}
     * (by parameter name, may be empty) replace the program's initial values; each must name one of
     * its parameters and have its shape (a flat list of the right length is fine).
     */
    public static ExecLayer init(ExecProcess process, int[] inShape, Map<String, ?> options, Map<String, Tensor> weights) {
        ObjectNode req = ExecProcess.JSON.createObjectNode();
        req.put("op", "init");
        req.put("protocol", ExecProcess.PROTOCOL);
        req.set("in_shape", ExecProcess.JSON.valueToTree(inShape));
        req.set("options", ExecProcess.JSON.valueToTree(options));
        ObjectNode answer = process.request(req, 1 << 22);
        JsonNode out = answer.get("out_shape");
        if (out == null || !out.isArray() || out.isEmpty()) {
            throw process.wrongAnswer("init", "the answer has no \"out_shape\": [sizes of one example's output]");
        }
        int[] outShape = new int[out.size()];
        for (int i = 0; i < outShape.length; i++) {
            if (!out.get(i).isIntegralNumber() || out.get(i).asInt() < 1) {
                throw process.wrongAnswer("init", "out_shape must be a list of positive integers, got " + out);
            }
            outShape[i] = out.get(i).asInt();
        }
        JsonNode ps = answer.get("params");
        if (ps != null && !ps.isObject()) {
            throw process.wrongAnswer("init", "\"params\" must be an object of named tensors ({} for none), got "
                    + ExecProcess.clip(ps.toString(), 40));
        }
        List<Param> params = new ArrayList<>();
        String[] why = new String[1];
        if (ps != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Tensor t = Wire.read(e.getValue(), null, why);
                if (t == null) throw process.wrongAnswer("init", "params." + e.getKey() + " " + why[0]);
                params.add(new Param(e.getKey(), t));
            }
        }
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            Param p = params.stream().filter(q -> q.key.equals(w.getKey())).findFirst().orElse(null);
            if (p == null) {
                throw process.wrongAnswer("init", "weights: \"" + w.getKey()
                        + "\" is not a parameter of the program; its parameters are "
                        + (params.isEmpty() ? "none" : String.join(", ", params.stream().map(q -> q.key).toList())));
            }
            Tensor v = w.getValue();
            boolean fits = v.shape.length == 1 ? v.size() == p.value.size() : Arrays.equals(v.shape, p.value.shape);
            if (!fits) {
                throw process.wrongAnswer("init", "weights: " + w.getKey() + " has shape "
                        + Shapes.toList(v.shape) + ", but the program's " + w.getKey() + " is " + Shapes.toList(p.value.shape));
            }
            System.arraycopy(v.data, 0, p.value.data, 0, v.size());
        }
        return new ExecLayer(process, inShape, outShape, params);
    }

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public int[] inShape() {
        return inShape.clone();
    }

    @Override
    public int[] outShape() {
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return params;
    }

    /**
     * Ends the programs of the exec layers among {@code layers} (closing their input, as the protocol
     * asks); the others are left alone. A command calls it when it is done with a network.
     */
    public static void endAll(List<Layer> layers) {
        for (Layer l : layers) if (l instanceof ExecLayer e) e.process.close();
    }

    /** The program this layer talks to. */
    public ExecProcess process() {
        return process;
    }

    @Override
    public Tensor forward(Tensor inp) {
        this.inp = inp;
        ObjectNode req = request("forward", inp);
        int[] yShape = Shapes.prepend(inp.n(), outShape);
        ObjectNode answer = process.request(req, Shapes.size(yShape));
        return tensor(answer.get("y"), "forward", "y", yShape, !hasNaN(inp));
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        ObjectNode req = request("backward", inp);
        req.set("dy", Wire.tensor(dout));
        long expected = inp.size() + params.stream().mapToLong(p -> p.value.size()).sum();
        ObjectNode answer = process.request(req, expected);
        boolean clean = !hasNaN(inp) && !Wire.hasNaN(dout.data);
        Tensor dx = tensor(answer.get("dx"), "backward", "dx", inp.shape, clean);
        JsonNode grads = answer.get("grads");
        if (grads == null || !grads.isObject()) {
            throw process.wrongAnswer("backward", params.isEmpty() ? "the answer has no \"grads\" ({} for none)"
                    : "the answer has no \"grads\" object (it needs " + keys() + ")");
        }
        Map<String, Tensor> got = new LinkedHashMap<>();
        for (Param p : params) {
            if (!grads.has(p.key)) {
                throw process.wrongAnswer("backward", "grads has no \"" + p.key + "\" (it needs " + keys() + ")");
            }
            got.put(p.key, tensor(grads.get(p.key), "backward", "grads." + p.key, p.value.shape, clean));
        }
        for (Iterator<String> it = grads.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!got.containsKey(k)) {
                throw process.wrongAnswer("backward", "grads has \"" + k + "\", which is not a parameter (they are "
                        + keys() + ")");
            }
        }
        for (Param p : params) {
            double[] g = got.get(p.key).data, acc = p.grad.data;
            for (int i = 0; i < acc.length; i++) acc[i] += g[i];
        }
        return needDinp ? dx : null;
    }

    /** A forward or backward request: op, x and every parameter's value. */
    private ObjectNode request(String op, Tensor x) {
        ObjectNode req = ExecProcess.JSON.createObjectNode();
        req.put("op", op);
        req.set("x", Wire.tensor(x));
        ObjectNode ps = req.putObject("params");
        for (Param p : params) ps.set(p.key, Wire.tensor(p.value));
        return req;
    }

    private Tensor tensor(JsonNode node, String op, String name, int[] shape, boolean clean) {
        String[] why = new String[1];
        Tensor t = Wire.read(node, shape, why);
        if (t == null) throw process.wrongAnswer(op, name + " " + why[0]);
        int nan = clean ? Wire.firstNaN(t.data) : -1;
        if (nan >= 0) {
            throw process.wrongAnswer(op, name + " has NaN at " + Shapes.toList(index(shape, nan))
                    + " where the request had none");
        }
        return t;
    }

    private boolean hasNaN(Tensor x) {
        if (Wire.hasNaN(x.data)) return true;
        for (Param p : params) if (Wire.hasNaN(p.value.data)) return true;
        return false;
    }

    private String keys() {
        return String.join(", ", params.stream().map(p -> p.key).toList());
    }

    /** The multi-index of flat element e of a row-major tensor of this shape. */
    static int[] index(int[] shape, int e) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = e % shape[d];
            e /= shape[d];
        }
        return idx;
    }
}
