package dev.flotilla.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.support.Modules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolOfferAndHeartbeatTest {

    @Test
    void offeredToolsPassEveryModulesFilterInOrder() {
        Kernel kernel = Kernel.builder()
                .module(Modules.of("a", ctx -> ctx.filterOfferedTools((run, tools) -> tools.stream().filter(t -> !t.equals("rm")).toList())))
                .module(Modules.of("b", ctx -> ctx.filterOfferedTools((run, tools) ->
                        run.principal().toolRole().equals("superadmin") ? tools : tools.subList(0, 1))))
                .build();

        assertThat(kernel.offeredTools(KernelTest.RUN, List.of("rm", "clock", "word_count"))).containsExactly("clock", "word_count");
        List<String> tools = List.of("clock");
        assertThat(Kernel.builder().build().offeredTools(KernelTest.RUN, tools)).isSameAs(tools);
    }

    @Test
    void aHeartbeatReportsWhatEachModuleSaysAndLeavesOutOneThatThrows() {
        Kernel kernel = Kernel.builder()
                .module(Modules.of("policy", ctx -> ctx.onHeartbeat(() -> Map.of("policy_version", 3L))))
                .module(Modules.of("quiet", ctx -> ctx.onHeartbeat(Map::of)))
                .module(Modules.of("broken", ctx -> ctx.onHeartbeat(() -> { throw new IllegalStateException("down"); })))
                .build();

        assertThat(kernel.heartbeat()).isEqualTo(Map.of("policy", Map.of("policy_version", 3L)));
        assertThatThrownBy(() -> Kernel.builder().module(Modules.of("twice", ctx -> {
            ctx.onHeartbeat(Map::of);
            ctx.onHeartbeat(Map::of);
        })).build()).hasMessageContaining("registered a heartbeat twice");
    }
}
