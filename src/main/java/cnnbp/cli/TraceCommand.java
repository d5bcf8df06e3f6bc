package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.explain.TraceHtml;
import cnnbp.trace.AnswersTemplate;
import cnnbp.trace.Blanks;
import cnnbp.trace.Handout;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceLatex;
import cnnbp.trace.TraceMarkdown;
import cnnbp.trace.TraceText;
import cnnbp.trace.Ties;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
                    + " names, comma-separated (e.g. backward or Z1,dL/dW1); add formulas to leave their"
                    + " formulas empty too (formulas alone: every formula, values shown).")
    String blank;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "The handout's title (default: cnnbp trace of and the config's file name).")
    String title;

    @Option(names = "--instructions", paramLabel = "FILE",
            description = "Put this text or Markdown file's contents under the handout's title.")
    Path instructions;

    @Option(names = "--only", paramLabel = "NAMES",
            description = "Print just these tensors, named as the trace prints them, comma-separated"
                    + " (e.g. Z1,dL/dW1); text, json, markdown or latex.")
    String only;

    @Option(names = "--width", paramLabel = "N",
            description = "In text, wrap a matrix row longer than N characters (default ${DEFAULT-VALUE};"
                    + " 0: never).", defaultValue = "" + Handout.WIDTH)
    int width;

    @Option(names = "--answers-template",
            description = "Print the skeleton of an answers file for cnnbp compare instead: every computed tensor"
                    + " (or the --blank ones) in its shape, filled with null.")
    boolean answersTemplate;

    @Option(names = "--check",
            description = "Instead of the trace, list what a hand computation may get the other way: tied"
                    + " max-pool windows and ReLU inputs exactly 0. Exit code 1 if there are any.")
    boolean check;

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
        for (String[] handoutOption : new String[][] {{"--title", title},
                {"--instructions", instructions == null ? null : instructions.toString()}}) {
            if (handoutOption[1] != null && (format == Format.json || answersTemplate || check)) {
                throw new ParameterException(spec.commandLine(), handoutOption[0] + " makes a handout: use --format text,"
                        + " markdown, latex or html, without --answers-template or --check");
            }
        }
        if (only != null && (format == Format.html || answersTemplate || check)) {
            throw new ParameterException(spec.commandLine(), "--only is for text, json, markdown and latex: the html page"
                    + " links every tensor to the ones it was made from");
        }
        if (width < 0) throw new ParameterException(spec.commandLine(), "--width must be 0 (never wrap) or more, got " + width);
        if (spec.commandLine().getParseResult().hasMatchedOption("--width") && format != null && format != Format.text) {
            throw new ParameterException(spec.commandLine(), "--width wraps the rows of text: leave it out with --format " + format);
        }
        String words = instructions == null ? null : Instructions.read(instructions);
        Trace t = example.trace(config, spec);
        if (format == Format.html && t.batch() > 1) {
            throw new BadInputException("--format html shows one example; this trace has " + t.batch());
        }
        if (check) return check(t);
        Set<String> blanks = blank == null ? Set.of() : Blanks.parse(blank, t);
        Set<String> shown = only == null ? null : Blanks.only(only, t);
        Handout handout = new Handout(title == null ? null : title.strip().replaceAll("\\s+", " "), words,
                blank == null ? Set.of() : Blanks.formulas(blank, t), shown, width);
        String out;
        if (answersTemplate) {
            out = AnswersTemplate.render(t, blank == null ? Blanks.all(t) : blanks);
        } else {
            out = switch (format == null ? Format.text : format) {
                case text -> TraceText.render(t, digits, blanks, perExample, handout);
                case json -> shown == null ? TraceJson.render(t) : TraceJson.render(t, shown);
                case markdown -> TraceMarkdown.render(t, digits, blanks, perExample, handout);
                case latex -> TraceLatex.render(t, digits, blanks, perExample, handout);
                case html -> TraceHtml.render(t, digits, blanks, handout);
            };
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }

    /** The tied windows and the ReLU inputs exactly 0, one layer a line; exit code 1 if there are any. */
    private int check(Trace t) {
        PrintWriter out = spec.commandLine().getOut();
        int warnings = 0;
        for (Trace.Step s : t.layers()) {
            Trace.Item inp = Ties.input(t, s.index() - 1);
            String ties = Ties.note(Ties.of(s, inp), inp);
            List<String> zeros = Ties.reluZeros(s, inp);
            if (ties != null) {
                out.println("warning: layer " + s.index() + " " + s.type() + ": " + ties);
                warnings++;
            }
            if (!zeros.isEmpty()) {
                out.println("warning: layer " + s.index() + " " + s.type() + ": input exactly 0 at " + String.join(", ", zeros)
                        + ": ReLU's derivative there is taken as 0, as PyTorch");
                warnings++;
            }
        }
        out.println(warnings == 0 ? "ok: no tied max-pool window, no ReLU input exactly 0"
                : warnings + " warning(s): say the rule in the handout, or change the weights or the input");
        out.flush();
        return warnings == 0 ? Main.ExitCodes.OK : Main.ExitCodes.FAILED;
    }
}
