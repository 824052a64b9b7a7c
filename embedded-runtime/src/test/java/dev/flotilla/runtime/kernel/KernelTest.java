package dev.flotilla.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.support.Modules;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The kernel on its own: how modules register and how the chains run, without a node. */
class KernelTest {

    static final ModelRef PRIMARY = ModelRef.parse("sim/primary");
    static final RunScope RUN = new RunScope(Principal.admin("k1"), "r1", "assistant", "hi", Instant.now().plusSeconds(60),
            Timeline.NONE, RunControl.NEVER);
    static final ModelCall CALL = ModelCall.of(RUN, List.of(PRIMARY), new ChatRequest(List.of(ChatMessage.user("hi")), List.of()));
    static final ChatResponse OK = new ChatResponse("fine", List.of(), 1, 1);

    /** Notes its name on the way in, then proceeds. */
    static ModelCallInterceptor noting(List<String> trace, String name) {
        return chain -> {
            trace.add(name);
            return chain.proceed(chain.call());
        };
    }

    @Test
    void interceptorsSitByStageThenInTheOrderModulesRegisteredThem() throws Exception {
        List<String> trace = new ArrayList<>();
        Kernel kernel = Kernel.builder()
                .module(Modules.of("a", ctx -> {
                    ctx.interceptModelCalls(ModelCallInterceptor.Stage.CALL, noting(trace, "a.call"));
                    ctx.interceptModelCalls(ModelCallInterceptor.Stage.RETRY, noting(trace, "a.retry"));
                }))
                .module(Modules.of("b", ctx -> {
                    ctx.interceptModelCalls(ModelCallInterceptor.Stage.SPEND, noting(trace, "b.spend"));
                    ctx.interceptModelCalls(ModelCallInterceptor.Stage.CALL, noting(trace, "b.call"));
                    ctx.interceptModelCalls(ModelCallInterceptor.Stage.STEP, noting(trace, "b.step"));
                }))
                .build();

        ModelAnswer answer = kernel.modelCalls().proceed(CALL, chain -> {
            trace.add("terminal");
            return ModelAnswer.of(OK, chain.call().model());
        });

        assertThat(trace).containsExactly("b.step", "a.retry", "b.spend", "a.call", "b.call", "terminal");
        assertThat(answer).isEqualTo(new ModelAnswer(OK, PRIMARY, null, 1));
        assertThat(kernel.modules()).containsExactly("a", "b");
    }

    @Test
    void aRetryingInterceptorMayProceedOncePerAttemptWithTheModelItTries() throws Exception {
        ModelRef fallback = ModelRef.parse("sim/fallback");
        List<String> called = new ArrayList<>();
        Kernel kernel = Kernel.builder().module(Modules.of("retry", ctx -> ctx.interceptModelCalls(ModelCallInterceptor.Stage.RETRY,
                chain -> {
                    try {
                        return chain.proceed(chain.call());
                    } catch (ModelCallException e) {
                        return chain.proceed(chain.call().withModel(fallback));
                    }
                }))).build();

        ModelAnswer answer = kernel.modelCalls().proceed(ModelCall.of(RUN, List.of(PRIMARY, fallback), CALL.request()), chain -> {
            called.add(chain.call().model().toString());
            if (chain.call().model().equals(PRIMARY)) throw ModelCallException.refused("breaker_open", null);
            return ModelAnswer.of(OK, chain.call().model());
        });

        assertThat(called).containsExactly("sim/primary", "sim/fallback");
        assertThat(answer.model()).isEqualTo(fallback);
    }

    @Test
    void theTerminalHasNothingToProceedTo() {
        IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
                () -> Kernel.builder().build().modelCalls().proceed(CALL, chain -> chain.proceed(chain.call())));
        assertThat(e).hasMessageContaining("nothing to proceed to");
    }

    @Test
    void theKindsOfModelCallExceptionSayWhatWasSpent() {
        var failure = new dev.flotilla.runtime.model.ModelException(dev.flotilla.runtime.model.ModelException.Kind.SERVER_ERROR, "500");
        ModelCallException failed = ModelCallException.failed(failure);
        assertThat(failed.called()).isTrue();
        assertThat(failed.refused()).isFalse();
        assertThat(failed.calls()).isEqualTo(1);
        assertThat(failed.code()).isEqualTo("model_server_error");
        assertThat(ModelCallException.notCalled(failure).calls()).isZero();
        ModelCallException refused = ModelCallException.refused("budget_exhausted", "the team's budget is spent");
        assertThat(refused.refused()).isTrue();
        assertThat(refused.getMessage()).isEqualTo("budget_exhausted: the team's budget is spent");
        assertThat(ModelCallException.refused("breaker_open", null).getMessage()).isEqualTo("breaker_open");
    }

    @Test
    void anAdmissionInterceptorMayRefuseOrAddHeadersButNotReplaceTheSubmission() throws Exception {
        Submission submission = new Submission(Principal.admin("k1"), "assistant", "hi", null, Map.of());
        AdmissionInterceptor store = chain -> Admitted.of("run_1", "queued", true);
        Kernel limits = Kernel.builder().module(Modules.of("limits", ctx -> ctx.interceptAdmission(AdmissionInterceptor.Stage.LIMIT,
                chain -> {
                    if (chain.call().input().contains("flood")) {
                        throw new RunRefusedException(429, "rate_limited", "slow down", 3, Map.of("RateLimit", "\"key\";r=0;t=3"));
                    }
                    return chain.proceed(chain.call()).withHeaders(Map.of("RateLimit", "\"key\";r=4;t=1"));
                }))).build();

        Admitted admitted = limits.admission().proceed(submission, store);
        assertThat(admitted.runId()).isEqualTo("run_1");
        assertThat(admitted.headers()).containsEntry("RateLimit", "\"key\";r=4;t=1");

        RunRefusedException refused = catchThrowableOfType(RunRefusedException.class, () -> limits.admission()
                .proceed(new Submission(Principal.admin("k1"), "assistant", "flood", null, Map.of()), store));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).isEqualTo(3);

        Kernel rewriting = Kernel.builder().module(Modules.of("rewrite", ctx -> ctx.interceptAdmission(AdmissionInterceptor.Stage.GUARD,
                chain -> chain.proceed(new Submission(chain.call().principal(), "other", "changed", null, Map.of()))))).build();
        assertThatThrownBy(() -> rewriting.admission().proceed(submission, store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not replace it");
    }

    @Test
    void modulesRegisterOnceRoutesCarryTheirRoleAndNamesAreUnique() {
        AtomicReference<ModuleContext> kept = new AtomicReference<>();
        Kernel kernel = Kernel.builder().fleet("f1").module(Modules.of("budgets", ctx -> {
            kept.set(ctx);
            ctx.routes().get("/v1/budgets", OperatorRole.VIEWER, c -> { }).put("/v1/budgets/{id}", OperatorRole.ADMIN, c -> { });
            assertThat(ctx.fleetKey("budget:team-a")).isEqualTo("flotilla:{f1}:budget:team-a");
        })).build();

        assertThat(kernel.routes()).extracting(RouteSpec::module, RouteSpec::method, RouteSpec::path, RouteSpec::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("budgets", HandlerType.GET, "/v1/budgets", OperatorRole.VIEWER),
                org.assertj.core.groups.Tuple.tuple("budgets", HandlerType.PUT, "/v1/budgets/{id}", OperatorRole.ADMIN));
        assertThatThrownBy(() -> kept.get().onEvent(e -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("budgets registered after its register() returned");
        assertThatThrownBy(() -> Kernel.builder().module(Modules.of("x", ctx -> { })).module(Modules.of("x", ctx -> { })).build())
                .hasMessageContaining("module registered twice: x");
        assertThatThrownBy(() -> Kernel.builder().module(Modules.of("x", ctx -> ctx.routes()
                        .get("/v1/x", OperatorRole.VIEWER, c -> { }).get("/v1/x", OperatorRole.ADMIN, c -> { }))).build())
                .hasMessageContaining("route GET /v1/x of module x is already registered");
        assertThatThrownBy(() -> Kernel.builder().module(Modules.of("x", ctx -> ctx.script("s", "x.lua")))
                        .module(Modules.of("y", ctx -> ctx.script("s", "y.lua"))).build())
                .hasMessageContaining("script s of module y is already registered by module x");
    }

    @Test
    void aListenerThatThrowsDoesNotReachThePublisher() {
        List<String> heard = new ArrayList<>();
        Kernel kernel = Kernel.builder()
                .module(Modules.of("audit", ctx -> ctx.onEvent(e -> { throw new IllegalStateException("full disk"); })))
                .module(Modules.of("counter", ctx -> ctx.onEvent(e -> heard.add(e.type()))))
                .build();
        RuntimeEvent event = new RuntimeEvent.DemoChanged(Instant.now(), "n1", true);

        kernel.listeners().forEach(l -> l.accept(event));

        assertThat(heard).containsExactly(event.type());
    }

    @Test
    void auditEntriesOfEveryModuleReachTheOneKeeperAndNoneBreaksTheCaller() {
        List<String> kept = new ArrayList<>();
        AtomicReference<AuditTrail> fromEarlyModule = new AtomicReference<>();
        Kernel kernel = Kernel.builder()
                .module(Modules.of("nodes", ctx -> fromEarlyModule.set(ctx.audit()))) // registers before the keeper
                .module(Modules.of("audit", ctx -> ctx.keepAuditTrail(e -> {
                    if (e.action().equals("disk.full")) throw new IllegalStateException("disk full");
                    kept.add(e.action() + " " + e.target() + " by " + e.actor().keyName());
                })))
                .build();
        Principal ops = new Principal("k1", "ops", OperatorRole.OPERATOR, "user");

        fromEarlyModule.get().record(AuditEntry.of("node.drained", "n1", "ok", ops));
        kernel.audit().record(AuditEntry.of("disk.full", "n1", "ok", ops));
        kernel.audit().record(AuditEntry.of("dead_letter.replayed", "run_1", "ok", ops));

        assertThat(kept).containsExactly("node.drained n1 by ops", "dead_letter.replayed run_1 by ops");
        assertThatThrownBy(() -> Kernel.builder()
                .module(Modules.of("a", ctx -> ctx.keepAuditTrail(e -> { })))
                .module(Modules.of("b", ctx -> ctx.keepAuditTrail(e -> { })))
                .build()).hasMessageContaining("module b would keep the audit log, but module a already does");
    }

    @Test
    void aSettingThatIsNotANumberIsNamed() {
        Settings s = Settings.of(Map.of("FLOTILLA_X", " 12 ", "FLOTILLA_Y", "twelve", "FLOTILLA_Z", " "));
        assertThat(s.number("FLOTILLA_X", 0)).isEqualTo(12);
        assertThat(s.number("FLOTILLA_Z", 7)).isEqualTo(7);
        assertThat(s.text("FLOTILLA_Z")).isEmpty();
        assertThatThrownBy(() -> s.number("FLOTILLA_Y", 0)).hasMessage("FLOTILLA_Y is not a whole number: 'twelve'");
        assertThat(s.toString()).doesNotContain("twelve");
    }
}
