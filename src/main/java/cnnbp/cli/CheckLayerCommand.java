package cnnbp.cli;

import cnnbp.check.CheckOptions;
import cnnbp.exec.ExecProcess;
import cnnbp.exec.LayerCases;
import cnnbp.exec.ExecCheck;
import cnnbp.exec.ExecCheckReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "check-layer", mixinStandardHelpOptions = true,
        header = "Compares a layer program with cnnbp's own layer of that kind.",
        description = {"Checks a layer written in any language (a program speaking cnnbp-layer/1, see",
                "docs/layer-protocol.md) against cnnbp's own layer of a kind, on seeded random shapes,",
                "options and batches: y, dx and every parameter gradient element by element, and its",
                "backward against finite differences of its own forward.",
                "Exit code 0: all agree; 1: a mismatch; 2: bad usage, or a program that breaks the protocol."})
final class CheckLayerCommand implements Callable<Integer> {
    enum Format { text, json, junit }

    @Spec
    CommandSpec spec;

    @Option(names = "--exec", required = true, paramLabel = "COMMAND",
            description = "The program, run with /bin/sh -c in the current folder: \"python3 my_conv.py\".")
    String command;

    @Option(names = "--as", required = true, paramLabel = "KIND",
            description = "The cnnbp layer it must match: conv, dense, maxpool, avgpool, relu, leaky_relu, sigmoid, tanh, softmax.")
    String kind;

    @Option(names = "--options", paramLabel = "JSON", description = "Options every case keeps, as a JSON object: '{\"stride\": 1}'.")
    String optionsJson;

    @Parameters(paramLabel = "KEY=VALUE", description = "Options every case keeps, one per word: stride=1 kernel=[3,3].")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds the cases (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "20", description = "How many random cases (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--fd-elements", paramLabel = "K", defaultValue = "8",
            description = "Elements per tensor checked by finite differences in each case (default ${DEFAULT-VALUE}).")
    int fdElements;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait for one answer of the program (default ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--eps", paramLabel = "E", defaultValue = CheckOptions.EPS_TEXT,
            description = "The finite-difference step (default ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = CheckOptions.RTOL_TEXT,
            description = "Largest relative error that passes (default ${DEFAULT-VALUE}).")
    double rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = CheckOptions.ATOL_TEXT,
            description = "The floor, times max(1, the largest |value| of the tensor), below which any difference passes"
                    + " (default ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (cnnbp-check-layer/1) or junit (JUnit XML for CI).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (whole or not at all) and only its last line to stdout.")
    Path output;

    @Override
    public Integer call() {
        if (!LayerCases.KINDS.contains(kind)) {
            throw usage("--as " + kind + ": check-layer knows " + String.join(", ", LayerCases.KINDS));
        }
        if (cases < 1) throw usage("--cases must be at least 1, got " + cases);
        if (fdElements < 0) throw usage("--fd-elements must be at least 0, got " + fdElements);
        if (!(timeout > 0)) throw usage("--timeout must be a positive number of seconds, got " + timeout);
        if (!(eps > 0) || !(rtol >= 0) || !(atol >= 0)) throw usage("--eps must be > 0, --rtol and --atol >= 0");
        Map<String, Object> fixed = fixedOptions();
        CheckOptions tol = CheckOptions.defaults().withTolerances(eps, rtol, atol);
        ExecCheck.Result r;
        try (ExecProcess p = new ExecProcess("check-layer --exec", command, Path.of("").toAbsolutePath(), timeout)) {
            r = ExecCheck.run(p, kind, fixed, seed, cases, tol, fdElements);
        }
        String text = switch (format) {
            case text -> ExecCheckReport.text(r);
            case json -> ExecCheckReport.json(r);
            case junit -> ExecCheckReport.junit(r);
        };
        Reports.emit(spec.commandLine().getOut(), output, text, ExecCheckReport.summary(r));
        return r.exitCode();
    }

    /** --options and KEY=VALUE words, values read as JSON (a bare word as a string), checked against the kind. */
    private Map<String, Object> fixedOptions() {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> fixed = new LinkedHashMap<>();
        if (optionsJson != null) {
            try {
                Object v = json.readValue(optionsJson, Object.class);
                if (!(v instanceof Map<?, ?> m)) throw usage("--options must be a JSON object, got " + optionsJson);
                m.forEach((k, x) -> fixed.put(String.valueOf(k), x));
            } catch (JsonProcessingException e) {
                throw usage("--options is not JSON: " + e.getOriginalMessage());
            }
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq < 1) throw usage("expected KEY=VALUE, got '" + p + "'");
            String value = p.substring(eq + 1);
            try {
                fixed.put(p.substring(0, eq), json.readValue(value, Object.class));
            } catch (JsonProcessingException e) {
                fixed.put(p.substring(0, eq), value);
            }
        }
        List<String> known = LayerCases.optionNames(kind);
        for (String k : fixed.keySet()) {
            if (!known.contains(k)) {
                throw usage("option " + k + ": " + kind + " takes " + (known.isEmpty() ? "no options" : String.join(", ", known)));
            }
        }
        return fixed;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
