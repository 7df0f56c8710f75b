package io.sandgate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciRuntimeKeyTest {

  private static Optional<String> ociRuntime(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withInterceptors(new OciRuntimeKey())
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return config.getOptionalValue("sandgate.sandbox.oci-runtime", String.class);
  }

  @Test
  void theFormerKeyStillChoosesTheOciRuntime() {
    assertEquals(Optional.of("runsc"), ociRuntime(Map.of("sandgate.sandbox.runtime", "runsc")));
  }

  @Test
  void theNewKeyWins() {
    assertEquals(
        Optional.of("runc"),
        ociRuntime(
            Map.of("sandgate.sandbox.oci-runtime", "runc", "sandgate.sandbox.runtime", "runsc")));
  }

  @Test
  void neitherMeansTheEnginesDefault() {
    assertEquals(Optional.empty(), ociRuntime(Map.of()));
  }
}
