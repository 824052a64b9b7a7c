package dev.flotilla.runtime.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's house rules (DESIGN.md, STYLE.md), checked on the compiled classes: each rule names
 * the offending class and dependency when it breaks.
 */
class RuntimeArchitectureTest {

    private static final String ROOT = "dev.flotilla.runtime";
    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void theRuntimeNeverImportsJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the runtime runs headless on servers").check(runtime);
    }

    @Test
    void onlyTheStoreImportsTheRedisClient() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".store..")
                .should().dependOnClassesThat().resideInAPackage("redis.clients..")
                .because("the rest of the runtime sees typed store operations and StoreUnavailableException").check(runtime);
    }

    @Test
    void theRuntimesPackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(runtime);
    }

    @Test
    void nobodyReachesIntoAnotherPackagesInternals() {
        noClasses().should(reachIntoForeignInternals())
                .because("a module's internal package is its own; others use its public types").check(runtime);
    }

    @Test
    void theKernelKnowsNoFeatureByName() {
        noClasses().that().resideInAPackage(ROOT + ".kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".ratelimit..", ROOT + ".resilience..",
                        ROOT + ".api..", ROOT + ".node..", ROOT + ".store..")
                .because("features plug into the kernel, never the other way round").check(runtime);
    }

    /** A dependency on {@code x.internal..} from a class outside {@code x}. */
    static ArchCondition<JavaClass> reachIntoForeignInternals() {
        return new ArchCondition<>("depend on another package's internal classes") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int i = target.indexOf(".internal");
                    if (i < 0 || !target.startsWith(ROOT)) continue;
                    String owner = target.substring(0, i);
                    String from = item.getPackageName();
                    if (!(from.equals(owner) || from.startsWith(owner + "."))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
