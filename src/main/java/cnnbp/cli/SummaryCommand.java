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
        description = "One row per layer: type, output shape, parameters, multiply-adds of a forward pass.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        NetworkConfig cfg = config.load();
        Network net = config.build(cfg);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: input %s, loss %s%n", cfg.file(), Shapes.toString(cfg.input()), cfg.loss().key);
        String row = "%5s  %-12s %-12s %10s %14s%n";
        out.printf(Locale.ROOT, row, "layer", "type", "output", "params", "multiply-adds");
        long params = 0, macs = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            long p = l.params().stream().mapToLong(x -> x.value.size()).sum();
            params += p;
            macs += l.macs();
            out.printf(Locale.ROOT, row, i + 1, l.type(), Shapes.toString(l.outShape()), p, l.macs());
        }
        out.printf(Locale.ROOT, row, "", "total", "", params, macs);
        int batch = cfg.train().batch();
        Sizes.Estimate memory = Sizes.estimate(net, batch);
        out.printf(Locale.ROOT, "memory: training with batch %d needs %s%s%n", batch, memory.describe(),
                memory.bytes() > Sizes.heap() ? ", more than the " + Sizes.bytes(Sizes.heap()) + " the Java heap may grow to:"
                        + " train will refuse" : "");
        out.flush();
        return Main.ExitCodes.OK;
    }
}
