package cnnbp.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.trace.Blanks;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The page: self-contained, carrying every expansion as the Explainer makes it, and nothing of the blanks. */
class TraceHtmlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Trace seed002() throws IOException {
        return ExplainerTest.trace(Path.of("configs", "seed002.conf"));
    }

    /** The JSON the page carries, unpacked as the page's script does. */
    static JsonNode data(String page) throws IOException {
        int start = page.indexOf("id=\"trace-data\">") + "id=\"trace-data\">".length();
        String b64 = page.substring(start, page.indexOf("</script>", start)).replaceAll("\\s+", "");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void thePageFetchesNothing() throws IOException {
        String page = TraceHtml.render(seed002(), 6, Set.of());
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        for (String outside : List.of("http:", "https:", "src=", "href=", "@import", "url(")) {
            assertFalse(page.contains(outside), "the page refers to something outside: " + outside);
        }
        assertFalse(page.contains("{{"), "a placeholder is left");
    }

    @Test
    void everyExpansionIsTheExplainersWithItsElementsNumberedAcrossThePage() throws IOException {
        Trace t = seed002();
        Explainer ex = Explainer.of(t);
        JsonNode data = data(TraceHtml.render(t, 6, Set.of()));
        Map<Integer, String> owner = new HashMap<>();
        List<Item> tensors = ex.tensors();
        assertEquals(tensors.size(), data.get("tensors").size());
        for (int k = 0; k < tensors.size(); k++) {
            JsonNode tn = data.get("tensors").get(k);
            assertEquals(tensors.get(k).name(), tn.get("name").asText());
            for (int e = 0; e < tn.get("data").size(); e++) owner.put(tn.get("base").asInt() + e, tn.get("name").asText() + "#" + e);
        }
        int checked = 0;
        for (int k = 0; k < tensors.size(); k++) {
            Item it = tensors.get(k);
            JsonNode tn = data.get("tensors").get(k);
            for (int e = 0; e < it.data().length; e++) {
                assertEquals(it.data()[e], tn.get("data").get(e).asDouble());
                Expansion x = ex.explain(it.name(), e);
                JsonNode coded = tn.get("exp").get(e);
                assertEquals(x.rule() == null ? null : x.rule(), coded.get(0).isNull() ? null : coded.get(0).asText());
                assertEquals(x.note(), coded.get(2).isNull() ? null : coded.get(2).asText());
                assertEquals(x.terms().size(), coded.get(1).size());
                List<String> refs = new ArrayList<>(), decoded = new ArrayList<>();
                for (Expansion.Term term : x.terms()) {
                    for (Factor f : term.factors()) for (Ref r : f.refs()) refs.add(r.tensor() + "#" + r.flat());
                }
                Integer[] prev = new Integer[0];
                for (JsonNode term : coded.get(1)) {
                    Integer[] ids = new Integer[term.size()];
                    for (int p = 0; p < term.size(); p++) {
                        JsonNode f = term.get(p);
                        if (f.isInt()) {
                            ids[p] = p < prev.length && prev[p] != null ? prev[p] + f.asInt() : f.asInt();
                            decoded.add(owner.get(ids[p]));
                        } else if (f.isArray()) {
                            for (int r = 1; r < f.size(); r++) decoded.add(owner.get(f.get(r).asInt()));
                        }
                    }
                    prev = ids;
                }
                assertEquals(refs, decoded, x.target().toString());
                checked++;
            }
        }
        assertEquals(ex.tensors().stream().mapToInt(i -> i.data().length).sum(), checked);
    }

    @Test
    void aBlankTensorsValuesAndTermsAreNotInThePage() throws IOException {
        Trace t = seed002();
        JsonNode data = data(TraceHtml.render(t, 6, Blanks.parse("P1,dL/dW1", t)));
        for (JsonNode tn : data.get("tensors")) {
            String name = tn.get("name").asText();
            boolean blank = name.equals("P1") || name.equals("dL/dW1");
            assertEquals(blank, tn.get("blank").asBoolean(), name);
            for (JsonNode v : tn.get("data")) assertEquals(blank, v.isNull(), name);
            for (JsonNode e : tn.get("exp")) {
                if (blank) {
                    assertEquals(0, e.get(1).size(), name + ": no terms");
                    assertTrue(e.get(2).isNull(), name + ": no note");
                    assertFalse(e.get(0).isNull(), name + ": the rule stays");
                }
            }
            // the mask would tell where P1's maxima are
            assertFalse(tn.has("mask"), name + " carries a mask though P1 is blank");
        }
        for (JsonNode tn : data(TraceHtml.render(t, 6, Blanks.parse("A1", t))).get("tensors")) {
            assertFalse(tn.has("mask"), tn.get("name").asText() + " carries a mask though A1, the pool's input, is blank");
        }
        JsonNode full = data(TraceHtml.render(t, 6, Set.of()));
        assertTrue(full.get("tensors").get(4).has("mask"), "A1 carries P1's mask");
        assertEquals("A1", full.get("tensors").get(4).get("name").asText());
    }
}
