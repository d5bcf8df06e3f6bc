package cnnbp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.layer.Layer;
import cnnbp.layer.Piecewise;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Kinks: reported as kinks, not failures, and still judged where one side of θ is smooth. */
class KinkTest {
    /**
     * Z1[0] = 0.5·1 − 0.25·2 + 0 = 0 exactly: the example sits on ReLU's kink for unit 0. Moving
     * W1[0, 0], W1[0, 1], b1[0], X[0, 0] or X[0, 1] by ±h crosses it; nothing else does.
     */
    static NetworkConfig onReluKink() {
        return ConfigLoader.load(Path.of("configs/relu-kink.conf"));
    }

    static NetworkResult check(Network net, NetworkConfig cfg) {
        return GradCheck.run("kink", net, Batch.example(cfg, net), CheckOptions.defaults().withInputGrad(true), "",
                Progress.NONE);
    }

    static Map<String, ElementResult> byElement(NetworkResult r) {
        Map<String, ElementResult> m = new TreeMap<>();
        for (TensorResult t : r.tensors()) for (ElementResult e : t.elements()) m.put(Selector.element(t.name(), e.index()), e);
        return m;
    }

    @Test
    void reluExactlyAtZeroIsAKinkNotAFailure() {
        NetworkConfig cfg = onReluKink();
        NetworkResult r = check(NetworkBuilder.build(cfg), cfg);
        assertTrue(r.passed(), "a correct network on a kink passes");
        Map<String, ElementResult> e = byElement(r);
        // Moving θ up switches unit 0 on, except for X[0,1], whose weight is negative: there θ − h does.
        Map<String, Integer> smoothSide = Map.of("W1[0,0]", -1, "W1[0,1]", -1, "b1[0]", -1, "X[0,0]", -1, "X[0,1]", 1);
        for (var entry : e.entrySet()) {
            ElementResult el = entry.getValue();
            Integer side = smoothSide.get(entry.getKey());
            if (side == null) {
                assertEquals(Status.OK, el.status(), entry.getKey() + " is away from the kink");
                continue;
            }
            assertEquals(Status.KINK, el.status(), entry.getKey() + " crosses the kink");
            assertEquals(side, el.side(), entry.getKey() + ": the side that stays smooth");
            if (!entry.getKey().startsWith("X")) {  // X also reaches unit 1, which is on
                assertEquals(0.0, el.analytic(), entry.getKey() + ": ReLU's derivative at 0 is 0, so nothing flows back");
            }
            // One one-sided difference sees unit 0 switched on, the other not: they differ.
            assertNotEquals(el.left(), el.right(), 1e-3, entry.getKey() + ": the one-sided differences");
        }
        assertEquals(5, r.kinks());
    }

    /** ReLU that lets the gradient through at exactly 0 (derivative 1 there): a test-only broken layer. */
    static final class ReluOneAtZero implements Piecewise {
        private final int[] shape;
        private Tensor inp, out;

        ReluOneAtZero(int[] shape) {
            this.shape = shape.clone();
        }

        @Override public String type() { return "relu"; }
        @Override public int[] inShape() { return shape.clone(); }
        @Override public int[] outShape() { return shape.clone(); }

        @Override
        public Tensor forward(Tensor inp) {
            this.inp = inp;
            out = Tensor.batch(inp.n(), shape);
            for (int i = 0; i < inp.size(); i++) out.data[i] = Math.max(0, inp.data[i]);
            return out;
        }

        @Override
        public Tensor backward(Tensor dout, boolean needDinp) {
            Tensor dinp = Tensor.batch(dout.n(), shape);
            for (int i = 0; i < dout.size(); i++) dinp.data[i] = inp.data[i] >= 0 ? dout.data[i] : 0;
            return dinp;
        }

        @Override
        public int[] pieces(int[] dst) {
            int[] p = new int[inp.size()];
            for (int i = 0; i < p.length; i++) p[i] = inp.data[i] > 0 ? 1 : 0;
            return p;
        }
    }

    /**
     * Its wrong value at 0 lies between the one-sided differences (it is the θ + h side's slope),
     * so a check that only asks "between?" passes it; the smooth θ − h side's derivative, 0, does not.
     */
    @Test
    void aWrongDerivativeAtTheKinkIsCaughtOnTheSmoothSide() {
        NetworkConfig cfg = onReluKink();
        Network real = NetworkBuilder.build(cfg);
        List<Layer> layers = new ArrayList<>(real.layers());
        layers.set(1, new ReluOneAtZero(new int[] {2}));
        NetworkResult r = check(new Network(real.inShape(), layers, real.loss()), cfg);
        ElementResult b = byElement(r).get("b1[0]");
        assertEquals(Status.FAIL, b.status());
        assertEquals(-1, b.side());
        assertEquals(b.right(), b.analytic(), 1e-6, "the wrong value is the θ + h side's slope");
        assertEquals(0.0, b.numeric(), 1e-9, "the smooth side's derivative");
    }

    /** A 2x2 max pool on [[1, 1], [0, 0]]: the window's maximum is tied. */
    @Test
    void maxPoolTieIsAKinkJudgedOnTheSideThatKeepsTheArgmax() {
        NetworkConfig cfg = ConfigLoader.parse("""
                input: [1, 2, 2]
                layers:
                  - maxpool: {size: 2}
                  - flatten
                  - dense: {units: 2, weights: [[0.7], [-0.4]], bias: [0.0, 0.0]}
                  - softmax
                loss: cross_entropy
                example: {input: [[[1, 1], [0, 0]]], label: 1}
                """, Path.of("tie.conf"));
        NetworkResult r = check(NetworkBuilder.build(cfg), cfg);
        assertTrue(r.passed());
        Map<String, ElementResult> e = byElement(r);
        // The first maximum gets the gradient; raising it keeps it the maximum (θ + h side smooth).
        assertEquals(Status.KINK, e.get("X[0,0,0,0]").status());
        assertEquals(1, e.get("X[0,0,0,0]").side());
        assertNotEquals(0.0, e.get("X[0,0,0,0]").analytic());
        // The second gets nothing; lowering it keeps the first the maximum (θ − h side smooth).
        assertEquals(Status.KINK, e.get("X[0,0,0,1]").status());
        assertEquals(-1, e.get("X[0,0,0,1]").side());
        assertEquals(0.0, e.get("X[0,0,0,1]").analytic());
        assertEquals(Status.OK, e.get("X[0,0,1,0]").status());
    }

    /**
     * Images made of flat rectangles of 0, 0.5 and 1 on a background of 0, zero biases: ReLUs sit
     * exactly at 0 over the background and max-pool windows tie over flat regions, so θ ± h crosses
     * kinks often (every b1 element, most pixels of X). A hundred seeds (weights and images), every
     * element, dL/dX included: no failure.
     */
    @Test
    void noFalseFailuresOnAHundredSeedsOfReluMaxpoolNetworks() {
        long judged = 0, checked = 0;
        for (int seed = 1; seed <= 100; seed++) {
            Network net = NetworkBuilder.build(RandomNets.reluMaxpool(seed));
            Batch b = flatImages(net, 2, seed);
            NetworkResult r = GradCheck.run("seed " + seed, net, b, CheckOptions.defaults().withInputGrad(true), "",
                    Progress.NONE);
            for (TensorResult t : r.tensors()) {
                for (ElementResult e : t.failures()) {
                    throw new AssertionError("seed " + seed + ": " + Selector.element(t.name(), e.index()) + " failed: "
                            + e + "\n" + ReportText.render(new Report(List.of(r), CheckOptions.defaults(), 0)));
                }
            }
            judged += r.kinks() - r.unjudged();
            checked += r.checked();
        }
        assertTrue(judged > 100, "the images must put elements on kinks that are judged, else this tests nothing: "
                + judged + " in " + checked + " elements");
    }

    /** M images of the network's shape: a background of 0 and three rectangles of 0, 0.5 or 1. */
    static Batch flatImages(Network net, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] s = net.inShape();
        Tensor x = Tensor.batch(m, s);
        double[] labels = new double[m];
        double[] levels = {0, 0.5, 1};
        for (int n = 0; n < m; n++) {
            for (int c = 0; c < s[0]; c++) {
                for (int r = 0; r < 3; r++) {
                    int y0 = rnd.nextInt(s[1]), x0 = rnd.nextInt(s[2]);
                    int y1 = y0 + 1 + rnd.nextInt(s[1] - y0), x1 = x0 + 1 + rnd.nextInt(s[2] - x0);
                    double v = levels[rnd.nextInt(3)];
                    for (int y = y0; y < y1; y++) {
                        for (int xx = x0; xx < x1; xx++) x.data[((n * s[0] + c) * s[1] + y) * s[2] + xx] = v;
                    }
                }
            }
            labels[n] = rnd.nextInt(net.outShape()[0]);
        }
        return new Batch(x, labels, m + " flat images (seed " + seed + ")");
    }
}
