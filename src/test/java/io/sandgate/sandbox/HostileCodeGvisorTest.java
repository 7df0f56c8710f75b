package io.sandgate.sandbox;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import java.util.Map;
import java.util.Set;

/**
 * The attack suite under gVisor, with gVisor's own defaults (memory, process cap): nothing set for
 * the test.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(HostileCodeGvisorTest.Gvisor.class)
class HostileCodeGvisorTest extends HostileCodeTest {

  /**
   * gVisor's kernel does not bound message-queue bytes; its queues are the sandbox's own anyway.
   */
  @Override
  boolean enforcesMessageQueueBytes() {
    return false;
  }

  /**
   * runsc applies the seccomp profile only when run with --oci-seccomp, which this engine's is not;
   * its kernel (release 20221219) then serves io_uring itself, so the ring is gVisor's, never the
   * host's. Newer gVisor leaves io_uring out unless run with --iouring.
   */
  @Override
  Set<String> ioUringOutcomes() {
    return Set.of("refused EPERM\n", "refused ENOSYS\n", "ring of the sandbox kernel\n");
  }

  /** Without --oci-seccomp gVisor's kernel makes the program a user namespace of its own. */
  @Override
  Set<String> servedBySandboxKernel() {
    return Set.of("unshare");
  }

  /** Sandboxes under runsc. */
  public static class Gvisor implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sandgate.pool.size", "3", "sandgate.sandbox.runtime", "runsc");
    }
  }
}
