package cnnbp.kind;

import cnnbp.BadInputException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.HashSet;
import java.util.Set;
import java.nio.charset.StandardCharsets;

/**
 * A registry of layer kinds by config key: cnnbp's built-in kinds, found with
 * {@link ServiceLoader} on cnnbp's own class path, plus those of any plugin jars. An instance is
 * immutable; {@link #withPlugins} makes a new one, so a config that loads plugins does not change
 * what another sees.
 */
public final class LayerKinds {
    private static final LayerKinds BUILT_IN = new LayerKinds(new LinkedHashMap<>(), new LinkedHashMap<>(), List.of())
            .add(ServiceLoader.load(LayerKindProvider.class, LayerKinds.class.getClassLoader()), null);

    private final Map<String, LayerKind> kinds;
    private final Map<String, Path> sources;
    private final List<Path> plugins;

    private LayerKinds(Map<String, LayerKind> kinds, Map<String, Path> sources, List<Path> plugins) {
        this.kinds = kinds;
        this.sources = sources;
        this.plugins = plugins;
    }

    /** The kinds on cnnbp's class path: conv, maxpool, avgpool, flatten, dense, relu, ... */
    public static LayerKinds builtIn() {
        return BUILT_IN;
    }

    /**
     * These kinds and those of the plugin jars (each providing a {@link LayerKindProvider} through
     * {@code META-INF/services}). A jar that is missing, not a jar, provides no kind or a kind whose
     * key is taken is a one-line {@link BadInputException} naming it. A jar already loaded is skipped.
     */
    public LayerKinds withPlugins(List<Path> jars) {
        LayerKinds all = this;
        for (Path jar : jars) {
            Path abs = jar.toAbsolutePath().normalize();
            if (all.plugins.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(abs))) continue;
            all = all.withPlugin(jar);
        }
        return all;
    }

    private LayerKinds withPlugin(Path jar) {
        if (!Files.isRegularFile(jar)) throw new BadInputException(jar + ": cannot read plugin: no such file");
        Set<String> listed = new HashSet<>();  // the providers this jar's services file names
        try (JarFile j = new JarFile(jar.toFile())) {
            JarEntry services = j.getJarEntry("META-INF/services/" + LayerKindProvider.class.getName());
            if (services == null) {
                throw new BadInputException(jar + ": not a cnnbp plugin: it has no META-INF/services/"
                        + LayerKindProvider.class.getName());
            }
            String text = new String(j.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\\R")) {
                String name = line.replaceAll("#.*", "").strip();
                if (!name.isEmpty()) listed.add(name);
            }
        } catch (IOException e) {
            throw new BadInputException(jar + ": cannot read plugin: not a jar file (" + e.getMessage() + ")", e);
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new BadInputException(jar + ": cannot read plugin: " + e.getMessage(), e);
        }
        // Left open: the plugin's classes are used for as long as the registry is.
        URLClassLoader loader = new URLClassLoader(new URL[] {url}, LayerKinds.class.getClassLoader());
        List<Path> morePlugins = new ArrayList<>(plugins);
        morePlugins.add(jar);
        LayerKinds all = new LayerKinds(new LinkedHashMap<>(kinds), new LinkedHashMap<>(sources),
                List.copyOf(morePlugins));
        ServiceLoader<LayerKindProvider> found = ServiceLoader.load(LayerKindProvider.class, loader);
        int before = all.kinds.size();
        try {
            all.add(found.stream().filter(p -> listed.contains(p.type().getName())).map(ServiceLoader.Provider::get)
                    .toList(), jar);
        } catch (BadInputException e) {
            throw e;
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw new BadInputException(jar + ": broken plugin: " + oneLine(e), e);
        }
        if (all.kinds.size() == before) throw new BadInputException(jar + ": a cnnbp plugin without layer kinds");
        return all;
    }

    private LayerKinds add(Iterable<LayerKindProvider> providers, Path source) {
        for (LayerKindProvider p : providers) {
            for (LayerKind k : p.kinds()) {
                String key = k.key();
                if (key == null || !key.matches("[a-z][a-z0-9_]*")) {
                    throw new BadInputException((source == null ? "cnnbp" : source.toString()) + ": layer kind key '"
                            + key + "' of " + k.getClass().getName() + " must be lowercase letters, digits and _");
                }
                if (kinds.containsKey(key)) {
                    Path other = sources.get(key);
                    throw new BadInputException((source == null ? "cnnbp" : source.toString()) + ": layer kind '" + key
                            + "' is already " + (other == null ? "a built-in kind" : "defined by " + other));
                }
                kinds.put(key, k);
                if (source != null) sources.put(key, source);
            }
        }
        return this;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    /** The kind registered under {@code key}, or null. */
    public LayerKind get(String key) {
        return kinds.get(key);
    }

    /** Every key, built-in kinds first, in the order they were registered. */
    public List<String> keys() {
        return List.copyOf(kinds.keySet());
    }

    /** The plugin jars loaded, in order. */
    public List<Path> plugins() {
        return Collections.unmodifiableList(plugins);
    }

    /** The plugin jar a kind comes from, or null for a built-in kind. */
    public Path source(String key) {
        return sources.get(key);
    }
}
