package io.leadwire.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The console's own layering: JavaFX stays in ui/app, and ViewModels never touch controls. */
class UiLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leadwire");

    @Test
    void shouldKeepJavaFxOutOfTheEngineWhenConsoleCodeGrows() {
        noClasses().that().resideOutsideOfPackages("io.leadwire.ui..", "io.leadwire.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.controlsfx..")
                .check(CLASSES);
    }

    @Test
    void shouldKeepControlsOutOfViewModelsWhenScreensAreAdded() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.fxml..", "atlantafx..", "org.controlsfx..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("View")
                .check(CLASSES);
    }
}
