package io.sandgate.sandbox;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import java.util.Map;

/** The attack suite under gVisor, with gVisor's own defaults (memory, process cap): nothing set for the test. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(HostileCodeGvisorTest.Gvisor.class)
class HostileCodeGvisorTest extends HostileCodeTest {

    /** gVisor's kernel does not bound message-queue bytes; its queues are the sandbox's own anyway. */
    @Override
    boolean enforcesMessageQueueBytes() {
        return false;
    }

    /** Sandboxes under runsc. */
    public static class Gvisor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandgate.pool.size", "3", "sandgate.sandbox.runtime", "runsc");
        }
    }
}
