/**
 * The kernel: the extension points of a node, and nothing else. Features plug into the core (queue,
 * lease, pool, agent loop, store, gateway) here, as modules; the core knows none of them by name.
 *
 * <h2>Four chains, in the shape of okhttp's interceptors</h2>
 * Each chain is an ordered list of interceptors ending in a terminal the core supplies. An
 * interceptor looks at {@code chain.call()}, may answer or refuse without going further, and
 * otherwise calls {@code chain.proceed(call)} once; only the retry and fallback interceptor of the
 * model-call chain proceeds more than once (once per attempt). Every call carries the run's
 * {@link dev.flotilla.runtime.kernel.Principal} (who submitted it), the run id and the agent.
 * <ul>
 *   <li>{@link dev.flotilla.runtime.kernel.AdmissionInterceptor}: accepting a run at submission,
 *       on the node whose gateway got it; terminal: store and enqueue. Rate limits, the input
 *       guard. Refusal: {@link dev.flotilla.runtime.kernel.RunRefusedException} (an HTTP status).</li>
 *   <li>{@link dev.flotilla.runtime.kernel.RunInterceptor}: executing a run on the node that took it,
 *       later and maybe elsewhere; terminal: the agent loop. Tracing of runs.</li>
 *   <li>{@link dev.flotilla.runtime.kernel.ModelCallInterceptor}: one model step of the agent loop;
 *       terminal: the provider. Retry and fallback, breakers, provider budgets, bulkheads, timeouts;
 *       cost budgets (reserve, then settle).</li>
 *   <li>{@link dev.flotilla.runtime.kernel.ToolCallInterceptor}: one tool call; terminal: the agent's
 *       own rule (deny by default) and the tool. Tool permissions per tool role.</li>
 * </ul>
 * Interceptors sit by stage (each interface's {@code Stage}, outermost first), then in the order
 * modules registered them. Chains are built once per node; a call allocates one small link per
 * interceptor.
 *
 * <h2>A run's path</h2>
 * {@code POST /v1/runs} → gateway (authenticates: the principal; validates) → admission chain →
 * stored and queued → a node's pool takes it under a lease → run chain → agent loop: for each step
 * the model-call chain, for each tool the model asks for the tool-call chain (each tool call is a
 * {@code tool} step of the run's timeline) → outcome stored under the lease.
 *
 * <h2>A module</h2>
 * {@link dev.flotilla.runtime.kernel.FleetModule#register} is called once per node with a
 * {@link dev.flotilla.runtime.kernel.ModuleContext}: the node's clock, sleeper, settings, event
 * publisher and fleet keys; and where the module adds its interceptors, routes (each with the
 * {@link dev.flotilla.runtime.kernel.OperatorRole} it needs), event listeners and Redis scripts
 * ({@code .lua} resources). The node lists its modules in one place ({@code node/NodeModules}).
 */
package dev.flotilla.runtime.kernel;
