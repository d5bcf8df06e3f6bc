package cnnbp;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine (tensor, layer, loss, model) is the math: it depends on nothing from config (parsing), trace
 * (presentation) or cli. What turns a config into a network ({@code cnnbp.build}) sits outside it.
 */
@AnalyzeClasses(packages = "cnnbp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule theEngineDependsOnNoConfigTraceOrCli = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("engine").definedBy("cnnbp.tensor..", "cnnbp.layer..", "cnnbp.loss..", "cnnbp.model..")
            .layer("config").definedBy("cnnbp.config..")
            .layer("trace").definedBy("cnnbp.trace..")
            .layer("cli").definedBy("cnnbp.cli..")
            .whereLayer("engine").mayNotAccessAnyLayer();
}
