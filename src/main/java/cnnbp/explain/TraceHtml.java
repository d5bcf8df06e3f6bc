package cnnbp.explain;

import cnnbp.explain.Expansion.Term;
import cnnbp.trace.Handout;
import cnnbp.trace.Ties;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * A trace as one self-contained HTML page (the CSS and JavaScript inline, nothing fetched): the
 * forward and backward pass in the text trace's order, each tensor a heatmap per channel; a click
 * on an element shows its {@link Expansion} and lights up the elements it was made from.
 *
 * <p>The page carries the trace and every element's expansion as JSON, gzipped and in Base64
 * ({@link #packed}), in a {@code <script type="application/gzip" id="trace-data">}; the page's
 * script unpacks it with the browser's own DecompressionStream and only draws what it finds. Elements
 * are numbered across the page (a tensor's first element has the number {@code base}, the
 * others follow in row-major order), and an expansion is kept compact:
 * {@code [rule, terms, note]}, a term a list of factors, a factor an element's number (printed
 * as its value; see {@link #expansion} for the differences it is written as), a string (a
 * constant, printed as is) or {@code [template, number, ...]} (each
 * {@code %} of the template printed as the next element's value). The values of the tensors named
 * in {@code blanks} are left out of the page altogether, and print as {@code ____}; so are the terms
 * and the note of their expansions, which would tell (a max pool's route, say): a blank element shows
 * its rule only.
 */
public final class TraceHtml {
    private static final JsonFactory JSON = new JsonFactory();

    private TraceHtml() {}

    public static String render(Trace t, int digits, Set<String> blanks) {
        return render(t, digits, blanks, Handout.PLAIN);
    }

    /**
     * The page dressed as {@code handout} says: its title, its instructions under the title (as text,
     * paragraph by paragraph), the formulas it leaves blank (their expansions then show no rule either).
     */
    public static String render(Trace t, int digits, Set<String> blanks, Handout handout) {
        String page = resource("page.html");
        String title = handout.title() != null ? handout.title() : Handout.defaultTitle(t.source());
        return page.replace("{{css}}", resource("page.css"))  // the teacher's words last: they may hold a {{...}}
                .replace("{{js}}", resource("page.js"))
                .replace("{{data}}", packed(data(t, title, digits, blanks, handout.formulas())))
                .replace("{{title}}", escape(title))
                .replace("{{instructions}}", handout.instructions() == null ? "" : paragraphs(handout.instructions()));
    }

    /** Text as HTML paragraphs: a blank line starts a new one, a line break stays one (the CSS keeps them). */
    private static String paragraphs(String text) {
        StringBuilder out = new StringBuilder();
        for (String p : text.replace("\r", "").strip().split("\n\\s*\n")) {
            out.append("<p>").append(escape(p.strip())).append("</p>\n");
        }
        return out.toString();
    }

    /** The JSON gzipped and in Base64: a tenth of its size, for the expansions repeat themselves a lot. */
    static String packed(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getMimeEncoder().encodeToString(bytes.toByteArray());
    }

    /** The page's JSON: the layout of the trace, its tensors and their expansions. */
    static String data(Trace t, String title, int digits, Set<String> blanks) {
        return data(t, title, digits, blanks, Set.of());
    }

    /** As {@link #data(Trace, String, int, Set)}, with the formulas of the tensors named in {@code formulas} left blank. */
    static String data(Trace t, String title, int digits, Set<String> blanks, Set<String> formulas) {
        Explainer ex = Explainer.of(t);
        List<Item> tensors = ex.tensors();
        Map<String, Integer> base = new HashMap<>();
        int next = 0;
        for (Item it : tensors) {
            base.put(it.name(), next);
            next += it.data().length;
        }
        Map<String, Item> masks = new HashMap<>();  // a pool's input → its routing mask, unless the pool's output or input is blank
        for (Step s : t.layers()) {
            Trace.Extra mask = s.extra("mask");
            String input = s.index() == 1 ? t.x().name() : t.layers().get(s.index() - 2).output().name();
            if (mask == null || blanks.contains(s.output().name()) || blanks.contains(input)) continue;
            masks.put(input, mask.value());
        }
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("title", title);
            g.writeStringField("subtitle", "one example, label " + cnnbp.text.Numbers.format(t.label(), 17) + ", loss "
                    + t.lossKind().key);
            g.writeNumberField("digits", digits);
            g.writeArrayFieldStart("sections");
            section(g, "Forward pass");
            entry(g, t.x(), "the input", formulas);
            for (Step s : t.layers()) {
                g.writeStartObject();
                g.writeStringField("layer", "layer " + s.index() + ": " + s.description());
                g.writeEndObject();
                for (Trace.ParamItem p : s.params()) {
                    entry(g, p.value(), p.key().equals("W") ? "weights" : p.key().equals("b") ? "bias" : p.key(), formulas);
                }
                entry(g, s.output(), null, formulas);
                String ties = Ties.note(Ties.of(s, Ties.input(t, s.index() - 1)), Ties.input(t, s.index() - 1));
                if (ties != null) {
                    g.writeStartObject();
                    g.writeStringField("note", ties.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + ties.substring(1) + ".");
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            section(g, "Loss");
            entry(g, t.y(), null, formulas);
            entry(g, t.lossItem(), null, formulas);
            g.writeEndArray();
            g.writeEndObject();
            section(g, "Backward pass");
            for (Item it : t.backwardItems()) entry(g, it, null, formulas);
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();

            g.writeArrayFieldStart("tensors");
            for (Item it : tensors) {
                boolean blank = blanks.contains(it.name());
                g.writeStartObject();
                g.writeStringField("name", it.name());
                g.writeNumberField("base", base.get(it.name()));
                g.writeArrayFieldStart("shape");
                for (int d : it.shape()) g.writeNumber(d);
                g.writeEndArray();
                g.writeBooleanField("blank", blank);
                g.writeArrayFieldStart("data");
                for (double v : it.data()) {
                    if (blank) g.writeNull();
                    else number(g, v);
                }
                g.writeEndArray();
                Item mask = masks.get(it.name());
                if (mask != null) {
                    g.writeStringField("maskOf", mask.name().replace("mask of ", ""));
                    g.writeArrayFieldStart("mask");
                    for (double v : mask.data()) g.writeNumber((int) v);
                    g.writeEndArray();
                }
                g.writeArrayFieldStart("exp");
                boolean hideRule = formulas.contains(it.name());
                for (int e = 0; e < it.data().length; e++) expansion(g, ex.explain(it.name(), e), blank || hideRule, hideRule, base);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static void section(JsonGenerator g, String title) throws IOException {
        g.writeStartObject();
        g.writeStringField("title", title);
        g.writeArrayFieldStart("entries");
    }

    /** A tensor in the page's order, under its formula (or name and what it is; or its name and a blank for a formula to derive). */
    private static void entry(JsonGenerator g, Item it, String what, Set<String> formulas) throws IOException {
        g.writeStartObject();
        g.writeStringField("tensor", it.name());
        g.writeStringField("head", it.rule() == null ? it.name() + (what != null ? ", " + what : "")
                : formulas.contains(it.name()) ? it.name() + " = " + "_".repeat(16) : it.rule());
        g.writeEndObject();
    }

    /**
     * [rule, terms, note], compact as the class comment says; an element factor that follows one in
     * the same position of the previous term is written as the difference of their numbers (a sum
     * over a window then reads 1, 1, 26, 1, ...).
     */
    private static void expansion(JsonGenerator g, Expansion e, boolean blank, boolean hideRule, Map<String, Integer> base)
            throws IOException {
        g.writeStartArray();
        if (e.rule() == null || hideRule) g.writeNull();
        else g.writeString(e.rule());
        g.writeStartArray();
        Integer[] prev = new Integer[0];  // the ids of the previous term's element factors, by position
        for (Term t : blank ? List.<Term>of() : e.terms()) {
            g.writeStartArray();
            Integer[] ids = new Integer[t.factors().size()];
            for (int p = 0; p < ids.length; p++) {
                Factor f = t.factors().get(p);
                if (f.isRef()) {
                    ids[p] = id(f.refs().get(0), base);
                    g.writeNumber(p < prev.length && prev[p] != null ? ids[p] - prev[p] : ids[p]);
                } else if (f.refs().isEmpty()) {
                    g.writeString(f.template());
                } else {
                    g.writeStartArray();
                    g.writeString(f.template());
                    for (Ref r : f.refs()) g.writeNumber(id(r, base));
                    g.writeEndArray();
                }
            }
            prev = ids;
            g.writeEndArray();
        }
        g.writeEndArray();
        if (e.note() == null || blank) g.writeNull();
        else g.writeString(e.note());
        g.writeEndArray();
    }

    private static int id(Ref r, Map<String, Integer> base) {
        return base.get(r.tensor()) + r.flat();
    }

    /** A double as JSON; NaN and the infinities, which JSON has no numbers for, as strings. */
    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumber(v);
        else g.writeString(Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String resource(String name) {
        try (InputStream in = TraceHtml.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
