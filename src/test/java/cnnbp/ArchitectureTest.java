package cnnbp;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Map;
import java.util.Set;

/**
 * The engine (tensor, layer, loss, model) is the math: it depends on nothing from config (parsing), trace
 * (presentation) or cli. A new dependency of the engine on them fails this test.
 */
@AnalyzeClasses(packages = "cnnbp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /**
     * The engine's dependencies on config that exist today, by class (nested classes included) and the classes
     * they use; they are being removed (issue #12: the loss kinds and the network builder move out of config's
     * reach). Nothing may be added here; remove an entry once its dependency is gone
     * ({@link #everyKnownViolationStillExists} says when).
     */
    private static final Map<String, Set<String>> KNOWN_VIOLATIONS = Map.of(
            "cnnbp.loss.Loss", Set.of("cnnbp.config.LossKind"),
            "cnnbp.loss.CrossEntropy", Set.of("cnnbp.config.LossKind"),
            "cnnbp.loss.BinaryCrossEntropy", Set.of("cnnbp.config.LossKind"),
            "cnnbp.loss.MeanSquaredError", Set.of("cnnbp.config.LossKind"),
            "cnnbp.model.NetworkBuilder", Set.of("cnnbp.config.LayerSpec", "cnnbp.config.LossKind",
                    "cnnbp.config.NetworkConfig", "cnnbp.config.Values"));

    private static final String[] ENGINE = {"cnnbp.tensor..", "cnnbp.layer..", "cnnbp.loss..", "cnnbp.model.."};

    @ArchTest
    static final ArchRule theEngineDependsOnNoConfigTraceOrCli = theEngineMayNotAccessItsNeighbours();

    @ArchTest
    static void everyKnownViolationStillExists(JavaClasses classes) {
        KNOWN_VIOLATIONS.forEach((origin, targets) -> {
            for (String target : targets) {
                boolean found = classes.stream()
                        .filter(c -> topLevel(c).equals(origin))
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .anyMatch(d -> topLevel(d.getTargetClass()).equals(target));
                assertTrue(found, origin + " no longer uses " + target + ": remove it from KNOWN_VIOLATIONS");
            }
        });
    }

    private static LayeredArchitecture theEngineMayNotAccessItsNeighbours() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("engine").definedBy(ENGINE)
                .layer("config").definedBy("cnnbp.config..")
                .layer("trace").definedBy("cnnbp.trace..")
                .layer("cli").definedBy("cnnbp.cli..")
                .whereLayer("engine").mayNotAccessAnyLayer();
        for (var known : KNOWN_VIOLATIONS.entrySet()) {
            rule = rule.ignoreDependency(
                    DescribedPredicate.describe(known.getKey(), c -> topLevel(c).equals(known.getKey())),
                    DescribedPredicate.describe(String.join(", ", known.getValue()),
                            c -> known.getValue().contains(topLevel(c))));
        }
        return rule;
    }

    /** The class itself, or for a nested, inner or anonymous class the top-level class that holds it. */
    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }
}
