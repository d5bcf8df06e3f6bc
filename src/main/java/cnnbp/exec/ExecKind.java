package cnnbp.exec;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKindProvider;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code - exec: {command: "python3 my_conv.py", options: {...}, weights: {W: ...}, timeout: 30}}: an
 * {@link ExecLayer}, its program started with {@code /bin/sh -c command} in the config's folder.
 * Registered like a plugin's kind, through {@link Provider} in {@code META-INF/services}.
 */
public final class ExecKind implements LayerKind {
    @Override
    public String key() {
        return "exec";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.string("command"), Option.map("options").optional(), Option.map("weights").optional(),
                Option.number("timeout").withDefault(ExecProcess.DEFAULT_TIMEOUT).range(1e-3, 86_400));
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        o.map("weights").forEach((k, v) -> weights.put(k, tensor(v, k, context)));
        ExecProcess p = new ExecProcess(context.where(), o.string("command"), context.folder(), o.number("timeout"));
        return ExecLayer.init(p, in, o.map("options"), weights);
    }

    /** The options a trace or checkpoint records: not the weights, which it holds as params. */
    @Override
    public Map<String, Object> traceOptions(Options o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", o.string("command"));
        if (o.has("options")) out.put("options", o.map("options"));
        out.put("timeout", o.number("timeout"));
        return out;
    }

    @Override
    public String describe(Options o, Layer layer) {
        return "exec " + o.string("command");
    }

    /** A weights entry, a number or a nested list of numbers, as a tensor of the shape it is written in. */
    private static Tensor tensor(Object v, String key, BuildContext context) {
        List<Integer> shape = new ArrayList<>();
        List<Double> data = new ArrayList<>();
        if (!flatten(v, 0, shape, data)) {
            throw context.error("weights: " + key + " must be a list of finite numbers, nested for more dimensions");
        }
        return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(),
                data.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean flatten(Object v, int depth, List<Integer> shape, List<Double> data) {
        if (v instanceof Number n) {
            data.add(n.doubleValue());
            return depth == shape.size() && Double.isFinite(n.doubleValue());
        }
        if (!(v instanceof List<?> l) || l.isEmpty() || depth >= 16) return false;
        if (depth == shape.size()) shape.add(l.size());
        if (shape.get(depth) != l.size()) return false;
        for (Object x : l) if (!flatten(x, depth + 1, shape, data)) return false;
        return true;
    }

    /** Registers {@link ExecKind} with {@link java.util.ServiceLoader}, as a plugin registers its kinds. */
    public static final class Provider implements LayerKindProvider {
        @Override
        public List<LayerKind> kinds() {
            return List.of(new ExecKind());
        }
    }
}
