package io.citadel.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency arrows of ARCHITECTURE.md true: storage and protocol on core only, services never on HTTP. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.citadel");
    }

    @Test
    void everyModuleIsImported_soTheRulesCannotPassVacuously() {
        for (String pkg : java.util.List.of("io.citadel.core", "io.citadel.storage", "io.citadel.protocol",
                "io.citadel.identity", "io.citadel.audit", "io.citadel.kms", "io.citadel.parameters", "io.citadel.events", "io.citadel.acme", "io.citadel.pca", "io.citadel.acm", "io.citadel.server",
                "io.citadel.app")) {
            org.assertj.core.api.Assertions.assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of " + pkg + " imported").isTrue();
        }
    }

    @Test
    void core_dependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.citadel.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.storage..", "io.citadel.protocol..",
                        "io.citadel.server..", "io.citadel.app..", "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms..",
                        "io.citadel.parameters..", "io.citadel.acme..")
                .check(classes);
    }

    @Test
    void storage_dependsOnlyOnCore() {
        noClasses().that().resideInAPackage("io.citadel.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.protocol..", "io.citadel.server..",
                        "io.citadel.app..", "io.citadel.identity..", "io.citadel.audit..")
                .check(classes);
    }

    @Test
    void protocol_dependsOnlyOnCore() {
        noClasses().that().resideInAPackage("io.citadel.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.storage..", "io.citadel.server..",
                        "io.citadel.app..", "io.citadel.identity..")
                .check(classes);
    }

    @Test
    void services_seeProtocolOnlyInTheirApiPackage_andNeverHttpOrStorageBackends() {
        noClasses().that().resideInAPackage("io.citadel.identity..").and().resideOutsideOfPackage("io.citadel.identity.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void audit_seesProtocolOnlyInItsApiPackage_andNeverHttpOrStorageBackends() {
        noClasses().that().resideInAPackage("io.citadel.audit..").and().resideOutsideOfPackage("io.citadel.audit.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void kms_seesProtocolOnlyInItsApiPackage_andNoOtherServiceOrHttp() {
        noClasses().that().resideInAPackage("io.citadel.kms..").and().resideOutsideOfPackage("io.citadel.kms.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.kms..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.parameters..", "io.citadel.storage.sqlite..",
                        "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void parameters_seesProtocolOnlyInItsApiPackage_andKmsOnlyThroughItsJavaClasses() {
        noClasses().that().resideInAPackage("io.citadel.parameters..").and().resideOutsideOfPackage("io.citadel.parameters.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.parameters..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms.api..", "io.citadel.storage.sqlite..",
                        "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void events_seesProtocolOnlyInItsApiPackage_andNoOtherService() {
        noClasses().that().resideInAPackage("io.citadel.events..").and().resideOutsideOfPackage("io.citadel.events.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms..", "io.citadel.parameters..",
                        "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void acme_seesProtocolOnlyInItsApiPackage_andNoOtherService() {
        noClasses().that().resideInAPackage("io.citadel.acme..").and().resideOutsideOfPackage("io.citadel.acme.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.acme..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms..", "io.citadel.parameters..",
                        "io.citadel.secrets..", "io.citadel.events..", "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void pca_seesProtocolOnlyInItsApiPackage_andNoOtherServiceOrHttp() {
        noClasses().that().resideInAPackage("io.citadel.pca..").and().resideOutsideOfPackage("io.citadel.pca.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.pca..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.parameters..", "io.citadel.secrets..",
                        "io.citadel.events..", "io.citadel.kms.api..", "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void acm_seesProtocolOnlyInItsApiPackage_andNoOtherServiceOrHttp() {
        noClasses().that().resideInAPackage("io.citadel.acm..").and().resideOutsideOfPackage("io.citadel.acm.api..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.protocol..")
                .check(classes);
        noClasses().that().resideInAPackage("io.citadel.acm..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.server..", "io.citadel.app..", "io.netty..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms..", "io.citadel.parameters..", "io.citadel.secrets..",
                        "io.citadel.events..", "io.citadel.storage.sqlite..", "io.citadel.storage.postgres..")
                .check(classes);
    }

    @Test
    void server_knowsNoStorageAndNoServiceInternals() {
        noClasses().that().resideInAPackage("io.citadel.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.citadel.storage..", "io.citadel.app..",
                        "io.citadel.identity..", "io.citadel.audit..", "io.citadel.kms..", "io.citadel.parameters..", "io.citadel.acme..", "io.citadel.pca..", "io.citadel.acm..")
                .check(classes);
    }

    @Test
    void onlyCoreCryptoCallsJavaxCryptoOrBouncyCastle() {
        noClasses().that().resideOutsideOfPackage("io.citadel.core.crypto..")
                .and().resideOutsideOfPackage("io.citadel.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.crypto..", "org.bouncycastle..")
                .check(classes);
    }

    @Test
    void nothingButAppDependsOnApp() {
        noClasses().that().resideOutsideOfPackage("io.citadel.app..")
                .should().dependOnClassesThat().resideInAPackage("io.citadel.app..")
                .check(classes);
    }
}
