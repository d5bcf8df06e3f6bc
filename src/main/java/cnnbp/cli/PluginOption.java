package cnnbp.cli;

import cnnbp.kind.LayerKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --plugin PATH.jar}, repeatable: more layer kinds for every command that reads a config. */
final class PluginOption {
    @Option(names = "--plugin", paramLabel = "PATH.jar",
            description = "A jar of more layer kinds (a cnnbp plugin); repeatable. A config may list more under plugins:.")
    List<Path> jars = new ArrayList<>();

    /** The built-in kinds and the plugins'; a bad jar is a one-line error. */
    LayerKinds kinds() {
        return LayerKinds.builtIn().withPlugins(jars);
    }

    /** " --plugin a.jar --plugin b.jar" for a command line that reruns this one with the same kinds. */
    static String flags(LayerKinds kinds) {
        StringBuilder sb = new StringBuilder();
        for (Path jar : kinds.plugins()) sb.append(" --plugin ").append(GradcheckCommand.quote(jar.toString()));
        return sb.toString();
    }
}
