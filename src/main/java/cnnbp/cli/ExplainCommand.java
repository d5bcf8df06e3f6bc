package cnnbp.cli;

import cnnbp.BadInputException;

import cnnbp.trace.Trace;

import cnnbp.explain.Expansion;
import cnnbp.explain.ExpansionJson;
import cnnbp.explain.ExpansionText;
import cnnbp.explain.Explainer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        header = "Shows how one element of a trace was computed, with its numbers.",
        description = {"Shows how elements of the trace were computed, with the actual numbers:",
                "cnnbp explain --config C 'dL/dW1[0,0,1,1]' prints the sum of products that made it."})
final class ExplainCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    ExampleOption example;

    @Parameters(arity = "1..*", paramLabel = "ELEMENT",
            description = "Elements of the trace, as it names them: 'Z1[0,2,3]', 'dL/dW1[0,0,1,1]', L (quote them for the shell).")
    List<String> elements;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (cnnbp-explain/1, one object per element; an array for several).")
    Format format;

    @Option(names = "--digits", paramLabel = "D", defaultValue = "6",
            description = "Significant digits of the numbers in the text (1-17; default ${DEFAULT-VALUE}).")
    int digits;

    @Override
    public Integer call() {
        if (digits < 1 || digits > 17) {
            throw new ParameterException(spec.commandLine(), "--digits must be 1 to 17, got " + digits);
        }
        Trace trace = example.trace(config, spec);
        if (trace.batch() > 1) throw new BadInputException("explain takes one example; this trace has " + trace.batch());
        Explainer ex = Explainer.of(trace);
        List<Expansion> expansions = elements.stream().map(ex::explain).toList();
        StringBuilder out = new StringBuilder();
        if (format == Format.json) {
            if (expansions.size() == 1) {
                out.append(ExpansionJson.render(expansions.get(0), digits));
            } else {
                out.append("[\n");
                for (int i = 0; i < expansions.size(); i++) {
                    out.append(ExpansionJson.render(expansions.get(i), digits).stripTrailing()).append(i + 1 < expansions.size() ? ",\n" : "\n");
                }
                out.append("]\n");
            }
        } else {
            for (int i = 0; i < expansions.size(); i++) {
                if (i > 0) out.append('\n');
                out.append(ExpansionText.render(expansions.get(i), digits));
            }
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }
}
