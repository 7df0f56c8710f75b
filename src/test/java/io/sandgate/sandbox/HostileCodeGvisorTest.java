package io.sandgate.sandbox;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import java.util.Map;

/**
 * The attack suite under gVisor. Its memory limit also covers gVisor's own kernel, so the
 * sandbox gets more of it than under runc.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(HostileCodeGvisorTest.Gvisor.class)
class HostileCodeGvisorTest extends HostileCodeTest {

    /** Sandboxes under runsc. */
    public static class Gvisor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandgate.pool.size", "3", "sandgate.sandbox.runtime", "runsc",
                    "sandgate.sandbox.memory", "256M");
        }
    }
}
