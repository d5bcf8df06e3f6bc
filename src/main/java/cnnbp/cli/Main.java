package cnnbp.cli;

import cnnbp.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cnnbp} command: parses options and hands each subcommand to the library. */
@Command(name = "cnnbp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains small CNNs, checks their gradients and traces backpropagation step by step.",
        subcommands = {CommandLine.HelpCommand.class, TraceCommand.class, SummaryCommand.class, TrainCommand.class,
                EvaluateCommand.class, PredictCommand.class, GradcheckCommand.class, CompareCommand.class,
                ExportCommand.class, HomeworkCommand.class})
public final class Main implements Runnable {
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
                commandLine.getErr().println("cnnbp: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            throw e;
        });
        return cmd;
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
