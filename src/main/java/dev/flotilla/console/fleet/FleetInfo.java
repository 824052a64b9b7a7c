package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/fleet}: the live nodes of a fleet, their pools, and the queue. {@code servedBy} is
 * the id of the node that answered, which behind a load balancer may change from one poll to the next.
 */
public record FleetInfo(String fleet,
                        @JsonProperty("served_by") String servedBy,
                        List<String> agents,
                        Queue queue,
                        List<Node> nodes) {

    public FleetInfo {
        agents = agents == null ? List.of() : List.copyOf(agents);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        queue = queue == null ? new Queue(0, Map.of()) : queue;
    }

    public record Queue(long depth, @JsonProperty("by_agent") Map<String, Long> byAgent) {}

    /**
     * One node. {@code state}, {@code host}, {@code version}, the heartbeat age, the counts and
     * {@code resilience} come from nodes of issue 3 on; older nodes leave them null, and
     * {@link #nodeState()} then falls back on {@code draining}.
     */
    public record Node(@JsonProperty("node_id") String nodeId,
                       @JsonProperty("started_at") Instant startedAt,
                       @JsonProperty("heartbeat_at") Instant heartbeatAt,
                       boolean draining,
                       String model,
                       boolean simulated,
                       @JsonProperty("demo_traffic") boolean demoTraffic,
                       List<Pool> pools,
                       String host,
                       String version,
                       String state,
                       @JsonProperty("heartbeat_age_ms") Long heartbeatAgeMs,
                       @JsonProperty("pool_size") Integer poolSize,
                       Integer busy,
                       @JsonProperty("in_flight") Integer inFlight,
                       NodeResilience resilience,
                       Map<String, Map<String, Object>> modules) {
        public Node {
            pools = pools == null ? List.of() : List.copyOf(pools);
            modules = modules == null ? Map.of() : modules;
        }

        /** The tool policy version the node enforces (its heartbeat's {@code modules.toolpolicy}); empty on older nodes. */
        public Optional<Long> toolPolicyVersion() {
            Object v = modules.getOrDefault("toolpolicy", Map.of()).get("policy_version");
            return v instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
        }

        public Optional<Pool> pool(String agent) {
            return pools.stream().filter(p -> p.agent().equals(agent)).findFirst();
        }

        /** The node's state; a node too old to report one is active, or draining when it says so. */
        public NodeState nodeState() {
            if (state == null || state.isBlank()) return draining ? NodeState.DRAINING : NodeState.ACTIVE;
            return NodeState.fromWire(state);
        }

        /** {@code pool_size}, else the sum of its pools. */
        public int totalPoolSize() {
            return poolSize != null ? poolSize : pools.stream().mapToInt(Pool::size).sum();
        }

        /** {@code busy}, else the sum of its pools. */
        public int totalBusy() {
            return busy != null ? busy : pools.stream().mapToInt(Pool::busy).sum();
        }
    }

    /**
     * One agent pool of a node; {@code min}, {@code max} and {@code autoscale} are null on nodes
     * older than issue 3. {@code held} (null on older nodes) is true while a manual size holds the
     * pool outside its autoscaling bounds, for one cool-down.
     */
    public record Pool(String agent, int size, int busy, int idle, List<Agent> agents,
                       Integer min, Integer max, Boolean autoscale, Boolean held) {
        public Pool {
            agents = agents == null ? List.of() : List.copyOf(agents);
        }

        public Pool(String agent, int size, int busy, int idle, List<Agent> agents) {
            this(agent, size, busy, idle, agents, null, null, null, null);
        }
    }

    public record Agent(String id, String state,
                        @JsonProperty("current_run") String currentRun,
                        @JsonProperty("runs_done") long runsDone) {}

    /** The node that answered this snapshot, when it is among the live nodes. */
    public Optional<Node> servingNode() {
        return servedBy == null ? Optional.empty() : node(servedBy);
    }

    public Optional<Node> node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    /**
     * The nodes still beating. A lost node stays listed for a few minutes with its last heartbeat,
     * whose pools still count the agents that were busy when it stopped: they run nothing now.
     */
    public List<Node> liveNodes() {
        return nodes.stream().filter(n -> n.nodeState() != NodeState.LOST).toList();
    }

    /** Busy agents of the live nodes. */
    public int busy() {
        return liveNodes().stream().flatMap(n -> n.pools().stream()).mapToInt(Pool::busy).sum();
    }

    /** Idle agents of the live nodes. */
    public int idle() {
        return liveNodes().stream().flatMap(n -> n.pools().stream()).mapToInt(Pool::idle).sum();
    }

    public boolean anySimulated() {
        return nodes.stream().anyMatch(Node::simulated);
    }
}
