package io.sandgate.sandbox;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import java.util.Map;

/** The attack suite under Docker's default runtime (runc). */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(HostileCodeRuncTest.Runc.class)
class HostileCodeRuncTest extends HostileCodeTest {

  /** The engine's default runtime. */
  public static class Runc implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sandgate.pool.size", "3");
    }
  }
}
