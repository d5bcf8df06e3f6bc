package cnnbp.testplugin;

import cnnbp.kind.LayerKindProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Writes a plugin jar of this package's compiled classes whose services file names one provider. */
public final class PluginJars {
    private PluginJars() {}

    public static Path jar(Path file, Class<? extends LayerKindProvider> provider) throws IOException {
        Path classes;
        try {
            classes = Path.of(PluginJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = classes.resolve("cnnbp/testplugin");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                jar.putNextEntry(new JarEntry("cnnbp/testplugin/" + f.getFileName()));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + LayerKindProvider.class.getName()));
            jar.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

}
