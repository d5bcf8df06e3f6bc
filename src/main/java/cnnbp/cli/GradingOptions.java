package cnnbp.cli;

import cnnbp.grade.Tolerance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The tolerance and credit options of the commands that grade answers: compare and homework grade. */
final class GradingOptions {
    @Option(names = "--rtol", paramLabel = "R",
            description = "Relative tolerance: right when |got − expected| ≤ atol + R·|expected| (default 0.01).")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = "1e-4",
            description = "Absolute tolerance, added in both modes (default ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--digits", paramLabel = "N",
            description = "Instead of --rtol: right when within atol + half a unit in the N-th significant digit"
                    + " of expected (1-17).")
    Integer digits;

    @Option(names = "--ecf-credit", paramLabel = "C", defaultValue = "1",
            description = "Points for a tensor correct given earlier wrong answers, 0 to 1 (default ${DEFAULT-VALUE}).")
    double ecfCredit;

    /** The tolerance the options give; a mistake in them is a usage error of {@code spec}'s command. */
    Tolerance tolerance(CommandSpec spec) {
        if (digits != null && rtol != null) throw usage(spec, "give --rtol or --digits, not both");
        if (digits != null && (digits < 1 || digits > 17)) throw usage(spec, "--digits must be 1 to 17, got " + digits);
        if (rtol != null && !(rtol >= 0 && rtol < Double.POSITIVE_INFINITY)) {
            throw usage(spec, "--rtol must be a number of 0 or more, got " + rtol);
        }
        if (!(atol >= 0 && atol < Double.POSITIVE_INFINITY)) {
            throw usage(spec, "--atol must be a number of 0 or more, got " + atol);
        }
        if (!(ecfCredit >= 0 && ecfCredit <= 1)) throw usage(spec, "--ecf-credit must be 0 to 1, got " + ecfCredit);
        return new Tolerance(rtol == null ? Tolerance.DEFAULT_RTOL : rtol, atol, digits == null ? 0 : digits);
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
