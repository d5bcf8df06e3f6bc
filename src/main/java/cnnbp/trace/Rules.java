package cnnbp.trace;

import cnnbp.config.LossKind;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.layer.MaxPool2d;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Numbers;

/**
 * The formula beside each tensor of a trace, in the worked examples' notation, for one example
 * (M = 1): ⋆ is cross-correlation, · a matrix product, ⊙ an element-wise product.
 */
final class Rules {
    private Rules() {}

    /** What the layer is, for the trace's headings: "conv 2x2, stride 1, padding 0". */
    static String describe(Layer l) {
        if (l instanceof Conv2d c) {
            return "conv " + pair(c.kernel()) + ", stride " + pairOrOne(c.stride()) + ", padding "
                    + pairOrOne(c.padding()) + ", " + c.outShape()[0] + " filter(s)";
        }
        if (l instanceof MaxPool2d p) return "maxpool " + pair(p.size()) + ", stride " + pairOrOne(p.stride());
        if (l instanceof AvgPool2d p) return "avgpool " + pair(p.size()) + ", stride " + pairOrOne(p.stride());
        if (l instanceof LeakyRelu r) return "leaky_relu, alpha " + Numbers.format(r.alpha, 6);
        if (l.type().equals("dense")) return "dense, " + l.outShape()[0] + " unit(s)";
        return l.type();
    }

    /** out = f(in): how layer l makes its output from its input. */
    static String forward(Layer l, String out, String in, String w, String b) {
        return out + " = " + switch (l.type()) {
            case "conv" -> w + " ⋆ " + in + " + " + b;
            case "dense" -> w + " · " + in + " + " + b;
            case "relu" -> "max(0, " + in + ")";
            case "leaky_relu" -> in + " if " + in + " > 0, else α·" + in;
            case "sigmoid" -> "σ(" + in + ") = 1 / (1 + e^−" + in + ")";
            case "tanh" -> "tanh(" + in + ")";
            case "softmax" -> "softmax(" + in + ") = e^" + in + " / Σ e^" + in;
            case "maxpool" -> "the maximum of each window of " + in;
            case "avgpool" -> "the mean of each window of " + in;
            case "flatten" -> in + " flattened channel by channel, row by row";
            default -> throw new IllegalArgumentException(l.type());
        };
    }

    /** dL/d(in) from dL/d(out): the chain-rule step through layer l. */
    static String backward(Layer l, String out, String in, String w) {
        String dout = Names.grad(out), din = Names.grad(in);
        return din + " = " + switch (l.type()) {
            case "conv" -> {
                Conv2d c = (Conv2d) l;
                String rule = dout + " ⋆full " + w + " rotated 180°";
                if (c.stride()[0] > 1 || c.stride()[1] > 1) rule += ", " + dout + " dilated by stride " + pairOrOne(c.stride());
                if (c.padding()[0] > 0 || c.padding()[1] > 0) rule += ", cropped by padding " + pairOrOne(c.padding());
                yield rule;
            }
            case "dense" -> w + "ᵀ · " + dout;
            case "relu" -> dout + " ⊙ (" + in + " > 0)";
            case "leaky_relu" -> dout + " ⊙ (1 if " + in + " > 0, else α)";
            case "sigmoid" -> dout + " ⊙ " + out + " ⊙ (1 − " + out + ")";
            case "tanh" -> dout + " ⊙ (1 − " + out + "²)";
            case "softmax" -> out + " ⊙ (" + dout + " − Σ " + dout + " ⊙ " + out + ")";
            case "maxpool" -> "route " + dout + " to each window's max (the mask)";
            case "avgpool" -> {
                int[] s = ((AvgPool2d) l).size();
                yield "spread " + dout + " evenly: each element of a window gets its " + dout + " / " + s[0] * s[1];
            }
            case "flatten" -> dout + " reshaped to " + Shapes.toString(l.inShape());
            default -> throw new IllegalArgumentException(l.type());
        };
    }

    /** dL/dW of a conv or dense layer. */
    static String weightGrad(Layer l, String out, String in, String w) {
        String dout = Names.grad(out);
        if (l instanceof Conv2d c) {
            String rule = Names.grad(w) + " = " + in + " ⋆ " + dout;
            if (c.stride()[0] > 1 || c.stride()[1] > 1) rule += ", " + dout + " dilated by stride " + pairOrOne(c.stride());
            if (c.padding()[0] > 0 || c.padding()[1] > 0) rule += ", " + in + " padded by " + pairOrOne(c.padding());
            return rule;
        }
        return Names.grad(w) + " = " + dout + " · " + in + "ᵀ";
    }

    /** dL/db of a conv or dense layer. */
    static String biasGrad(Layer l, String out, String b) {
        String dout = Names.grad(out);
        return Names.grad(b) + " = " + (l instanceof Conv2d ? "Σ " + dout + " over each filter's positions" : dout);
    }

    /**
     * The loss of one example, {@code l} = ... in the names {@code a} (the output), {@code y} (the target)
     * and {@code label}: "L = −log A2[1]", or in a batch "L[m] = −log A2[m][label[m]]".
     */
    static String loss(LossKind kind, String l, String a, String y, String label) {
        return l + " = " + switch (kind) {
            case CROSS_ENTROPY -> "−log " + a + "[" + label + "]";
            case BCE -> "−(" + y + " log " + a + " + (1 − " + y + ") log(1 − " + a + "))";
            case MSE -> "mean((" + a + " − " + y + ")²)";
        };
    }

    /** The loss of a batch: the mean of the examples' losses. */
    static String batchLoss() {
        return "L = (1/M) Σ_m L[m]";
    }

    /** dL/dA of the last layer; in a batch, the one-example formula divided by M, as L is a mean. */
    static String lossGrad(LossKind kind, String a, String y, int k, boolean batch) {
        String rhs = switch (kind) {
            case CROSS_ENTROPY -> "−" + y + " / " + a;
            case BCE -> "(" + a + " − " + y + ") / (" + a + " (1 − " + a + "))";
            case MSE -> "2 (" + a + " − " + y + ") / " + k;
        };
        return Names.grad(a) + " = " + (batch ? "(" + rhs + ") / M" : rhs);
    }

    /** The fused step through the output activation: softmax with cross-entropy, sigmoid with BCE. */
    static String fused(String a, String y, String z, boolean batch) {
        return Names.grad(z) + " = " + (batch ? "(" + a + " − " + y + ") / M" : a + " − " + y);
    }

    /** Y from the label: "Y = one-hot of label 3"; in a batch "Y[m] = one-hot of label[m]". */
    static String target(LossKind kind, int k, String y, String label, double value) {
        if (kind == LossKind.BCE || k == 1) return y + " = " + (y.equals("Y") ? "the label" : label);
        return y + " = one-hot of " + (y.equals("Y") ? "label " + (int) value : label);
    }

    private static String pair(int[] hw) {
        return hw[0] + "x" + hw[1];
    }

    private static String pairOrOne(int[] hw) {
        return hw[0] == hw[1] ? Integer.toString(hw[0]) : pair(hw);
    }
}
