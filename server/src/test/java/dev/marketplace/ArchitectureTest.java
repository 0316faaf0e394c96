package dev.marketplace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

/** The house layout, enforced: spec → generated interface → controller → service → repository. */
@AnalyzeClasses(packages = "dev.marketplace", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule servicesKnowNothingAboutHttp = noClasses()
            .that().areAnnotatedWith(Service.class)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.springframework.http..",
                    "org.springframework.web..");

    @ArchTest
    static final ArchRule controllersDoNotTouchRepositoriesOrEntities = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository");

    @ArchTest
    static final ArchRule entitiesArePackagePrivate = classes()
            .that().areAnnotatedWith(Entity.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule generatedCodeDependsOnNothingHandWritten = noClasses()
            .that().resideInAPackage("dev.marketplace.api..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.marketplace.item..", "dev.marketplace.shared..");

    @ArchTest
    static final ArchRule sharedDoesNotDependOnDomains = noClasses()
            .that().resideInAPackage("dev.marketplace.shared..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.marketplace.item..");
}
