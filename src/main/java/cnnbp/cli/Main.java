package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.text.DidYouMean;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cnnbp} command: parses options and hands each subcommand to the library. */
@Command(name = "cnnbp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains small CNNs, checks their gradients and traces backpropagation step by step.",
        subcommands = {CommandLine.HelpCommand.class, TraceCommand.class, ExplainCommand.class, SummaryCommand.class,
                TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GradcheckCommand.class,
                CheckLayerCommand.class, CompareCommand.class, HomeworkCommand.class, ExportCommand.class})
public final class Main implements Runnable {
    /** The longest message printed, in characters: a message quoting a huge line is cut in the middle. */
    private static final int MESSAGE = 400;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: a user's mistake (a {@link BadInputException}) is one line on
     * stderr and exit code 2, as a bad option is; anything else is a bug and keeps its stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException) {
                commandLine.getErr().println("cnnbp: " + BadInputException.excerpt(e.getMessage(), MESSAGE));
                return ExitCodes.BAD_INPUT;
            }
            throw e;
        });
        cmd.setParameterExceptionHandler(Main::optionMistake);
        return cmd;
    }

    /**
     * A mistake in the options: one line, {@code cnnbp trace: --digits must be 1 to 17, got 99 (see cnnbp
     * trace --help)}, and exit code 2, without the usage. An unknown option is named with the closest
     * known one, also when picocli first noticed that a required option is missing.
     */
    static int optionMistake(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        List<String> unmatched = cmd.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            List<String> known = new ArrayList<>();
            cmd.getCommandSpec().options().forEach(o -> known.addAll(List.of(o.names())));
            known.addAll(cmd.getSubcommands().keySet());
            String word = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            message = (word.startsWith("-") ? "unknown option '" : "unexpected argument '") + BadInputException.excerpt(word)
                    + "'" + DidYouMean.suggest(word, known);
        }
        cmd.getErr().println(name + ": " + BadInputException.excerpt(message, MESSAGE)
                + " (see " + name + " --help)");
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'cnnbp trace --config configs/seed002.conf'");
    }

    /** Exit codes shared by every subcommand. */
    static final class ExitCodes {
        static final int OK = 0;
        static final int FAILED = 1;
        static final int BAD_INPUT = 2;
        /** gradcheck: the loss is NaN or infinite, so the check says nothing. */
        static final int UNRELIABLE = 3;

        private ExitCodes() {}
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/cnnbp-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"cnnbp " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
