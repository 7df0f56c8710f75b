package io.sandgate.agent;

import com.fasterxml.jackson.core.JacksonException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent over TCP on the sandbox network, through the MicroProfile REST client. Its answers
 * are read outside the answer budget (README: the tcp transport).
 */
final class TcpTransport implements AgentTransport {

    private final AgentApi api;

    TcpTransport(URI url, long connectTimeoutMs, long readTimeoutMs) {
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS)
                .build(AgentApi.class);
    }

    @Override
    public AgentHealth health() {
        return call(api::health);
    }

    @Override
    public AgentRunResult run(AgentRunRequest request) {
        return call(() -> api.run(request));
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing to do: the client held no sandbox state
            }
        }
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            throw status == 409
                    ? new AgentException(AgentException.Reason.ALREADY_USED, "the sandbox has already run a program")
                    : new AgentException(AgentException.Reason.FAILED, "agent answered HTTP " + status);
        } catch (ProcessingException e) {
            throw translate(e);
        }
    }

    private static AgentException translate(ProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot connect to the agent", e);
            }
            if (t instanceof JacksonException) {
                return new AgentException(AgentException.Reason.FAILED, "agent answer is not valid", e);
            }
        }
        return new AgentException(AgentException.Reason.UNREACHABLE,
                "agent unreachable: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName(), e);
    }
}
