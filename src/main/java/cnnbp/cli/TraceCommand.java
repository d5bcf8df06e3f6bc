package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.explain.TraceHtml;
import cnnbp.trace.AnswersTemplate;
import cnnbp.trace.Blanks;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceLatex;
import cnnbp.trace.TraceMarkdown;
import cnnbp.trace.TraceText;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        header = "Prints every tensor of a forward and backward pass, step by step.",
        description = {"Prints every tensor of one example's forward and backward pass (X, Z1, A1, ..., L,",
                "dL/dA2, ..., dL/dW1), each with the chain-rule step that made it; or of a batch of M",
                "examples (the config's examples:, --input with M rows or files, --batch M), example by",
                "example, with the batch mean's 1/M and the sums over the examples."})
final class TraceCommand implements Callable<Integer> {
    enum Format { text, json, markdown, latex, html }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    ExampleOption example;

    @Option(names = "--per-example",
            description = "In a batch trace, show each example's contribution to dL/dW and dL/db before their sum.")
    boolean perExample;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text (default), json (the cnnbp-trace/1 contract, full precision: the reference for"
                    + " cnnbp compare), markdown or latex (handouts: tables, or a document for pdflatex), html (one"
                    + " self-contained page: heatmaps; click an element to see how it was computed).")
    Format format;

    @Option(names = "--digits", paramLabel = "D", defaultValue = "6",
            description = "Significant digits in text, markdown, latex and html (1-17; default ${DEFAULT-VALUE}).")
    int digits;

    @Option(names = "--blank", paramLabel = "WHAT",
            description = "Leave these values empty for students to fill in: forward, backward, all, or tensor"
                    + " names, comma-separated (e.g. backward or Z1,dL/dW1).")
    String blank;

    @Option(names = "--answers-template",
            description = "Print the skeleton of an answers file for cnnbp compare instead: every computed tensor"
                    + " (or the --blank ones) in its shape, filled with null.")
    boolean answersTemplate;

    @Override
    public Integer call() {
        if (digits < 1 || digits > 17) {
            throw new ParameterException(spec.commandLine(), "--digits must be 1 to 17, got " + digits);
        }
        if (answersTemplate && format != null) {
            throw new ParameterException(spec.commandLine(), "--answers-template prints YAML: leave out --format");
        }
        if (perExample && format == Format.json) {
            throw new ParameterException(spec.commandLine(), "--per-example is for text, markdown and latex; the JSON"
                    + " holds every tensor already");
        }
        if (blank != null && format == Format.json) {
            throw new ParameterException(spec.commandLine(), "--blank makes a handout: use --format text, markdown, latex or html");
        }
        Trace t = example.trace(config, spec);
        if (format == Format.html && t.batch() > 1) {
            throw new BadInputException("--format html shows one example; this trace has " + t.batch());
        }
        Set<String> blanks = blank == null ? Set.of() : Blanks.parse(blank, t);
        String out;
        if (answersTemplate) {
            out = AnswersTemplate.render(t, blank == null ? Blanks.all(t) : blanks);
        } else {
            out = switch (format == null ? Format.text : format) {
                case text -> TraceText.render(t, digits, blanks, perExample);
                case json -> TraceJson.render(t);
                case markdown -> TraceMarkdown.render(t, digits, blanks, perExample);
                case latex -> TraceLatex.render(t, digits, blanks, perExample);
                case html -> TraceHtml.render(t, digits, blanks);
            };
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }
}
