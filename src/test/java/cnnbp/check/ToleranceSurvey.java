package cnnbp.check;

import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measurements behind gradcheck's default eps, rtol and atol (docs/gradcheck.md, "Defaults and why"):
 * runs the self-test networks and 100 random ReLU / max-pool networks (random weights and inputs,
 * seeds 1..100) with correct gradients, for several eps, with zero tolerances, and prints how large
 * the disagreement of correct gradients gets. Run by scripts/gradcheck-tolerances; not a test.
 */
public final class ToleranceSurvey {
    private ToleranceSurvey() {}

    public static void main(String[] args) {
        for (double eps : new double[] {1e-4, 1e-5, 1e-6, 1e-7}) survey(eps);
    }

    private static void survey(double eps) {
        CheckOptions o = CheckOptions.defaults().withTolerances(eps, 0, 0).withInputGrad(true);
        List<double[]> all = new ArrayList<>();  // {rel, |a - n| / max(1, |L|), max(|a|, |n|) / max(1, |L|)}
        List<ElementResult> kinks = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (String name : SelfTest.NETWORKS) runs.add(new Run(SelfTest.config(name), 1));
        for (int seed = 1; seed <= 100; seed++) runs.add(new Run(RandomNets.reluMaxpool(seed), seed));
        for (Run run : runs) {
            Network net = NetworkBuilder.build(run.cfg());
            NetworkResult r = GradCheck.run("survey", net, Batch.random(net, 4, run.seed()), o, "", Progress.NONE);
            double scale = Math.max(1, Math.abs(r.lossValue()));
            for (TensorResult t : r.tensors()) {
                for (ElementResult e : t.elements()) {
                    if (e.kink()) {
                        kinks.add(e);
                        continue;
                    }
                    double d = Math.abs(e.analytic() - e.numeric());
                    all.add(new double[] {e.relError(), d / scale, Math.max(Math.abs(e.analytic()), Math.abs(e.numeric())) / scale});
                }
            }
        }
        double[] rel = all.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] abs = all.stream().mapToDouble(x -> x[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "eps %.0e: %,d elements (%,d more crossed a kink)%n", eps, rel.length, kinks.size());
        System.out.printf(Locale.ROOT, "  rel error  median %.1e  99%% %.1e  99.9%% %.1e  max %.1e%n",
                q(rel, 0.5), q(rel, 0.99), q(rel, 0.999), rel[rel.length - 1]);
        System.out.printf(Locale.ROOT, "  |a - n| / max(1, |L|)  median %.1e  99%% %.1e  99.9%% %.1e  max %.1e%n",
                q(abs, 0.5), q(abs, 0.99), q(abs, 0.999), abs[abs.length - 1]);
        for (double atol : new double[] {1e-8, 1e-9, 1e-10}) {
            double need = all.stream().filter(x -> x[1] > atol).mapToDouble(x -> x[0]).max().orElse(0);
            long above = all.stream().filter(x -> x[1] > atol).count();
            long onFloor = all.stream().filter(x -> x[2] <= atol).count();
            System.out.printf(Locale.ROOT, "  atol %.0e: %,d elements above the floor, whose largest rel error is %.1e;"
                    + " %.2f%% of elements are zero (both values under the floor)%n", atol, above, need,
                    100.0 * onFloor / all.size());
        }
        if (!kinks.isEmpty()) {
            double sided = kinks.stream().filter(e -> e.side() != 0).mapToDouble(ElementResult::relError).max().orElse(0);
            long smooth = kinks.stream().filter(e -> e.side() != 0).count();
            double outside = kinks.stream().mapToDouble(e -> {
                double lo = Math.min(e.left(), e.right()), hi = Math.max(e.left(), e.right()), a = e.analytic();
                double d = a < lo ? lo - a : a > hi ? a - hi : 0;
                return d == 0 ? 0 : d / Math.max(Math.abs(a), Math.max(Math.abs(lo), Math.abs(hi)));
            }).max().orElse(0);
            System.out.printf(Locale.ROOT, "  kinks: %d of %d with a smooth side, whose derivative is off a by at most"
                    + " %.1e relative; a lies outside the first-order one-sided differences by up to %.1e relative%n",
                    smooth, kinks.size(), sided, outside);
        }
    }

    private static double q(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private record Run(NetworkConfig cfg, long seed) {}

}
