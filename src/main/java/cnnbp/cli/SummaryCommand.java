package cnnbp.cli;

import cnnbp.config.NetworkConfig;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.build.Sizes;
import cnnbp.tensor.Shapes;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "summary", mixinStandardHelpOptions = true,
        header = "Lists a network's layers, shapes, parameters and multiply-adds.",
        description = "One row per layer: type, output shape, parameters, buffers (batchnorm's running statistics) if any,"
                + " multiply-adds of a forward pass.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        NetworkConfig cfg = config.loadOrWeights();
        Network net = config.build(cfg);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: input %s, loss %s%n", cfg.file(), Shapes.toString(cfg.input()), cfg.loss().key);
        // A buffers column (batchnorm's running statistics: saved, not trained) only when a layer has some.
        boolean anyBuffers = net.layers().stream().anyMatch(l -> !l.buffers().isEmpty());
        int typeWidth = Math.max(12, net.layers().stream().mapToInt(l -> l.type().length()).max().orElse(0));
        String row = "%5s  %-" + typeWidth + "s %-12s %10s " + (anyBuffers ? "%10s " : "%s") + "%14s%n";
        out.printf(Locale.ROOT, row, "layer", "type", "output", "params", anyBuffers ? "buffers" : "", "multiply-adds");
        long params = 0, buffers = 0, macs = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            long p = l.params().stream().mapToLong(x -> x.value.size()).sum();
            long b = l.buffers().values().stream().mapToLong(t -> t.size()).sum();
            params += p;
            buffers += b;
            macs += l.macs();
            out.printf(Locale.ROOT, row, i + 1, l.type(), Shapes.toString(l.outShape()), p, anyBuffers ? b : "",
                    l.macs());
        }
        out.printf(Locale.ROOT, row, "", "total", "", params, anyBuffers ? buffers : "", macs);
        int batch = cfg.train().batch();
        Sizes.Estimate memory = Sizes.estimate(net, batch);
        out.printf(Locale.ROOT, "memory: training with batch %d needs %s%s%n", batch, memory.describe(),
                memory.bytes() > Sizes.heap() ? ", more than the " + Sizes.bytes(Sizes.heap()) + " the Java heap may grow to:"
                        + " train will refuse" : "");
        out.flush();
        return Main.ExitCodes.OK;
    }
}
