package cnnbp.check;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import cnnbp.loss.MeanSquaredError;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gradient-checks one layer kind in one call, as a plugin's JUnit test does:
 * <pre>
 * LayerCheck.Result r = LayerCheck.check(new HardSwishKind(), Map.of("slope", 0.2), new int[] {2, 3, 3}, 1);
 * assertTrue(r.passed(), r.toString());   // the message is cnnbp's per-element report
 * </pre>
 * The layer is built by its kind from the options, followed by a flatten and a mean-squared-error
 * loss, and checked as {@code cnnbp gradcheck --input-grad} checks a network: every parameter and
 * dL/dX, element by element against central finite differences (kink-aware), on a batch of
 * {@link #BATCH} seeded random examples in [−1, 1]. A failure also names what the layer's own
 * backward gets wrong ({@link Result#toString}: "layer 1 hardswish: backward's dL/dinput disagrees ...").
 */
public final class LayerCheck {
    /** Examples in the checked batch. */
    public static final int BATCH = 4;

    private LayerCheck() {}

    /**
     * Builds a layer of {@code kind} with {@code options} (checked against its schema: a mistake is a
     * {@link cnnbp.BadInputException}) for one example's input shape {@code inShape} ((C, H, W) or
     * (features)), and checks its gradients with cnnbp's default tolerances; {@code seed} seeds the
     * initial weights, the examples and the sampling.
     */
    public static Result check(LayerKind kind, Map<String, ?> options, int[] inShape, long seed) {
        String label = kind.key() + " " + Shapes.toList(inShape);
        Options o = Options.of(kind, options, label + ": ");
        Layer layer = kind.build(o, inShape.clone(), new BuildContext(1, label, kind, seed, Path.of(""), null, null));
        LayerKind flattenKind = LayerKinds.builtIn().get("flatten");
        Options none = Options.of(flattenKind, Map.of(), "flatten: ");
        Layer flatten = flattenKind.build(none, layer.outShape(), new BuildContext(2, label, flattenKind, seed, Path.of(""), null, null));
        Network net = new Network(inShape, List.of(layer, flatten), List.of(kind, flattenKind), List.of(o, none),
                new MeanSquaredError());
        CheckOptions co = CheckOptions.defaults().withInputGrad(true).withSeed(seed);
        long start = System.nanoTime();
        NetworkResult r = GradCheck.run(label, net, Batch.random(net, BATCH, seed), co,
                "LayerCheck.check(" + kind.key() + ", " + options + ", " + Shapes.toList(inShape) + ", " + seed + ") with",
                Progress.NONE);
        return new Result(new Report(List.of(r), co, (System.nanoTime() - start) / 1e9));
    }

    /** What {@link #check} found. */
    public static final class Result {
        private final Report report;

        Result(Report report) {
            this.report = report;
        }

        /** Whether every checked element agrees (or sits at a kink where its one-sided differences allow it). */
        public boolean passed() {
            return report.passed();
        }

        /** How many elements disagree. */
        public long failed() {
            return report.networks().get(0).failed();
        }

        /** The first disagreement of the layer's own backward, or null. */
        public String blame() {
            return report.networks().get(0).blame();
        }

        /** The full report. */
        public Report report() {
            return report;
        }

        /** cnnbp's per-element text report, as {@code cnnbp gradcheck} prints it. */
        @Override
        public String toString() {
            return ReportText.render(report);
        }
    }
}
