package cnnbp.explain;

import cnnbp.BadInputException;
import cnnbp.loss.LossKind;
import cnnbp.explain.Expansion.Term;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Names;
import cnnbp.text.Numbers;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.ParamItem;
import cnnbp.trace.Trace.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every element of a trace was computed, worked out again from the trace alone: the layer
 * type and options of each step, and the tensors around it. One rule per layer type, forward and
 * backward, all in this class ({@link #forward} and {@link #backward}); a type it does not know is
 * named but not expanded. The page ({@link TraceHtml}) and {@code cnnbp explain} both print these.
 *
 * <p>Shapes are one example's, as in the trace: X and Zk are (C, H, W) or (features), Wk
 * (F, C, kh, kw) or (units, features). Σ runs over the variables under it; i, j are rows and
 * columns.
 */
public final class Explainer {
    /** What {@code 'dL/dW1[0,0,1,1]'} looks like: a name and comma-separated indices, or a bare name. */
    private static final Pattern ELEMENT = Pattern.compile("\\s*([^\\[\\]\\s]+)\\s*(?:\\[([^\\]]*)\\])?\\s*");
    /** PyTorch's BCELoss clamps each log at −100. */
    private static final double LOG_FLOOR = -100;

    private final Trace trace;
    private final Map<String, Item> tensors = new LinkedHashMap<>();
    private final Map<String, IntFunction<Expansion>> makers = new LinkedHashMap<>();

    private Explainer(Trace t) {
        this.trace = t;
        List<Step> steps = t.layers();
        int last = steps.size() - 1;
        given(t.x(), "given: the input");
        for (Step s : steps) {
            Item in = input(s.index() - 1);
            for (ParamItem p : s.params()) given(p.value(), "given: the " + what(p.key()) + " of layer " + s.index());
            add(s.output(), flat -> forward(s, in, flat));
        }
        given(t.y(), "given: the target, " + (t.lossKind() == LossKind.CROSS_ENTROPY ? "the one-hot of the label" : "the label"));
        Item loss = t.lossItem();
        Item a = steps.get(last).output();
        add(loss, flat -> loss(loss, a));
        boolean fused = last > 0 && switch (t.lossKind()) {
            case CROSS_ENTROPY -> steps.get(last).type().equals("softmax");
            case BCE -> steps.get(last).type().equals("sigmoid");
            case MSE -> false;
        };
        for (int i = last; i >= 0; i--) {
            Step s = steps.get(i);
            Item dout = s.gradOutput();
            if (i == last) {
                add(dout, flat -> lossGrad(dout, a, flat));
            } else if (i == last - 1 && fused) {
                add(dout, flat -> new Expansion(ref(dout, flat), ref(a, flat) + " − " + ref(t.y(), flat), List.of(Term.of(Factor.of("% − %", a.data()[flat] - t.y().data()[flat],
                        ref(a, flat), ref(t.y(), flat)))), "the fused step through " + steps.get(last).type()
                        + " and the loss: dL/dZ = A − Y"));
            } else {
                Step next = steps.get(i + 1);
                add(dout, flat -> backward(next, s.output(), flat));
            }
            Item in = input(i);
            for (ParamItem p : s.params()) {
                add(p.grad(), flat -> switch (p.key()) {
                    case "W" -> weightGrad(s, in, flat);
                    case "b" -> biasGrad(s, flat);
                    default -> Expansion.notExpanded(ref(p.grad(), flat), "computed by layer " + s.index() + " ("
                            + s.type() + ")'s backward; cnnbp explain has no rule for this parameter");
                });
            }
        }
    }

    /** The expansions of every element of {@code t}. */
    public static Explainer of(Trace t) {
        return new Explainer(t);
    }

    /** Every tensor that can be explained, in the order the trace prints them (X first, then forward, Y, L, backward). */
    public List<Item> tensors() {
        return List.copyOf(tensors.values());
    }

    /** How element {@code flat} (row-major) of tensor {@code name} was computed. */
    public Expansion explain(String name, int flat) {
        IntFunction<Expansion> maker = makers.get(name);
        if (maker == null) throw new IllegalArgumentException("no tensor " + name);
        return maker.apply(flat);
    }

    /** How the element written as {@code dL/dW1[0,0,1,1]} (or {@code L}) was computed. */
    public Expansion explain(String element) {
        Matcher m = ELEMENT.matcher(element);
        if (!m.matches()) {
            throw new BadInputException("'" + element + "' is not an element: expected a tensor name and indices, such as "
                    + example());
        }
        String name = m.group(1);
        Item it = tensors.get(name);
        if (it == null) {
            throw new BadInputException("unknown tensor '" + name + "'" + Names.suggest(name, tensors.keySet())
                    + "; expected one of " + String.join(", ", tensors.keySet()));
        }
        int[] shape = it.shape();
        String[] parts = m.group(2) == null || m.group(2).isBlank() ? new String[0] : m.group(2).split(",", -1);
        if (parts.length != shape.length) {
            throw new BadInputException(element.strip() + ": " + name + " has shape [" + Shapes.toString(shape) + "], so "
                    + (shape.length == 0 ? "no index" : shape.length + " indices") + " are expected, got " + parts.length);
        }
        int[] index = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            try {
                index[d] = Integer.parseInt(parts[d].strip());
            } catch (NumberFormatException e) {
                throw new BadInputException(element.strip() + ": index " + (d + 1) + " '" + parts[d].strip()
                        + "' is not a whole number");
            }
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new BadInputException(element.strip() + ": index " + (d + 1) + " is " + index[d] + ", expected 0 to "
                        + (shape[d] - 1) + " (" + name + " has shape [" + Shapes.toString(shape) + "])");
            }
        }
        return explain(name, Ref.flatten(index, shape));
    }

    private String example() {
        Item w = tensors.values().stream().filter(i -> i.shape().length > 0 && i.name().startsWith("dL/d")).findFirst()
                .orElse(trace.x());
        return "'" + ref(w, 0) + "'";
    }

    // ---- forward: out = layer(in) -------------------------------------------------------------

    /** Element {@code flat} of step s's output, from its input {@code in}. */
    private Expansion forward(Step s, Item in, int flat) {
        Item out = s.output();
        Ref target = ref(out, flat);
        int[] o = target.index();
        return switch (s.type()) {
            case "conv" -> {
                int[] k = pair(s, "kernel"), st = pair(s, "stride"), pad = pair(s, "padding");
                int c = in.shape()[0], f = o[0], y0 = o[1] * st[0] - pad[0], x0 = o[2] * st[1] - pad[1];
                List<Term> terms = new ArrayList<>(List.of(Term.of(Factor.of(ref(b(s), f)))));
                boolean padded = false;
                for (int ci = 0; ci < c; ci++) {
                    for (int i = 0; i < k[0]; i++) {
                        for (int j = 0; j < k[1]; j++) {
                            int iy = y0 + i, ix = x0 + j;
                            if (iy < 0 || ix < 0 || iy >= in.shape()[1] || ix >= in.shape()[2]) {
                                padded = true;
                                continue;
                            }
                            terms.add(Term.of(Factor.of(ref(w(s), f, ci, i, j)), Factor.of(ref(in, ci, iy, ix))));
                        }
                    }
                }
                String cv = c == 1 ? "0" : "c";
                String rule = b(s).name() + "[" + f + "] + Σ_{" + (c == 1 ? "" : "c,") + "i,j} " + w(s).name()
                        + "[" + f + "," + cv + ",i,j]·" + in.name() + "[" + cv + "," + affine("i", 1, y0) + ","
                        + affine("j", 1, x0) + "]";
                yield new Expansion(target, rule, terms, padded ? "the terms that fall on the zero padding are left out" : null);
            }
            case "dense" -> {
                int u = o[0], n = Shapes.size(in.shape());
                List<Term> terms = new ArrayList<>(List.of(Term.of(Factor.of(ref(b(s), u)))));
                for (int k = 0; k < n; k++) terms.add(Term.of(Factor.of(ref(w(s), u, k)), Factor.of(ref(in, k))));
                yield new Expansion(target, b(s).name() + "[" + u + "] + Σ_k " + w(s).name() + "[" + u + ",k]·"
                        + in.name() + "[k]", terms, null);
            }
            case "relu" -> unary(target, "max(0, %)", in, flat, Math.max(0, in.data()[flat]));
            case "leaky_relu" -> {
                double z = in.data()[flat], alpha = (Double) s.options().get("alpha");
                Ref r = ref(in, flat);
                String rule = r + " if " + r + " > 0, else α·" + r;
                yield z > 0 ? new Expansion(target, rule, List.of(Term.of(Factor.of(r))), null)
                        : new Expansion(target, rule, List.of(Term.of(Factor.constant(Numbers.format(alpha, 17), alpha),
                        Factor.of(r))), "α = " + Numbers.format(alpha, 17));
            }
            case "sigmoid" -> unary(target, "σ(%)", in, flat, 1 / (1 + Math.exp(-in.data()[flat])));
            case "tanh" -> unary(target, "tanh(%)", in, flat, Math.tanh(in.data()[flat]));
            case "softmax" -> {
                int n = in.data().length;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double z : in.data()) max = Math.max(max, z);
                for (double z : in.data()) sum += Math.exp(z - max);
                Ref[] refs = new Ref[n + 1];
                refs[0] = ref(in, flat);
                StringBuilder t = new StringBuilder("e^% / (");
                for (int k = 0; k < n; k++) {
                    t.append(k > 0 ? " + e^%" : "e^%");
                    refs[k + 1] = ref(in, k);
                }
                t.append(')');
                yield new Expansion(target, "e^" + refs[0] + " / Σ_k e^" + in.name() + "[k]",
                        List.of(Term.of(Factor.of(t.toString(), Math.exp(in.data()[flat] - max) / sum, refs))), null);
            }
            case "maxpool", "avgpool" -> {
                int[] size = pair(s, "size"), st = pair(s, "stride");
                int y0 = o[1] * st[0], x0 = o[2] * st[1];
                List<Ref> window = new ArrayList<>();
                for (int i = 0; i < size[0]; i++) {
                    for (int j = 0; j < size[1]; j++) window.add(ref(in, o[0], y0 + i, x0 + j));
                }
                String slots = String.join(", ", java.util.Collections.nCopies(window.size(), "%"));
                String at = in.name() + "[" + o[0] + "," + affine("i", 1, y0) + "," + affine("j", 1, x0) + "]";
                if (s.type().equals("avgpool")) {
                    double sum = 0;
                    for (Ref r : window) sum += r.value();
                    yield new Expansion(target, "Σ_{i,j} " + at + " / " + window.size(), List.of(Term.of(Factor.of(
                            "(" + slots.replace(", ", " + ") + ") / " + window.size(), sum / window.size(),
                            window.toArray(Ref[]::new)))), null);
                }
                Ref best = window.get(argmax(window));
                yield new Expansion(target, "max_{i,j} " + at, List.of(Term.of(Factor.of("max(" + slots + ")", best.value(),
                        window.toArray(Ref[]::new)))), "the maximum sits at " + best + (argmaxTie(window) ? " (the first of equal maxima)" : ""));
            }
            case "flatten" -> {
                Ref r = ref(in, flat);
                yield new Expansion(target, r.toString(), List.of(Term.of(Factor.of(r))),
                        "flatten keeps the values, channel by channel, row by row");
            }
            default -> Expansion.notExpanded(target, "computed by layer " + s.index() + " (" + s.type()
                    + ")'s forward; cnnbp explain has no rule for this layer type");
        };
    }

    // ---- backward: dL/d(in) = layer's backward(dL/d(out)) ----------------------------------------

    /**
     * Element {@code flat} of dL/d(in) of step s, whose input is {@code in} (the previous step's
     * output), from dL/d(out) of s.
     */
    private Expansion backward(Step s, Item in, int flat) {
        Item din = gradOf(in), dout = s.gradOutput(), out = s.output();
        Ref target = ref(din, flat);
        int[] x = target.index();
        return switch (s.type()) {
            case "conv" -> {
                int[] k = pair(s, "kernel"), st = pair(s, "stride"), pad = pair(s, "padding");
                int f = out.shape()[0], oh = out.shape()[1], ow = out.shape()[2];
                int ry = x[1] + pad[0], rx = x[2] + pad[1];
                List<Term> terms = new ArrayList<>();
                for (int fi = 0; fi < f; fi++) {
                    for (int i = 0; i < k[0]; i++) {
                        for (int j = 0; j < k[1]; j++) {
                            int dy = ry - i, dx = rx - j;
                            if (dy < 0 || dx < 0 || dy % st[0] != 0 || dx % st[1] != 0) continue;
                            if (dy / st[0] >= oh || dx / st[1] >= ow) continue;
                            terms.add(Term.of(Factor.of(ref(w(s), fi, x[0], i, j)), Factor.of(ref(dout, fi, dy / st[0], dx / st[1]))));
                        }
                    }
                }
                String fv = f == 1 ? "0" : "f";
                String rule = "Σ_{" + (f == 1 ? "" : "f,") + "i,j} " + w(s).name() + "[" + fv + "," + x[0] + ",i,j]·"
                        + dout.name() + "[" + fv + "," + down(ry, "i", st[0]) + "," + down(rx, "j", st[1]) + "]";
                yield new Expansion(target, rule, terms, "over the i, j where the index of " + dout.name()
                        + " is a whole number inside it: the outputs whose window covered " + ref(in, flat));
            }
            case "dense" -> {
                int u = out.shape()[0];
                List<Term> terms = new ArrayList<>();
                for (int o = 0; o < u; o++) terms.add(Term.of(Factor.of(ref(w(s), o, flat)), Factor.of(ref(dout, o))));
                yield new Expansion(target, "Σ_u " + w(s).name() + "[u," + flat + "]·" + dout.name() + "[u]", terms, null);
            }
            case "relu" -> {
                Ref d = ref(dout, flat), z = ref(in, flat);
                yield new Expansion(target, d + "·[" + z + " > 0]", List.of(Term.of(Factor.of(d),
                        Factor.of("[% > 0]", z.value() > 0 ? 1 : 0, z))), "[…] is 1 when true, else 0");
            }
            case "leaky_relu" -> {
                Ref d = ref(dout, flat), z = ref(in, flat);
                double alpha = (Double) s.options().get("alpha");
                boolean pos = z.value() > 0;
                yield new Expansion(target, d + "·(1 if " + z + " > 0, else α)", List.of(Term.of(Factor.of(d),
                        pos ? Factor.constant("1", 1) : Factor.constant(Numbers.format(alpha, 17), alpha))),
                        "α = " + Numbers.format(alpha, 17));
            }
            case "sigmoid" -> {
                Ref d = ref(dout, flat), a = ref(out, flat);
                yield new Expansion(target, d + "·" + a + "·(1 − " + a + ")", List.of(Term.of(Factor.of(d), Factor.of(a),
                        Factor.of("(1 − %)", 1 - a.value(), a))), null);
            }
            case "tanh" -> {
                Ref d = ref(dout, flat), a = ref(out, flat);
                yield new Expansion(target, d + "·(1 − " + a + "²)", List.of(Term.of(Factor.of(d),
                        Factor.of("(1 − %²)", 1 - a.value() * a.value(), a))), null);
            }
            case "softmax" -> {
                int n = out.data().length;
                Ref a = ref(out, flat);
                Ref[] refs = new Ref[1 + 2 * n];
                refs[0] = ref(dout, flat);
                StringBuilder t = new StringBuilder("(% − (");
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    t.append(k > 0 ? " + %·%" : "%·%");
                    refs[1 + 2 * k] = ref(dout, k);
                    refs[2 + 2 * k] = ref(out, k);
                    dot += dout.data()[k] * out.data()[k];
                }
                t.append("))");
                yield new Expansion(target, a + "·(" + refs[0] + " − Σ_k " + dout.name() + "[k]·" + out.name() + "[k])",
                        List.of(Term.of(Factor.of(a), Factor.of(t.toString(), dout.data()[flat] - dot, refs))), null);
            }
            case "maxpool", "avgpool" -> {
                int[] size = pair(s, "size"), st = pair(s, "stride");
                boolean max = s.type().equals("maxpool");
                List<Term> terms = new ArrayList<>();
                // the windows (y, xx) that hold x: y·st ≤ x[1] < y·st + size, likewise xx
                for (int y = Math.max(0, Math.floorDiv(x[1] - size[0], st[0]) + 1); y <= Math.min(out.shape()[1] - 1, x[1] / st[0]); y++) {
                    for (int xx = Math.max(0, Math.floorDiv(x[2] - size[1], st[1]) + 1); xx <= Math.min(out.shape()[2] - 1, x[2] / st[1]); xx++) {
                        Ref d = ref(dout, x[0], y, xx);
                        if (!max) {
                            terms.add(Term.of(Factor.of(d), Factor.constant("(1/" + size[0] * size[1] + ")", 1.0 / (size[0] * size[1]))));
                            continue;
                        }
                        List<Ref> window = new ArrayList<>();
                        for (int wi = 0; wi < size[0]; wi++) {
                            for (int wj = 0; wj < size[1]; wj++) window.add(ref(in, x[0], y * st[0] + wi, xx * st[1] + wj));
                        }
                        if (window.get(argmax(window)).flat() == flat) terms.add(Term.of(Factor.of(d)));
                    }
                }
                Ref self = ref(in, flat);
                if (!max) {
                    yield new Expansion(target, "Σ " + dout.name() + "[" + x[0] + ",i,j] / " + size[0] * size[1]
                            + " over the windows (i, j) that hold " + self, terms, null);
                }
                yield new Expansion(target, "Σ " + dout.name() + "[" + x[0] + ",i,j] over the windows (i, j) whose maximum is "
                        + self, terms, terms.isEmpty() ? "no window's maximum sits here: no gradient is routed to it"
                        : "the route: each window passes its gradient to its maximum only");
            }
            case "flatten" -> {
                Ref d = ref(dout, flat);
                yield new Expansion(target, d.toString(), List.of(Term.of(Factor.of(d))), "the gradient reshaped back");
            }
            default -> Expansion.notExpanded(target, "computed by layer " + s.index() + " (" + s.type()
                    + ")'s backward; cnnbp explain has no rule for this layer type");
        };
    }

    /** dL/dW of a conv or dense step. */
    private Expansion weightGrad(Step s, Item in, int flat) {
        Ref target = ref(dw(s), flat);
        int[] w = target.index();
        Item dout = s.gradOutput();
        if (s.type().equals("dense")) {
            Ref d = ref(dout, w[0]), a = ref(in, w[1]);
            return new Expansion(target, d + "·" + a, List.of(Term.of(Factor.of(d), Factor.of(a))), null);
        }
        if (!s.type().equals("conv")) return Expansion.notExpanded(target, "computed by layer " + s.index() + "'s backward");
        int[] st = pair(s, "stride"), pad = pair(s, "padding");
        int oh = dout.shape()[1], ow = dout.shape()[2];
        List<Term> terms = new ArrayList<>();
        boolean padded = false;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int iy = y * st[0] - pad[0] + w[2], ix = x * st[1] - pad[1] + w[3];
                if (iy < 0 || ix < 0 || iy >= in.shape()[1] || ix >= in.shape()[2]) {
                    padded = true;
                    continue;
                }
                terms.add(Term.of(Factor.of(ref(in, w[1], iy, ix)), Factor.of(ref(dout, w[0], y, x))));
            }
        }
        String rule = "Σ_{i,j} " + in.name() + "[" + w[1] + "," + affine("i", st[0], w[2] - pad[0]) + ","
                + affine("j", st[1], w[3] - pad[1]) + "]·" + dout.name() + "[" + w[0] + ",i,j]";
        return new Expansion(target, rule, terms, padded ? "the terms that fall on the zero padding are left out" : null);
    }

    /** dL/db of a conv or dense step. */
    private Expansion biasGrad(Step s, int flat) {
        Ref target = ref(db(s), flat);
        Item dout = s.gradOutput();
        if (s.type().equals("dense")) {
            Ref d = ref(dout, flat);
            return new Expansion(target, d.toString(), List.of(Term.of(Factor.of(d))), null);
        }
        if (!s.type().equals("conv")) return Expansion.notExpanded(target, "computed by layer " + s.index() + "'s backward");
        int p = dout.shape()[1] * dout.shape()[2];
        List<Term> terms = new ArrayList<>();
        for (int e = 0; e < p; e++) terms.add(Term.of(Factor.of(ref(dout, flat * p + e))));
        return new Expansion(target, "Σ_{i,j} " + dout.name() + "[" + flat + ",i,j]", terms, null);
    }

    // ---- the loss ------------------------------------------------------------------------------

    private Expansion loss(Item loss, Item a) {
        Ref target = ref(loss, 0);
        Item y = trace.y();
        return switch (trace.lossKind()) {
            case CROSS_ENTROPY -> {
                Ref p = ref(a, (int) trace.label());
                yield new Expansion(target, "−log " + p, List.of(Term.of(Factor.of("−log(%)", -Math.log(p.value()), p))),
                        "the label is " + (int) trace.label());
            }
            case BCE -> {
                Ref p = ref(a, 0), t = ref(y, 0);
                double v = -(t.value() * Math.max(Math.log(p.value()), LOG_FLOOR)
                        + (1 - t.value()) * Math.max(Math.log(1 - p.value()), LOG_FLOOR));
                yield new Expansion(target, "−(" + t + "·log " + p + " + (1 − " + t + ")·log(1 − " + p + "))",
                        List.of(Term.of(Factor.of("−(%·log(%) + (1 − %)·log(1 − %))", v, t, p, t, p))), null);
            }
            case MSE -> {
                int k = a.data().length;
                List<Term> terms = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    double e = a.data()[i] - y.data()[i];
                    terms.add(Term.of(Factor.of("(% − %)²", e * e, ref(a, i), ref(y, i)), Factor.constant("(1/" + k + ")", 1.0 / k)));
                }
                yield new Expansion(target, "Σ_k (" + a.name() + "[k] − Y[k])² / " + k, terms, null);
            }
        };
    }

    /** dL/dA of the last layer's output A, from the loss. */
    private Expansion lossGrad(Item da, Item a, int flat) {
        Ref target = ref(da, flat), p = ref(a, flat), t = ref(trace.y(), flat);
        return switch (trace.lossKind()) {
            case CROSS_ENTROPY -> new Expansion(target, "−" + t + " / " + p,
                    List.of(Term.of(Factor.of("−% / %", -t.value() / p.value(), t, p))), null);
            case BCE -> new Expansion(target, "(" + p + " − " + t + ") / (" + p + "·(1 − " + p + "))",
                    List.of(Term.of(Factor.of("(% − %) / (%·(1 − %))",
                            (p.value() - t.value()) / (p.value() * (1 - p.value())), p, t, p, p))), null);
            case MSE -> {
                int k = a.data().length;
                yield new Expansion(target, "2·(" + p + " − " + t + ") / " + k, List.of(Term.of(
                        Factor.constant("(2/" + k + ")", 2.0 / k), Factor.of("(% − %)", p.value() - t.value(), p, t))), null);
            }
        };
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void add(Item it, IntFunction<Expansion> maker) {
        tensors.put(it.name(), it);
        makers.put(it.name(), maker);
    }

    private void given(Item it, String note) {
        add(it, flat -> Expansion.notExpanded(ref(it, flat), note));
    }

    private Expansion unary(Ref target, String template, Item in, int flat, double value) {
        Ref r = ref(in, flat);
        return new Expansion(target, template.replace("%", r.toString()), List.of(Term.of(Factor.of(template, value, r))), null);
    }

    /** The output of step {@code i} (1-based; 0 is X). */
    private Item input(int i) {
        return i == 0 ? trace.x() : trace.layers().get(i - 1).output();
    }

    /** dL/d(it), for a layer's output. */
    private Item gradOf(Item it) {
        for (Step s : trace.layers()) if (s.output().name().equals(it.name())) return s.gradOutput();
        throw new IllegalArgumentException("no gradient of " + it.name());
    }

    /** What a parameter is: "weights" (W), "bias" (b), else its key. */
    private static String what(String key) {
        return switch (key) {
            case "W" -> "weights";
            case "b" -> "bias";
            default -> key;
        };
    }

    /** The value (or gradient) of step s's parameter {@code key}. */
    private static Item param(Step s, String key, boolean grad) {
        for (ParamItem p : s.params()) if (p.key().equals(key)) return grad ? p.grad() : p.value();
        throw new IllegalStateException("layer " + s.index() + " (" + s.type() + ") has no parameter " + key);
    }

    private static Item w(Step s) {
        return param(s, "W", false);
    }

    private static Item b(Step s) {
        return param(s, "b", false);
    }

    private static Item dw(Step s) {
        return param(s, "W", true);
    }

    private static Item db(Step s) {
        return param(s, "b", true);
    }

    private static Ref ref(Item it, int flat) {
        return new Ref(it.name(), Ref.unflatten(flat, it.shape()), flat, it.data()[flat]);
    }

    private static Ref ref(Item it, int i0, int... rest) {
        int[] index = new int[rest.length + 1];
        index[0] = i0;
        System.arraycopy(rest, 0, index, 1, rest.length);
        int flat = Ref.flatten(index, it.shape());
        return new Ref(it.name(), index, flat, it.data()[flat]);
    }

    private static int[] pair(Step s, String key) {
        return (int[]) s.options().get(key);
    }

    /** The first maximum in row-major window order; a NaN counts as the maximum, the last NaN wins (as MaxPool2d). */
    private static int argmax(List<Ref> window) {
        int best = 0;
        for (int k = 1; k < window.size(); k++) {
            double v = window.get(k).value();
            if (v > window.get(best).value() || Double.isNaN(v)) best = k;
        }
        return best;
    }

    private static boolean argmaxTie(List<Ref> window) {
        double max = window.get(argmax(window)).value();
        return window.stream().filter(r -> r.value() == max).count() > 1;
    }

    /** "i+1", "2i−1", "i": coef·var + off. */
    private static String affine(String var, int coef, int off) {
        String s = (coef == 1 ? "" : Integer.toString(coef)) + var;
        return off == 0 ? s : s + (off > 0 ? "+" + off : "−" + -off);
    }

    /** The output index whose window put element r at kernel position var: "2−i", or "(3−i)/2" with stride 2. */
    private static String down(int r, String var, int stride) {
        String s = (r == 0 ? "" : Integer.toString(r)) + "−" + var;
        return stride == 1 ? s : "(" + s + ")/" + stride;
    }
}
