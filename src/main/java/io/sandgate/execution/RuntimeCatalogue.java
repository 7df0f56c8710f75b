package io.sandgate.execution;

import io.quarkus.logging.Log;
import io.sandgate.pool.ImageRuntimes;
import io.sandgate.pool.SandboxPool;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.ContainerSpec;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.sandbox.SandboxKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The runtimes a program can ask for, as the runner image has them: each one's version (what a
 * sandbox's agent reports) and the memory of the sandbox it runs in. When the first sandbox says
 * them, the image's list is checked against {@link PythonRuntime}: a difference is logged at ERROR,
 * and a runtime the gateway offers but the image lacks takes the gateway out of readiness.
 */
@ApplicationScoped
public class RuntimeCatalogue {

  private final SandboxPool pool;
  private final ContainerSpec spec;

  RuntimeCatalogue(SandboxPool pool, SandboxConfig sandbox) {
    this.pool = pool;
    this.spec = ContainerSpec.from(sandbox);
  }

  /** Each runtime's version, as the newest ready sandbox reported it; empty before the first. */
  public Map<PythonRuntime, String> versions() {
    Map<PythonRuntime, String> versions = new EnumMap<>(PythonRuntime.class);
    pool.runtimeVersions()
        .forEach((id, version) -> PythonRuntime.byId(id).ifPresent(r -> versions.put(r, version)));
    return Collections.unmodifiableMap(versions);
  }

  /**
   * {@link #versions()}, once a sandbox has said them.
   *
   * @throws SandboxUnavailableException (503) while no sandbox has started yet
   */
  public Map<PythonRuntime, String> knownVersions() {
    Map<PythonRuntime, String> versions = versions();
    if (versions.isEmpty()) {
      throw new SandboxUnavailableException(
          "no sandbox has started yet, so the runtime versions are not known", 5, null);
    }
    return versions;
  }

  /** The memory limit of the sandbox a run of {@code runtime} gets, in bytes. */
  public long memoryBytes(PythonRuntime runtime) {
    return spec.memoryBytes(SandboxKind.of(runtime));
  }

  /** The image's runtimes checked against the gateway's, when a sandbox first says them. */
  void onImageRuntimes(@Observes ImageRuntimes image) {
    Difference d = Difference.of(image.versions().keySet());
    if (!d.none()) {
      Log.errorf("%s (rebuild the runner image, or run the gateway built with it)", d);
    }
  }

  @Produces
  @Readiness
  HealthCheck runtimesReady() {
    return () -> {
      Map<String, String> image = pool.runtimeVersions();
      var response = HealthCheckResponse.named("runtimes");
      if (image.isEmpty()) {
        return response.up().withData("image", "not known yet").build();
      }
      Difference d = Difference.of(image.keySet());
      image.forEach(response::withData);
      return (d.missing().isEmpty() ? response.up() : response.down())
          .withData("reason", d.none() ? "ok" : d.toString())
          .build();
    };
  }

  /**
   * How the runner image's runtimes differ from {@link PythonRuntime}'s: those the gateway offers
   * that the image lacks, and those the image holds that the gateway does not know.
   */
  record Difference(Set<String> missing, Set<String> unknown) {

    static Difference of(Set<String> image) {
      Set<String> known =
          Arrays.stream(PythonRuntime.values())
              .map(PythonRuntime::id)
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> missing = new TreeSet<>(known);
      missing.removeAll(image);
      Set<String> unknown = new TreeSet<>(image);
      unknown.removeAll(known);
      return new Difference(missing, unknown);
    }

    boolean none() {
      return missing.isEmpty() && unknown.isEmpty();
    }

    @Override
    public String toString() {
      if (none()) {
        return "the runner image holds the gateway's runtimes";
      }
      String text = "the runner image's runtimes differ from the gateway's";
      if (!missing.isEmpty()) {
        text += "; missing from the image: " + String.join(", ", missing);
      }
      if (!unknown.isEmpty()) {
        text += "; unknown to the gateway: " + String.join(", ", unknown);
      }
      return text;
    }
  }
}
