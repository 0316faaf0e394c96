package dev.marketplace;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

/**
 * The house layout, enforced for every domain: spec → generated interface → controller → service → repository;
 * {@code shared} and generated code depend on no domain; no cycles between packages; a domain reaches another
 * domain's tables only through that domain's service.
 */
@AnalyzeClasses(packages = "dev.marketplace", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule servicesKnowNothingAboutHttp = noClasses()
            .that()
            .areAnnotatedWith(Service.class)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.servlet..", "org.springframework.http..", "org.springframework.web..");

    @ArchTest
    static final ArchRule controllersDoNotTouchRepositoriesOrEntities = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat()
            .areAnnotatedWith(Entity.class)
            .orShould()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Repository");

    @ArchTest
    static final ArchRule entitiesArePackagePrivate =
            classes().that().areAnnotatedWith(Entity.class).should().notBePublic();

    /** Every domain of the house: one package each, beside {@code shared} (infrastructure) and {@code api} (generated). */
    static final String[] DOMAINS = {
        "dev.marketplace.apikey..",
        "dev.marketplace.auth..",
        "dev.marketplace.bench..",
        "dev.marketplace.contact..",
        "dev.marketplace.image..",
        "dev.marketplace.item..",
        "dev.marketplace.live..",
        "dev.marketplace.order..",
        "dev.marketplace.payment..",
        "dev.marketplace.site..",
        "dev.marketplace.user..",
        "dev.marketplace.version..",
        "dev.marketplace.webhook.."
    };

    @ArchTest
    static final ArchRule everyPackageIsADomainSharedOrGenerated = classes()
            .that()
            .resideOutsideOfPackages("dev.marketplace.shared..", "dev.marketplace.api..")
            .and()
            .resideOutsideOfPackage("dev.marketplace")
            .should()
            .resideInAnyPackage(DOMAINS)
            .as(
                    "every class is in a listed domain, shared, generated code or the application class (add a new domain to DOMAINS)");

    @ArchTest
    static final ArchRule generatedCodeDependsOnNothingHandWritten = noClasses()
            .that()
            .resideInAPackage("dev.marketplace.api..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.marketplace..").and(not(resideInAPackage("dev.marketplace.api.."))));

    @ArchTest
    static final ArchRule sharedDoesNotDependOnDomains = noClasses()
            .that()
            .resideInAPackage("dev.marketplace.shared..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(DOMAINS);

    /** No cycle between domains (a domain may use another's service, never both ways round). */
    @ArchTest
    static final ArchRule domainsAreFreeOfCycles =
            slices().matching("dev.marketplace.(*)..").should().beFreeOfCycles();

    /** No cycle between the packages of {@code shared} ({@code problem} and {@code web} formed one). */
    @ArchTest
    static final ArchRule sharedPackagesAreFreeOfCycles =
            slices().matching("dev.marketplace.shared.(*)..").should().beFreeOfCycles();

    /** No cycle between any two packages at all. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.marketplace.(**)").should().beFreeOfCycles();

    /**
     * A domain reaches another domain's tables only through that domain's service: repositories and entities are
     * used only inside their own package ({@link DomainTablesTest} checks the SQL the code sends).
     */
    @ArchTest
    static final ArchRule repositoriesAndEntitiesStayInTheirDomain = classes()
            .that()
            .haveSimpleNameEndingWith("Repository")
            .or()
            .areAnnotatedWith(Entity.class)
            .should(beUsedOnlyInTheirOwnPackage());

    private static ArchCondition<JavaClass> beUsedOnlyInTheirOwnPackage() {
        return new ArchCondition<>("be used only in their own package") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (Dependency use : type.getDirectDependenciesToSelf()) {
                    JavaClass user = use.getOriginClass();
                    if (!user.getPackageName().equals(type.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(use, use.getDescription()));
                    }
                }
            }
        };
    }
}
