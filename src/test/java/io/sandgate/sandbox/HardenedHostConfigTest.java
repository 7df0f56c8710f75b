package io.sandgate.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class HardenedHostConfigTest {

  private static ContainerSpec spec(Optional<String> runtime) {
    return new ContainerSpec(
        "img",
        64L << 20,
        512L << 20,
        16L << 20,
        8L << 20,
        256,
        64,
        1_000_000_000L,
        runtime,
        Optional.empty(),
        8080,
        OptionalInt.empty());
  }

  private static Map<String, Long> ulimits(HostConfig host) {
    return host.getUlimits().length == 0
        ? Map.of()
        : List.of(host.getUlimits()).stream()
            .collect(Collectors.toMap(Ulimit::getName, Ulimit::getHardLong));
  }

  @Test
  void everyHardeningDefaultIsMapped() {
    HostConfig host =
        HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.STANDARD, Path.of("/tmp/sock"));
    assertEquals("none", host.getNetworkMode());
    assertTrue(host.getReadonlyRootfs());
    assertEquals("rw,nosuid,nodev,mode=1777,size=16777216", host.getTmpFs().get("/tmp"));
    assertEquals(64L << 20, host.getMemory());
    assertEquals(64L << 20, host.getMemorySwap(), "swap equal to memory: none");
    assertEquals(64L, host.getPidsLimit());
    assertEquals(1_000_000_000L, host.getNanoCPUs());
    assertArrayEquals(new Capability[] {Capability.ALL}, host.getCapDrop());
    assertArrayEquals(
        new Capability[] {Capability.SETUID, Capability.SETGID, Capability.KILL}, host.getCapAdd());
    assertEquals(
        List.of("no-new-privileges", "seccomp=" + HardenedHostConfig.SECCOMP_PROFILE),
        host.getSecurityOpts());
    assertTrue(host.getInit());
    // nproc counts the program's uid across the host; each sandbox has its own, so it is per
    // sandbox.
    assertEquals(
        Map.of("nofile", 256L, "fsize", 8L << 20, "core", 0L, "nproc", 64L), ulimits(host));
    assertEquals("/tmp/sock", host.getBinds()[0].getPath());
    assertEquals("/run/sandgate", host.getBinds()[0].getVolume().getPath());
    assertNull(host.getRuntime());
  }

  @Test
  void aDataSandboxGetsTheDataMemoryLimitAndNothingElseChanges() {
    HostConfig standard =
        HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.STANDARD, Path.of("/tmp/sock"));
    HostConfig data =
        HardenedHostConfig.of(spec(Optional.empty()), SandboxKind.DATA, Path.of("/tmp/sock"));
    assertEquals(512L << 20, data.getMemory());
    assertEquals(512L << 20, data.getMemorySwap(), "swap equal to memory: none");
    assertEquals(standard.getPidsLimit(), data.getPidsLimit());
    assertEquals(ulimits(standard), ulimits(data));
    assertEquals(standard.getTmpFs(), data.getTmpFs());
  }

  @Test
  void underGvisorTheProcessCapMovesInsideTheSandbox() {
    HostConfig host =
        HardenedHostConfig.of(
            spec(Optional.of("runsc")), SandboxKind.STANDARD, Path.of("/tmp/sock"));
    assertEquals("runsc", host.getRuntime());
    assertEquals(HardenedHostConfig.GVISOR_HOST_PIDS, host.getPidsLimit());
    assertEquals(64L, ulimits(host).get("nproc"));
  }

  /** The capabilities a sandbox keeps (see HardenedHostConfig), as the profile names them. */
  private static final Set<String> SANDBOX_CAPS = Set.of("CAP_SETUID", "CAP_SETGID", "CAP_KILL");

  private static final Set<String> EVERY_CAP =
      Stream.of(Capability.values())
          .filter(c -> c != Capability.ALL)
          .map(c -> "CAP_" + c.name())
          .collect(Collectors.toSet());

  private static JsonNode profile(Optional<String> runtime) throws Exception {
    List<String> options =
        HardenedHostConfig.of(spec(runtime), SandboxKind.STANDARD, Path.of("/tmp/sock"))
            .getSecurityOpts();
    List<String> seccomp = options.stream().filter(o -> o.startsWith("seccomp=")).toList();
    assertEquals(1, seccomp.size(), options.toString());
    return new ObjectMapper().readTree(seccomp.get(0).substring("seccomp=".length()));
  }

  @Test
  void everySandboxGetsTheProfileAlsoUnderGvisorWhereRunscAppliesItWithOciSeccomp()
      throws Exception {
    assertEquals(profile(Optional.empty()), profile(Optional.of("runsc")));
    assertEquals(
        "SCMP_ACT_ERRNO",
        profile(Optional.empty()).get("defaultAction").asText(),
        "a syscall no rule allows is refused");
  }

  @Test
  void theProfileRefusesIoUringWhateverTheCapabilities() throws Exception {
    JsonNode profile = profile(Optional.empty());
    // The reading of the rules must be able to say yes, or its no means nothing.
    assertTrue(allows(profile, "read", SANDBOX_CAPS, 0));
    assertTrue(allows(profile, "mount", EVERY_CAP, 0), "allowed with CAP_SYS_ADMIN");
    for (String syscall : List.of("io_uring_setup", "io_uring_enter", "io_uring_register")) {
      assertFalse(allows(profile, syscall, EVERY_CAP, 0), syscall);
    }
  }

  @Test
  void theProfileRefusesTheSocketFamiliesLaterDockerRefusedAndTheI386WayAroundTheCheck()
      throws Exception {
    JsonNode profile = profile(Optional.empty());
    // AF_UNIX (the agent's), AF_INET, AF_INET6, AF_NETLINK, AF_NFC (between the two refused).
    for (long family : List.of(1L, 2L, 10L, 16L, 39L)) {
      assertTrue(allows(profile, "socket", SANDBOX_CAPS, family), "family " + family);
    }
    // AF_ALG, AF_VSOCK.
    for (long family : List.of(38L, 40L)) {
      assertFalse(allows(profile, "socket", EVERY_CAP, family), "family " + family);
    }
    assertFalse(allows(profile, "socketcall", EVERY_CAP, 1), "i386 socketcall(SYS_SOCKET, ...)");
  }

  @Test
  void theSyscallsASandboxNeedsNoCapabilityForStayRefused() throws Exception {
    JsonNode profile = profile(Optional.empty());
    for (String syscall :
        List.of(
            "userfaultfd",
            "keyctl",
            "add_key",
            "bpf",
            "perf_event_open",
            "unshare",
            "setns",
            "mount")) {
      assertFalse(allows(profile, syscall, SANDBOX_CAPS, 0), syscall);
    }
  }

  /**
   * Whether a rule of the profile lets a process with {@code caps} on x86_64 make {@code syscall}
   * with {@code arg0} as its first argument; a condition it cannot judge counts as met.
   */
  private static boolean allows(JsonNode profile, String syscall, Set<String> caps, long arg0) {
    for (JsonNode rule : profile.get("syscalls")) {
      JsonNode includes = rule.path("includes");
      JsonNode excludes = rule.path("excludes");
      List<String> arches = texts(includes.path("arches"));
      if (texts(rule.path("names")).contains(syscall)
          && "SCMP_ACT_ALLOW".equals(rule.get("action").asText())
          && (arches.isEmpty() || arches.contains("amd64"))
          && !texts(excludes.path("arches")).contains("amd64")
          && caps.containsAll(texts(includes.path("caps")))
          && texts(excludes.path("caps")).stream().noneMatch(caps::contains)
          && StreamSupport.stream(rule.path("args").spliterator(), false)
              .allMatch(a -> holds(a, arg0))) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(JsonNode condition, long arg0) {
    long value = condition.get("value").asLong();
    return condition.get("index").asInt() != 0
        || switch (condition.get("op").asText()) {
          case "SCMP_CMP_LT" -> arg0 < value;
          case "SCMP_CMP_EQ" -> arg0 == value;
          case "SCMP_CMP_GT" -> arg0 > value;
          case "SCMP_CMP_NE" -> arg0 != value;
          default -> true;
        };
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
