package cnnbp.trace;

import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code cnnbp-trace/1} JSON contract (documented in the README): every number at full
 * precision, shapes of one example, one entry per config layer.
 */
public final class TraceJson {
    public static final String FORMAT = "cnnbp-trace/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceJson() {}

    public static ObjectNode toJson(Trace t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", t.source());
        root.put("loss_function", t.lossKind().key);
        root.put("loss", t.loss());
        if (t.label() == Math.rint(t.label())) root.put("label", (long) t.label());
        else root.put("label", t.label());
        root.set("input", tensor(t.x(), true));
        root.set("target", tensor(t.y(), true));
        ArrayNode layers = root.putArray("layers");
        for (Step s : t.layers()) {
            ObjectNode l = layers.addObject();
            l.put("index", s.index());
            l.put("type", s.type());
            l.put("name", s.output().name());
            l.set("output", tensor(s.output(), false));
            l.set("grad_output", tensor(s.gradOutput(), true));
            if (s.w() != null) {
                ObjectNode params = l.putObject("params");
                params.set("W", param(s.w(), s.dw()));
                params.set("b", param(s.b(), s.db()));
            }
            if (s.mask() != null) l.set("mask", tensor(s.mask(), false));
        }
        return root;
    }

    public static String render(Trace t) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(t)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tensor(Item it, boolean named) {
        ObjectNode o = JSON.createObjectNode();
        if (named) o.put("name", it.name());
        shape(o, it.shape());
        ArrayNode data = o.putArray("data");
        for (double v : it.data()) data.add(v);
        return o;
    }

    private static ObjectNode param(Item value, Item grad) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", value.name());
        shape(o, value.shape());
        ArrayNode data = o.putArray("data");
        for (double v : value.data()) data.add(v);
        ArrayNode g = o.putArray("grad");
        for (double v : grad.data()) g.add(v);
        return o;
    }

    private static void shape(ObjectNode o, int[] shape) {
        ArrayNode s = o.putArray("shape");
        for (int d : shape) s.add(d);
    }
}
