package cnnbp.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code cnnbp-gradcheck/1} JSON contract (documented in docs/formats.md): every checked element
 * listed, multi-indices in the PyTorch layouts, numbers at full precision (a NaN or infinity as the
 * string "NaN", "Infinity", "-Infinity").
 */
public final class ReportJson {
    public static final String FORMAT = "cnnbp-gradcheck/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    public static ObjectNode toJson(Report r) {
        CheckOptions o = r.options();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("passed", r.passed());
        root.put("checked", r.checked());
        root.put("unjudged", r.unjudged());
        root.put("max_unjudged", r.maxUnjudged());
        root.put("summary", ReportText.summary(r));
        root.put("eps", o.eps());
        root.put("rtol", o.rtol());
        root.put("atol", o.atol());
        root.put("seconds", r.seconds());
        ArrayNode networks = root.putArray("networks");
        for (NetworkResult n : r.networks()) {
            ObjectNode net = networks.addObject();
            net.put("name", n.name());
            net.put("loss", n.loss());
            net.put("passed", n.passed());
            net.put("loss_value", n.lossValue());
            net.put("inputs", n.inputs());
            net.put("examples", n.examples());
            net.put("command", n.command());
            if (n.blame() != null) net.put("blame", n.blame());
            net.put("seconds", n.seconds());
            ArrayNode tensors = net.putArray("tensors");
            for (TensorResult t : n.tensors()) tensors.add(tensor(t));
        }
        return root;
    }

    private static ObjectNode tensor(TensorResult t) {
        ObjectNode j = JSON.createObjectNode();
        j.put("layer", t.layer());
        j.put("type", t.type());
        j.put("param", t.param());
        j.put("name", t.name());
        ArrayNode shape = j.putArray("shape");
        for (int d : t.shape()) shape.add(d);
        j.put("size", t.size());
        j.put("checked", t.checked());
        j.put("failed", t.failed());
        j.put("kinks", t.kinks());
        j.put("unjudged", t.unjudged());
        j.put("floor", t.floor());
        j.put("zero", t.zeros());
        j.put("all_zero", t.allZero());
        j.put("max_rel_error", t.maxRelError());
        j.put("mean_rel_error", t.meanRelError());
        ElementResult w = t.worst();
        j.put("seconds", t.seconds());
        if (w != null) j.set("worst", index(w.index()));
        ArrayNode elements = j.putArray("elements");
        for (ElementResult e : t.elements()) {
            ObjectNode el = elements.addObject();
            el.set("index", index(e.index()));
            el.put("analytic", e.analytic());
            el.put("numeric", e.numeric());
            el.put("rel_error", e.relError());
            el.put("status", e.status().key);
            if (e.kink()) {
                el.putArray("one_sided").add(e.left()).add(e.right());
                el.put("smooth_side", e.side() < 0 ? "minus" : e.side() > 0 ? "plus" : "none");
                el.put("central", e.central());
            }
        }
        return j;
    }

    private static ArrayNode index(int[] idx) {
        ArrayNode a = JSON.createArrayNode();
        for (int i : idx) a.add(i);
        return a;
    }

    public static String render(Report r) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
