package io.leadwire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of DESIGN.md, checked on the production classes. Every layer is optional, so the
 * rules hold already for packages that do not exist yet and keep holding as they fill in.
 */
@AnalyzeClasses(packages = "io.leadwire", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String LEAD = "lead";
    private static final String STORE = "store";
    private static final String MAPPING = "mapping";
    private static final String INTAKE = "intake";
    private static final String QUALITY = "quality";
    private static final String ROUTING = "routing";
    private static final String DELIVERY = "delivery";
    private static final String CALLBACK = "callback";
    private static final String METRICS = "metrics";
    private static final String UI = "ui";
    private static final String APP = "app";

    @ArchTest
    static final ArchRule engineNeverImportsJavaFx = noClasses()
            .that().resideInAPackage("io.leadwire..")
            .and().resideOutsideOfPackages("io.leadwire.ui..", "io.leadwire.app..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "org.controlsfx..",
                    "atlantafx..", "org.testfx..")
            .because("everything except ui (and the app that launches it) is a headless engine "
                    + "that also runs in `leadwire serve`");

    @ArchTest
    static final ArchRule packagesDependOnlyAsDesigned = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer(LEAD).definedBy("io.leadwire.lead..")
            .layer(STORE).definedBy("io.leadwire.store..")
            .layer(MAPPING).definedBy("io.leadwire.mapping..")
            .layer(INTAKE).definedBy("io.leadwire.intake..")
            .layer(QUALITY).definedBy("io.leadwire.quality..")
            .layer(ROUTING).definedBy("io.leadwire.routing..")
            .layer(DELIVERY).definedBy("io.leadwire.delivery..")
            .layer(CALLBACK).definedBy("io.leadwire.callback..")
            .layer(METRICS).definedBy("io.leadwire.metrics..")
            .layer(UI).definedBy("io.leadwire.ui..")
            .layer(APP).definedBy("io.leadwire.app..")
            // lead: the domain records and events everyone shares; it depends on nothing else of ours.
            .whereLayer(LEAD).mayNotAccessAnyLayer()
            // store: repositories and migrations over lead.
            .whereLayer(STORE).mayOnlyAccessLayers(LEAD)
            // mapping: a library of shapes that uses only lead, used by intake, quality, delivery and ui.
            .whereLayer(MAPPING).mayOnlyAccessLayers(LEAD)
            .whereLayer(MAPPING).mayOnlyBeAccessedByLayers(INTAKE, QUALITY, DELIVERY, UI, APP)
            // The pipeline: each stage may use the ones before it, never one after it.
            .whereLayer(INTAKE).mayOnlyAccessLayers(LEAD, STORE, MAPPING)
            .whereLayer(QUALITY).mayOnlyAccessLayers(LEAD, STORE, MAPPING, INTAKE)
            .whereLayer(ROUTING).mayOnlyAccessLayers(LEAD, STORE, INTAKE, QUALITY)
            .whereLayer(DELIVERY).mayOnlyAccessLayers(LEAD, STORE, MAPPING, INTAKE, QUALITY, ROUTING)
            .whereLayer(CALLBACK).mayOnlyAccessLayers(LEAD, STORE, INTAKE, QUALITY, ROUTING, DELIVERY)
            // metrics listens to events from all engine packages and is used only from the top.
            .whereLayer(METRICS).mayOnlyAccessLayers(LEAD, STORE, MAPPING, INTAKE, QUALITY, ROUTING, DELIVERY,
                    CALLBACK)
            .whereLayer(METRICS).mayOnlyBeAccessedByLayers(UI, APP)
            // ui and app sit on top: nothing in the engine uses them.
            .whereLayer(UI).mayOnlyBeAccessedByLayers(APP)
            .whereLayer(APP).mayOnlyBeAccessedByLayers(UI);

    @ArchTest
    static final ArchRule engineDoesNotUseTheCommandLine = noClasses()
            .that().resideInAPackage("io.leadwire..")
            .and().resideOutsideOfPackages("io.leadwire.app..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..")
            .because("the command line is the composition root's business");
}
