package dev.payrail.server.architecture;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import dev.payrail.server.vault.CardVault;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module and package boundaries that the folder names promise, enforced. */
class ModuleBoundariesTest {
    private static final JavaClasses PAYRAIL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.payrail");

    @Test
    void the_domain_is_plain_java() {
        noClasses().that().resideInAPackage("dev.payrail.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "java.net..", "jakarta..",
                        "tools.jackson..", "com.fasterxml..", "dev.payrail.server..", "dev.payrail.sim..")
                .because("payrail-core holds the rules; frameworks and I/O stay outside it")
                .check(PAYRAIL);
    }

    @Test
    void the_simulator_knows_nothing_of_the_server() {
        noClasses().that().resideInAPackage("dev.payrail.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.payrail.server..", "org.springframework..")
                .because("the simulator stands in for a remote provider and runs on its own")
                .check(PAYRAIL);
    }

    @Test
    void only_the_provider_package_touches_the_simulator() {
        noClasses().that().resideInAPackage("dev.payrail.server..")
                .and().resideOutsideOfPackage("dev.payrail.server.providers..")
                .should().dependOnClassesThat().resideInAPackage("dev.payrail.sim..")
                .because("payments reach a provider only through the PaymentProvider interface")
                .check(PAYRAIL);
    }

    @Test
    void payments_talk_to_providers_only_through_the_domain_interface() {
        noClasses().that().resideInAPackage("dev.payrail.server.payments..")
                .should().dependOnClassesThat().resideInAPackage("dev.payrail.server.providers..")
                .check(PAYRAIL);
    }

    @Test
    void shared_api_plumbing_does_not_depend_on_capabilities() {
        noClasses().that().resideInAPackage("dev.payrail.server.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.payrail.server.payments..",
                        "dev.payrail.server.merchants..", "dev.payrail.server.idempotency..",
                        "dev.payrail.server.providers..")
                .check(PAYRAIL);
    }

    @Test
    void only_provider_adapters_open_vaulted_cards() {
        noClasses().that().resideOutsideOfPackages("dev.payrail.server.providers..", "dev.payrail.server.vault..")
                .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("open")
                                .or(HasName.Predicates.name("openBankAccount")))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo(CardVault.class)))))
                .because("a card number or an IBAN leaves the vault only to build a provider request, in process, audited")
                .check(PAYRAIL);
    }

    @Test
    void listen_is_a_client_of_the_public_api_only() {
        noClasses().that().resideInAPackage("dev.payrail.server.listen..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("dev.payrail.server..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                .resideInAPackage("dev.payrail.server.listen.."))))
                .orShould().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(PAYRAIL);
    }

    @Test
    void capability_packages_have_no_cycles() {
        slices().matching("dev.payrail.server.(*)..").should().beFreeOfCycles().check(PAYRAIL);
    }
}
