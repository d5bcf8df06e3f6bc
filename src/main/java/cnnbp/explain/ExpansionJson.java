package cnnbp.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An expansion as the {@code cnnbp-explain/1} JSON: numbers at full precision, the printed lines
 * beside them.
 * <pre>
 * {"format": "cnnbp-explain/1", "element": {"tensor", "index", "value"} (the trace's value),
 *  "rule": "Σ_{i,j} ...", "result": Σ of the terms, "note": "...",
 *  "terms": [{"value": product, "factors": [{"text": "σ(0.5)", "value", "refs": [element, ...]}]}],
 *  "text": [the lines cnnbp explain prints]}
 * </pre>
 * rule, result and terms are absent when the element is not expanded (given, or an unknown layer type).
 */
public final class ExpansionJson {
    public static final String FORMAT = "cnnbp-explain/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpansionJson() {}

    public static ObjectNode toJson(Expansion e, int digits) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("element", ref(e.target()));
        if (e.expanded()) {
            root.put("rule", e.rule());
            root.put("result", e.result());
            ArrayNode terms = root.putArray("terms");
            for (Expansion.Term t : e.terms()) {
                ObjectNode term = terms.addObject();
                term.put("value", t.value());
                ArrayNode factors = term.putArray("factors");
                for (Factor f : t.factors()) {
                    ObjectNode factor = factors.addObject();
                    factor.put("text", f.text(digits));
                    factor.put("value", f.value());
                    ArrayNode refs = factor.putArray("refs");
                    f.refs().forEach(r -> refs.add(ref(r)));
                }
            }
        }
        if (e.note() != null) root.put("note", e.note());
        ArrayNode text = root.putArray("text");
        ExpansionText.lines(e, digits).forEach(text::add);
        return root;
    }

    public static String render(Expansion e, int digits) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(e, digits)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ObjectNode ref(Ref r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("tensor", r.tensor());
        ArrayNode index = o.putArray("index");
        for (int i : r.index()) index.add(i);
        o.put("value", r.value());
        return o;
    }
}
