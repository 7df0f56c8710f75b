package io.sandgate.sandbox;

import jakarta.inject.Singleton;
import java.util.UUID;

/** Identity of this gateway process; every container it makes carries it as a label. */
@Singleton
public class GatewayInstance {

  private final String id;

  GatewayInstance(SandboxConfig config) {
    this.id =
        config
            .instanceId()
            .filter(s -> !s.isBlank())
            .orElseGet(() -> UUID.randomUUID().toString().substring(0, 12));
  }

  public String id() {
    return id;
  }
}
