package io.sandgate;

import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identity of this gateway process: the label on every container it makes, the name of its
 * concurrency leases in Redis, the owner of the Judge0 submissions it runs. Configured as {@code
 * sandgate.sandbox.instance-id} (declared with the sandbox's settings, where it first served).
 */
@Singleton
public class GatewayInstance {

  private final String id;

  GatewayInstance(
      @ConfigProperty(name = "sandgate.sandbox.instance-id") Optional<String> configured) {
    this.id =
        configured
            .filter(s -> !s.isBlank())
            .orElseGet(() -> UUID.randomUUID().toString().substring(0, 12));
  }

  public String id() {
    return id;
  }
}
