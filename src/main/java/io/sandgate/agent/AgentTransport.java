package io.sandgate.agent;

/**
 * One call to one sandbox's agent, over one transport. Blocking, on the caller's thread; every
 * failure is an {@link AgentException} with a reason the caller can act on.
 */
interface AgentTransport extends AutoCloseable {

    /** Runtime versions; answers once the agent is ready. */
    AgentHealth health();

    /** Runs the one program this sandbox will ever run. */
    AgentRunResult run(AgentRunRequest request);

    /** Frees what the transport holds; it holds no sandbox state. */
    @Override
    default void close() {
    }
}
