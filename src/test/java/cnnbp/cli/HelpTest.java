package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@code cnnbp --help} and every subcommand's help read cleanly on an 80-column terminal. */
class HelpTest {
    private static final int COLUMNS = 80;

    static List<String> subcommands() {
        return List.copyOf(Main.commandLine().getSubcommands().keySet());
    }

    @Test
    void theCommandListGivesEachCommandOneWholeSentenceOnOneLine() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.size());
        assertEquals(subcommands().size(), commands.size(), "one line per command:\n" + r.out());
        for (String line : commands) {
            assertTrue(line.matches("  [a-z-]+ +[A-Z][^.]*[a-z)]\\."), "not one whole sentence: '" + line + "'");
        }
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everyHelpFitsIn80Columns(String command) {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {command, "--help"})) {
            if (command.equals("help") && args.length == 2) continue;   // picocli's own help command
            Cli r = Cli.run(args);
            assertEquals(0, r.code(), r.err());
            for (String line : r.out().lines().toList()) {
                assertTrue(line.length() <= COLUMNS, String.join(" ", args) + ": " + line.length() + " columns: " + line);
            }
        }
    }
}
