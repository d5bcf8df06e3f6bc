package cnnbp.trace;

import cnnbp.text.Numbers;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The layout every trace document shares, walked once here: a heading; the forward pass layer by
 * layer (weights and bias, the output, its kind's extras: a max pool's mask, batchnorm's mu2, var2,
 * Xhat2); Y and L; the backward pass from the loss down, each layer's dL/d(output), its parameter
 * gradients and its extras' (dL/dXhat2). {@link TraceText}, {@link TraceMarkdown} and {@link TraceLatex} say how each piece looks.
 *
 * <p>A tensor named in {@code blanks} keeps its name, formula and shape, but its values are left
 * empty for a student to fill in; the extras of a layer whose output or input is blank are left out
 * (a mask would show where the maxima are; mu2, var2 and Xhat2 give Z1 back), and so are the extras'
 * gradients when dL/d(output) or dL/d(input) is.
 *
 * <p>A batch trace (M &gt; 1) shows X, Y, each layer's output, derivative and mask example by
 * example (blocks X[0], X[1], ...), each example's loss L[m] before their mean L, and with
 * {@code perExample} each example's contribution to a parameter gradient (dL/dW2[m]) before the sum.
 */
abstract class TraceDocument {
    final int digits;
    private final Set<String> blanks;
    private final boolean perExample;
    final Handout handout;
    private final StringBuilder sb = new StringBuilder();
    private Trace trace;

    TraceDocument(int digits, Set<String> blanks, boolean perExample, Handout handout) {
        this.digits = digits;
        this.blanks = blanks;
        this.perExample = perExample;
        this.handout = handout;
    }

    final String render(Trace t) {
        trace = t;
        begin(t);
        boolean forward = handout.shows(t.x().name()) || t.layers().stream().anyMatch(s -> handout.shows(s.output().name())
                || s.params().stream().anyMatch(p -> handout.shows(p.value().name())));
        if (forward) section("Forward pass");
        show(t.x(), "the input", false);
        for (Step s : t.layers()) {
            boolean shown = handout.shows(s.output().name())
                    || s.params().stream().anyMatch(p -> handout.shows(p.value().name()));
            if (!shown) continue;
            layer(s);
            String ties = Ties.note(Ties.of(s, Ties.input(t, s.index() - 1)), Ties.input(t, s.index() - 1));
            for (Trace.ParamItem p : s.params()) show(p.value(), label(p.key()), false);
            boolean blank = blanks.contains(s.output().name());
            show(s.output(), null, blank);
            boolean hidden = blank || blanks.contains(Ties.input(t, s.index() - 1).name()) || !handout.shows(s.output().name());
            for (Trace.Extra e : s.extras()) if (!hidden) item(e.value(), null, false);
            if (ties != null && handout.shows(s.output().name())) {
                note(ties.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + ties.substring(1) + ".");
            }
        }
        if (handout.shows("Y") || handout.shows("L")) lossSection();
        show(t.y(), null, false);
        if (t.batch() > 1) show(t.lossesItem(), null, blanks.contains("L"));
        if (handout.shows("L")) {
            String rule = handout.blankFormula("L") ? null : t.lossRule();
            loss(rule, t.loss(), blanks.contains("L"));
        }
        if (t.backwardItems().stream().anyMatch(it -> handout.shows(it.name()))) section("Backward pass");
        for (int i = t.layers().size() - 1; i >= 0; i--) {
            Step s = t.layers().get(i);
            backward(s.gradOutput());
            for (Trace.ParamItem p : s.params()) backward(p.grad());
            boolean hidden = blanks.contains(s.gradOutput().name())
                    || i > 0 && blanks.contains(t.layers().get(i - 1).gradOutput().name())
                    || !handout.shows(s.gradOutput().name());
            for (Trace.Extra e : s.extras()) if (e.grad() != null && !hidden) item(e.grad(), null, false);
        }
        end();
        return sb.toString();
    }

    /** The tensor, if the handout shows it. */
    private void show(Item it, String what, boolean blank) {
        if (handout.shows(it.name())) item(it, what, blank);
    }

    /** A tensor of the backward pass, if the handout shows it, after each example's contribution to it when they are shown. */
    private void backward(Item it) {
        if (!handout.shows(it.name())) return;
        boolean blank = blanks.contains(it.name());
        Item contributions = perExample ? trace.perExample().get(it.name()) : null;
        if (contributions != null) item(contributions, null, blank);
        item(it, null, blank);
    }

    /** The legend of a batch trace's names. */
    static final String BATCH_LEGEND = "A batch of M examples: X[m] is example m of the batch, Z1[m] its Z1, and so on;\n"
            + "L = (1/M) Σ_m L[m], the mean of the examples' losses, so every derivative carries a factor 1/M,\n"
            + "and each parameter's gradient sums the examples' contributions.";

    /** "One example, label 1" or "A batch of M = 3 examples, labels 1, 0, 2". */
    static String examples(Trace t) {
        if (t.batch() == 1) return "One example, label " + Numbers.format(t.label(), 17);
        return "A batch of M = " + t.batch() + " examples, labels " + java.util.Arrays.stream(t.labels())
                .mapToObj(v -> Numbers.format(v, 17)).collect(java.util.stream.Collectors.joining(", "));
    }

    /** What a parameter is, beside its values: "weights" (W), "bias" (b), else its key. */
    private static String label(String key) {
        return switch (key) {
            case "W" -> "weights";
            case "b" -> "bias";
            default -> key;
        };
    }

    /** The title and the legend of names and symbols. */
    abstract void begin(Trace t);

    abstract void section(String title);

    /** The heading of a config layer, before its tensors. */
    abstract void layer(Step s);

    /** Before Y and L. */
    abstract void lossSection();

    /** A tensor under its formula (or its name and {@code what}, for X and parameters) and shape. */
    abstract void item(Item it, String what, boolean blank);

    /** A remark under a layer's tensors: a tied max-pool window and the rule that breaks the tie. */
    abstract void note(String text);

    /** L's formula (null: left blank) and value. */
    abstract void loss(String rule, double value, boolean blank);

    abstract void end();

    final void line(String s) {
        sb.append(s).append('\n');
    }

    /**
     * The formula that gives the tensor, or for X and parameters its name (X[m] in a batch) and what it is;
     * null when the handout leaves the formula blank (the format prints the name and a blank).
     */
    final String head(Item it, String what) {
        if (it.rule() != null) return handout.blankFormula(it.name()) ? null : it.rule();
        return it.name() + (exampleByExample(it) ? "[m]" : "") + (what != null ? ", " + what : "");
    }

    /** Whether the tensor is shown example by example: one with a batch dimension other than L[m]'s vector. */
    private boolean exampleByExample(Item it) {
        return trace.batched(it) && it.shape().length > 1;
    }

    /** How the tensor is laid out: {@link #blocks(int[])}, example by example (Z1[0], Z1[1], ...) in a batch. */
    final List<Block> blocks(Item it) {
        if (!exampleByExample(it)) return blocks(it.shape());
        int[] shape = it.shape(), example = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        int per = Shapes.size(example);
        String name = it.name().endsWith("[m]") ? it.name().substring(0, it.name().length() - 3) : it.name();
        List<Block> out = new java.util.ArrayList<>();
        for (int m = 0; m < shape[0]; m++) {
            String label = name + "[" + m + "]";
            for (Block b : blocks(example)) {
                out.add(new Block(b.label() == null ? label : label + ", " + b.label(), m * per + b.offset(), b.rows(), b.cols()));
            }
        }
        return out;
    }

    /** One 2-D piece of a tensor: rows x cols values from data[offset]; label says which, when there are several. */
    record Block(String label, int offset, int rows, int cols) {}

    /** How a tensor of one example's shape is laid out: a vector as one row, then matrix by matrix. */
    static List<Block> blocks(int[] s) {
        return switch (s.length) {
            case 0 -> List.of(new Block(null, 0, 1, 1));
            case 1 -> List.of(new Block(null, 0, 1, s[0]));
            case 2 -> List.of(new Block(null, 0, s[0], s[1]));
            case 3 -> IntStream.range(0, s[0])
                    .mapToObj(c -> new Block(s[0] > 1 ? "channel " + c : null, c * s[1] * s[2], s[1], s[2]))
                    .toList();
            case 4 -> IntStream.range(0, s[0] * s[1])
                    .mapToObj(fc -> new Block(s[0] * s[1] > 1 ? "filter " + fc / s[1] + ", channel " + fc % s[1] : null,
                            fc * s[2] * s[3], s[2], s[3]))
                    .toList();
            default -> throw new IllegalArgumentException("cannot lay out shape " + Shapes.toString(s));
        };
    }
}
