package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.telemetry.RuntimeEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What a module registering on a node may use and add. Valid during {@link FleetModule#register}
 * only; what it hands out (clock, events, scripts) may be kept for the life of the node.
 */
public interface ModuleContext {

    // what the node offers

    /** This node's id, for the events a module raises. */
    String nodeId();

    /** The node's clock: every time a module reads or stamps comes from here (tests move it by hand). */
    Clock clock();

    /** How the node waits; a wait of a run goes through {@link RunControl#sleep} with this. */
    Sleeper sleeper();

    /** The node's settings, for the module to read its configuration from. */
    Settings settings();

    /**
     * Publishes an event to this node's listeners and the fleet's event stream. Publishing may do
     * I/O: never publish from an interruptible section, and never from a listener.
     */
    Consumer<RuntimeEvent> events();

    /**
     * Records what happened in the fleet's audit log (when a module keeps one, see
     * {@link #keepAuditTrail}); fast and never throws, callable from any thread once the node runs.
     */
    AuditTrail audit();

    /**
     * The node's Prometheus registry, scraped at {@code GET /metrics}: a module registers its own
     * metrics here ({@code flotilla_} names), once, while it registers.
     */
    PrometheusRegistry metrics();

    /** The full Redis key of {@code name} in this fleet (its hash tag included), e.g. {@code rl:key:<id>}. */
    String fleetKey(String name);

    // what the module adds

    /** A script of the module: {@code name} unique on the node, {@code resourcePath} a class-path {@code .lua} resource. */
    FleetScript script(String name, String resourcePath);

    /** Makes this module the keeper of the audit log: every {@link #audit()} entry of the node reaches it. At most one. */
    void keepAuditTrail(AuditTrail keeper);

    /** Adds an interceptor around accepting runs at submission. */
    void interceptAdmission(AdmissionInterceptor.Stage stage, AdmissionInterceptor interceptor);

    /** Adds an interceptor around executing runs. */
    void interceptRuns(RunInterceptor.Stage stage, RunInterceptor interceptor);

    /** Adds an interceptor around model calls. */
    void interceptModelCalls(ModelCallInterceptor.Stage stage, ModelCallInterceptor interceptor);

    /** Adds an interceptor around tool calls. */
    void interceptToolCalls(ToolCallInterceptor.Stage stage, ToolCallInterceptor interceptor);

    /** The module's HTTP routes. */
    Routes routes();

    /** Narrows the tools each run's model is offered; filters apply in registration order. */
    void filterOfferedTools(ToolOffer filter);

    /** Called on every heartbeat of the node; what it returns joins the node's description. */
    void onHeartbeat(Heartbeat heartbeat);

    /**
     * Listens to every event of this node (the fleet's own stream is the gateway's business).
     * Listeners are called on the publisher's thread: they are fast, do no I/O, and never throw
     * (the kernel logs and drops what one throws).
     */
    void onEvent(Consumer<RuntimeEvent> listener);

    /** Closes {@code resource} when the node closes (after its runs ended), e.g. an exporter to flush; newest first. */
    void onClose(AutoCloseable resource);
}
