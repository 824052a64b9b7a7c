package dev.flotilla.console.fleet.api;

import dev.flotilla.console.fleet.ApiKey;

/**
 * The console's client of one node's gateway (API v1, see docs/API.md), in facets: one per concern
 * of the API, all over one {@link GatewayHttp}. A new part of the API is a new facet here, not new
 * methods on one large class.
 *
 * <p>Every call is asynchronous: the returned future completes on an OkHttp thread, never the FX
 * thread, with the parsed answer or with a {@link dev.flotilla.console.fleet.FleetApiException}
 * carrying the server's {@code {"error":{code,message}}} (or {@code unreachable} when no answer
 * came). Cancelling a future cancels its HTTP call. {@link #close()} stops the threads this client owns.
 */
public final class FleetClient implements AutoCloseable {

    private final GatewayHttp http;
    private final RunsApi runs;
    private final FleetApi fleet;
    private final NodesApi nodes;
    private final ResilienceApi resilience;
    private final DeadLettersApi deadLetters;
    private final EventsApi events;
    private final KeysApi keys;
    private final AuditApi audit;
    private final ToolPolicyApi toolPolicy;
    private final TracesApi traces;
    private final BudgetsApi budgets;
    private final CatalogApi catalog;

    public FleetClient(String baseUrl, ApiKey key) {
        this.http = new GatewayHttp(baseUrl, key);
        this.runs = new RunsApi(http);
        this.fleet = new FleetApi(http);
        this.nodes = new NodesApi(http);
        this.resilience = new ResilienceApi(http);
        this.deadLetters = new DeadLettersApi(http);
        this.events = new EventsApi(http);
        this.keys = new KeysApi(http);
        this.audit = new AuditApi(http);
        this.toolPolicy = new ToolPolicyApi(http);
        this.traces = new TracesApi(http);
        this.budgets = new BudgetsApi(http);
        this.catalog = new CatalogApi(http);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public RunsApi runs() { return runs; }
    public FleetApi fleet() { return fleet; }
    public NodesApi nodes() { return nodes; }
    public ResilienceApi resilience() { return resilience; }
    public DeadLettersApi deadLetters() { return deadLetters; }
    public EventsApi events() { return events; }
    public KeysApi keys() { return keys; }
    public AuditApi audit() { return audit; }
    public ToolPolicyApi toolPolicy() { return toolPolicy; }
    public TracesApi traces() { return traces; }
    public BudgetsApi budgets() { return budgets; }
    public CatalogApi catalog() { return catalog; }

    @Override
    public void close() {
        http.close();
    }
}
