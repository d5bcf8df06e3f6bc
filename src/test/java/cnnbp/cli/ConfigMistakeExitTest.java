package cnnbp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every config mistake of ConfigLoaderTest, through the CLI: one line on stderr, exit code 2. */
class ConfigMistakeExitTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("cnnbp.config.ConfigLoaderTest#mistakes")
    void everyConfigMistakeExitsWith2(String yaml, int line, int column, String phrase) throws Exception {
        Path conf = dir.resolve("net.yaml");
        Files.writeString(conf, yaml);
        Cli.run("summary", "--config", conf.toString()).assertBadInput("cnnbp: " + conf + ":" + line + ":" + column + ": ", phrase);
    }
}
