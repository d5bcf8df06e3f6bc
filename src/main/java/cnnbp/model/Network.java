package cnnbp.model;

import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.layer.ExampleWise;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.loss.Loss;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of layers and a loss. Layer i (0-based here, i + 1 in the config) maps outs[i − 1]
 * (the input X for i = 0) to outs[i]; backward fills douts[i] = dL/d(outs[i]) from the loss down.
 * Every tensor is batched, batch first; M is the batch size.
 */
public final class Network {
    private final int[] inShape;
    private final List<Layer> layers;
    private final List<LayerKind> kinds;     // layer i's kind, null where unknown
    private final List<Options> options;     // layer i's options, null where unknown
    private final Loss loss;

    private Tensor input;     // X (M, inShape...)
    private Tensor target;    // Y (M, K)
    private double[] labels;  // (M), of the last forward with labels
    private final Tensor[] outs;
    private final Tensor[] douts;
    private Tensor dinput;    // dL/dX, when asked for
    private double lossValue = Double.NaN;
    private boolean training = true;

    /**
     * A network of layers built by hand: each layer's kind is the built-in kind of its type, and
     * its options are unknown, so it can be checked and trained but not traced.
     */
    public Network(int[] inShape, List<Layer> layers, Loss loss) {
        this(inShape, layers, layers.stream().map(l -> LayerKinds.builtIn().get(l.type())).toList(),
                java.util.Collections.nCopies(layers.size(), null), loss);
    }

    /** A network whose layer i was built by {@code kinds[i]} from {@code options[i]}. */
    public Network(int[] inShape, List<Layer> layers, List<LayerKind> kinds, List<Options> options, Loss loss) {
        this.inShape = inShape.clone();
        this.layers = List.copyOf(layers);
        this.kinds = java.util.Collections.unmodifiableList(new ArrayList<>(kinds));
        this.options = java.util.Collections.unmodifiableList(new ArrayList<>(options));
        this.loss = loss;
        this.outs = new Tensor[layers.size()];
        this.douts = new Tensor[layers.size()];
    }

    public int[] inShape() {
        return inShape.clone();
    }

    public int[] outShape() {
        return layers.get(layers.size() - 1).outShape();
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    /** Layer i's kind, or null for a hand-built layer of no registered kind. */
    public LayerKind kind(int i) {
        return kinds.get(i);
    }

    /** The options layer i was built from, or null for a hand-built network. */
    public Options options(int i) {
        return options.get(i);
    }

    public Loss loss() {
        return loss;
    }

    /** Runs every layer on x (M, inShape...) and returns the output, (M, outShape...). */
    public Tensor forward(Tensor x) {
        input = x;
        return forwardLayers(0, x);
    }

    /**
     * Runs layers first and after on t, the input of layer first, keeping each output in outs.
     * Consecutive {@link ExampleWise} layers run together: one parallel loop takes a few examples
     * at a time through all of them, while those are in cache.
     */
    private Tensor forwardLayers(int first, Tensor t) {
        for (int i = first; i < layers.size(); ) {
            if (!(layers.get(i) instanceof ExampleWise)) {
                t = layers.get(i).forward(t);
                outs[i++] = t;
                continue;
            }
            int end = runEnd(i, +1);
            List<ExampleWise> run = new ArrayList<>();
            long work = 0;
            for (; i < end; i++) {
                ExampleWise layer = (ExampleWise) layers.get(i);
                run.add(layer);
                t = layer.prepareForward(t);
                outs[i] = t;
                work += layer.work(t.n());
            }
            Parallel.forEach(t.n(), work, (worker, from, to) -> {
                for (ExampleWise layer : run) layer.forward(worker, from, to);
            });
        }
        return t;
    }

    /** One past (step +1) or before (step −1) the run of consecutive ExampleWise layers from layer i. */
    private int runEnd(int i, int step) {
        int end = i;
        while (end >= 0 && end < layers.size() && layers.get(end) instanceof ExampleWise) end += step;
        return end;
    }

    /** forward, then the loss against the labels (M); returns L, averaged over the batch. */
    public double forward(Tensor x, double[] labels) {
        Tensor a = forward(x);
        this.labels = labels.clone();
        target = loss.target(labels, a.perExample());
        lossValue = loss.forward(a, labels);
        return lossValue;
    }

    /**
     * Re-runs layers {@code first} and after on the cached output of layer first − 1 (X for 0), and
     * the loss against the labels of the last {@link #forward(Tensor, double[])}; returns L. Layers
     * before {@code first} are not touched: a change to layer first's parameters (or, from 0, to X's
     * values) costs only the layers it reaches. {@code first} = the layer count recomputes the loss alone.
     */
    public double forwardFrom(int first) {
        Tensor t = forwardLayers(first, first == 0 ? input : outs[first - 1]);
        lossValue = loss.forward(t, labels);
        return lossValue;
    }

    /**
     * Backpropagates the loss of the last {@link #forward(Tensor, double[])}, adding into every
     * parameter gradient (call {@link #zeroGrad} first). dL/dX is computed only when asked for.
     */
    public void backward(boolean inputGrad) {
        int last = layers.size() - 1;
        douts[last] = loss.backward();
        Tensor d = loss.backwardThrough(layers.get(last));
        int from = last;
        if (d != null) {  // the fused (A − Y) / M: skip the output activation's own backward
            from = last - 1;
            if (from >= 0) douts[from] = d;
            else if (inputGrad) dinput = d;
        }
        for (int i = from; i >= 0; ) {
            if (!(layers.get(i) instanceof ExampleWise)) {
                passDown(i, layers.get(i).backward(douts[i], i > 0 || inputGrad));
                i--;
                continue;
            }
            int end = runEnd(i, -1);
            List<ExampleWise> run = new ArrayList<>();  // from the top down, as ExampleWise runs them together
            long work = 0;
            for (; i > end; i--) {
                ExampleWise layer = (ExampleWise) layers.get(i);
                run.add(layer);
                passDown(i, layer.prepareBackward(douts[i], i > 0 || inputGrad));
                work += 2 * layer.work(douts[last].n());
            }
            Parallel.forEachChunk(douts[last].n(), work, (worker, lo, hi) -> {
                for (ExampleWise layer : run) layer.backward(worker, lo, hi);
            });
            for (ExampleWise layer : run) layer.finishBackward();
        }
    }

    /** Layer i's dinp becomes dL/d(outs[i − 1]), or dL/dX for the first layer. */
    private void passDown(int i, Tensor dinp) {
        if (i > 0) douts[i - 1] = dinp;
        else dinput = dinp;
    }

    /** Training mode (true, as a new network) or evaluation mode for every layer: {@link Layer#setTraining}. */
    public void train(boolean training) {
        this.training = training;
        for (Layer l : layers) l.setTraining(training);
    }

    /** Whether the network is in training mode. */
    public boolean training() {
        return training;
    }

    /**
     * Gives layer i the random key {@link #randomKey}(seed, epoch, batch, i): what a dropout layer's mask
     * is drawn from, a pure function of them, so the same seed gives the same masks and a resume the
     * masks of an uninterrupted run. {@code batch} is the batch's position in its epoch, from 0.
     */
    public void setRandomKey(long seed, int epoch, int batch) {
        for (int i = 0; i < layers.size(); i++) layers.get(i).setRandomKey(randomKey(seed, epoch, batch, i));
    }

    /** The random key of layer i (from 0) in batch {@code batch} of epoch {@code epoch} of a run seeded {@code seed}. */
    public static long randomKey(long seed, int epoch, int batch, int layer) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h + 0x9E3779B97F4A7C15L * (epoch + 1L));
        h = mix(h + 0xBF58476D1CE4E5B9L * (batch + 1L));
        return mix(h + 0x94D049BB133111EBL * (layer + 1L));
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB93FE1A85EC3L;
        return z ^ (z >>> 33);
    }

    public void zeroGrad() {
        for (Layer l : layers) l.zeroGrad();
    }

    /** Every trainable parameter, layer by layer, W before b. */
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (Layer l : layers) ps.addAll(l.params());
        return ps;
    }

    public long paramCount() {
        long n = 0;
        for (Param p : params()) n += p.value.size();
        return n;
    }

    /** X of the last forward. */
    public Tensor input() {
        return input;
    }

    /** Y of the last forward with labels. */
    public Tensor target() {
        return target;
    }

    /** Layer i's output from the last forward. */
    public Tensor output(int i) {
        return outs[i];
    }

    /** dL/d(layer i's output) from the last backward. */
    public Tensor gradOutput(int i) {
        return douts[i];
    }

    /** dL/dX from the last backward(true). */
    public Tensor inputGrad() {
        return dinput;
    }

    /** L of the last forward with labels. */
    public double lossValue() {
        return lossValue;
    }
}
