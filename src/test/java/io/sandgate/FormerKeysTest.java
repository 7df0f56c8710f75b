package io.sandgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormerKeysTest {

  private static Optional<String> ociRuntime(Map<String, String> properties) {
    return value(properties, "sandgate.sandbox.oci-runtime");
  }

  private static Optional<String> value(Map<String, String> properties, String name) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withInterceptors(new FormerKeys())
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return config.getOptionalValue(name, String.class);
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

  @Test
  void judge0sFormerPrefixStillSetsItsSettings() {
    assertEquals(
        Optional.of("8"), value(Map.of("sandgate.async.workers", "8"), "sandgate.judge0.workers"));
    assertEquals(
        Optional.of("2"),
        value(
            Map.of("sandgate.async.workers", "8", "sandgate.judge0.workers", "2"),
            "sandgate.judge0.workers"));
  }

  @Test
  void formerNamesAreListedUnderTheirNamesNowProfilesKept() {
    assertEquals("sandgate.judge0.max-wait", FormerKeys.currentOf("sandgate.async.max-wait"));
    assertEquals(
        "%prod.sandgate.sandbox.oci-runtime",
        FormerKeys.currentOf("%prod.sandgate.sandbox.runtime"));
    assertEquals("sandgate.pool.size", FormerKeys.currentOf("sandgate.pool.size"));
    assertEquals("sandgate.sandbox.runtimes", FormerKeys.currentOf("sandgate.sandbox.runtimes"));
  }
}
