package dev.flotilla.runtime;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.fleet.NodeDescription;
import dev.flotilla.runtime.node.Node;
import dev.flotilla.runtime.node.NodeConfig;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.ratelimit.ProviderLimits;

/**
 * One Flotilla node: Redis (embedded or external), the agent pools fed from the durable queue, the
 * gateway on HTTP, heartbeats, events and metrics. The console starts one in-process for its local
 * fleet; {@code flotilla-node.jar serve} starts one headless. Build with {@link #builder()}, then
 * {@link #start()}; {@link #close()} drains: it stops taking runs, lets runs in flight finish for
 * the drain timeout, and hands the rest back to the queue.
 *
 * <p>This is the node's public face; its wiring is {@link Node}, its settings {@link NodeConfig}.
 */
public final class FleetRuntime implements AutoCloseable {

    /** The runtime's version, as heartbeats report it. */
    public static final String VERSION = NodeDescription.VERSION;

    private final NodeConfig config;
    private final Node node;

    private FleetRuntime(NodeConfig config) {
        this.config = config;
        this.node = new Node(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts Redis (when embedded), the pools, the gateway and the heartbeats; returns this. */
    public FleetRuntime start() {
        node.start();
        return this;
    }

    public String nodeId() { return node.nodeId(); }

    public int port() { return node.port(); }

    /** The base URL of the gateway, e.g. {@code http://127.0.0.1:43123}. */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return (node.https() ? "https://" : "http://") + host + ":" + node.port();
    }

    /** The admin key clients of this node present; kept out of logs. */
    public String adminKey() { return node.adminKey(); }

    /** The Redis this node uses, as a redis:// URL with its password (for a second node to join). */
    public String redisUrl() {
        RedisEndpoint e = node.redisEndpoint();
        return (e.ssl() ? "rediss://" : "redis://") + (e.password() != null ? ":" + e.password() + "@" : "") + e.host() + ":" + e.port();
    }

    public AgentPool pool(String agent) { return node.pool(agent); }

    /** The fleet-wide provider budgets of this node's configuration (none when unset); after {@link #start()}. */
    public ProviderLimits providerLimits() {
        ProviderLimits limits = node.providerLimits();
        if (limits == null) throw new IllegalStateException("not started");
        return limits;
    }

    /**
     * Sets the autoscaling bounds of one pool of this node; {@code min == max} turns autoscaling off
     * and sets the size to it at once (a {@code pool.scaled} event). Otherwise the autoscaler brings
     * the size within the new bounds at its next step, without waiting for a cool-down.
     *
     * @throws IllegalArgumentException for an unknown agent, or unless {@code 1 <= min <= max <= }{@link AgentPool#MAX_SIZE}
     */
    public void setBounds(String agent, int min, int max) { node.setBounds(agent, min, max); }

    public boolean draining() { return node.state().draining(); }

    /** The node's state as operators see it: {@code active}, {@code paused} or {@code draining}. */
    public String state() { return node.state().name(); }

    /** Pause (take nothing new), drain (and refuse new runs at this gateway) or resume; {@code by} says who asked. */
    public void setState(String state, String by) { node.setState(state, by); }

    /** Drains and stops: no new runs, runs in flight finish or go back to the queue, then all closes. */
    @Override
    public void close() { node.close(); }

    /** Everything a node can be told (see {@link NodeConfig.Builder}); defaults suit the console's local fleet. */
    public static final class Builder extends NodeConfig.Builder<Builder> {
        private Builder() {}

        /** Checks the settings and the agents' models against the providers; nothing starts yet. */
        public FleetRuntime build() {
            return new FleetRuntime(config());
        }
    }
}
