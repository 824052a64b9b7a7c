package dev.flotilla.console.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's house rules (STYLE.md rules 1, 7, 8 and the page plug-ins of DESIGN.md), checked on
 * the compiled classes, lambdas included: each broken rule names the class, the call and its line.
 */
class ConsoleArchitectureTest {

    private static final String ROOT = "dev.flotilla.console";
    private static JavaClasses console;

    @BeforeAll
    static void importConsole() {
        console = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void theConsoleNeverImportsTheRedisClient() {
        noClasses().should().dependOnClassesThat().resideInAPackage("redis.clients..")
                .because("the console speaks HTTP + SSE to a gateway, also for its own local fleet").check(console);
    }

    @Test
    void viewsNeverTouchHttp() {
        noClasses().that(areViews()).should().dependOnClassesThat()
                .resideInAnyPackage("okhttp3..", "java.net.http..", ROOT + ".fleet.api..")
                .orShould().dependOnClassesThat().haveSimpleName("FleetClient")
                .because("only view-models reach the fleet, through the client's facets").check(console);
    }

    @Test
    void viewModelsNeverTouchTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel").should().dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.application..", "okhttp3..")
                .because("view-models are tested without a window and reach HTTP only through the client").check(console);
    }

    @Test
    void theConsolesPackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(console);
    }

    @Test
    void pagesNeverReachIntoOtherPages() {
        slices().matching(ROOT + ".feature.(*)..").should().notDependOnEachOther()
                .because("adding or changing a page touches no other page").check(console);
    }

    @Test
    void onlyTheFxPackageAndTheWiringHandWorkToTheFxThread() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".fx..").and().doNotHaveSimpleName("ConsoleApp")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because("events reach the FX thread through one bridge that batches them (STYLE.md rule 7)").check(console);
    }

    @Test
    void nothingOnTheUiSideWaits() {
        noClasses().that().resideInAnyPackage(ROOT + ".feature..", ROOT + ".shell..", ROOT + ".session..", ROOT + ".fx..", ROOT + ".page..")
                .should().callMethod(java.util.concurrent.CompletableFuture.class, "join")
                .orShould().callMethod(java.util.concurrent.Future.class, "get")
                .orShould().callMethod(java.util.concurrent.Future.class, "get", long.class, java.util.concurrent.TimeUnit.class)
                .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "get")
                .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "get", long.class, java.util.concurrent.TimeUnit.class)
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(javafx.scene.control.Dialog.class, "showAndWait")
                .orShould().callMethod(javafx.stage.Stage.class, "showAndWait")
                .because("the UI thread never waits on the network or Redis (DESIGN.md invariant)").check(console);
    }

    @Test
    void theShellKnowsNoPageByName() {
        noClasses().that().resideInAnyPackage(ROOT + ".shell..", ROOT + ".page..")
                .should().dependOnClassesThat(DescribedPredicate.describe("belong to a page",
                        c -> c.getPackageName().startsWith(ROOT + ".feature.") && !c.getPackageName().startsWith(ROOT + ".feature.sidebar")))
                .because("pages come from the registry; the sidebar is part of the window, not a page").check(console);
    }

    @Test
    void onlyConsolePagesNamesEveryPage() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".feature..").and().doNotHaveSimpleName("ConsolePages")
                .should().dependOnClassesThat(DescribedPredicate.describe("are page descriptors of a feature",
                        c -> c.getPackageName().startsWith(ROOT + ".feature.") && c.getSimpleName().endsWith("Page")))
                .because("a page is registered in one place: one line in ConsolePages").check(console);
    }

    /** Views: every class of a page or the shell that builds or touches the scene graph. */
    private static DescribedPredicate<JavaClass> areViews() {
        return DescribedPredicate.describe("are views (classes of a page or the shell that touch the scene graph)",
                c -> (c.getPackageName().startsWith(ROOT + ".feature") || c.getPackageName().startsWith(ROOT + ".shell"))
                        && c.getDirectDependenciesFromSelf().stream()
                                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("javafx.scene")));
    }
}
