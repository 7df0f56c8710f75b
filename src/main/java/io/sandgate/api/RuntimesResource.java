package io.sandgate.api;

import io.sandgate.execution.Runtime;
import io.sandgate.pool.NoSandboxException;
import io.sandgate.pool.SandboxPool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/runtimes}: the runtimes and their versions, as read from the runner image. */
@Path("/v1/runtimes")
@Produces(MediaType.APPLICATION_JSON)
public class RuntimesResource {

    private final SandboxPool pool;

    RuntimesResource(SandboxPool pool) {
        this.pool = pool;
    }

    @GET
    public List<RuntimeInfo> list() {
        Map<String, String> versions = pool.runtimeVersions();
        if (versions.isEmpty()) {
            throw new NoSandboxException(NoSandboxException.Reason.ENGINE_DOWN,
                    "no sandbox has started yet, so the runtime versions are not known", 5);
        }
        return Arrays.stream(Runtime.values())
                .map(r -> new RuntimeInfo(r.id(), versions.get(r.id())))
                .toList();
    }
}
