package io.sandgate.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where one sandbox's agent listens: a Unix socket on the host, or a URL on the sandbox network. */
public record AgentEndpoint(Optional<Path> socket, Optional<URI> url) {

    public static AgentEndpoint unix(Path socket) {
        return new AgentEndpoint(Optional.of(socket), Optional.empty());
    }

    public static AgentEndpoint tcp(URI url) {
        return new AgentEndpoint(Optional.empty(), Optional.of(url));
    }
}
