package io.sandgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of docs/architecture.md, kept: each capability may use only the packages
 * listed for it there, so a front door cannot reach past {@code execution} into the pool, the
 * sandbox or the agent, and nothing reaches back up into a front door. A new package must be placed
 * here (and in the document) before it may be used.
 */
class ArchitectureTest {

  private static final String ROOT = "io.sandgate";

  /**
   * Each package and the packages it may use; the same table as docs/architecture.md. The root
   * package (the clock, the start-up ordering annotation) may be used by all.
   */
  static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          Map.entry("", Set.of("threads")),
          Map.entry("runtime", Set.of()),
          Map.entry("threads", Set.of()),
          Map.entry("framework", Set.of("threads")),
          Map.entry("store", Set.of("framework", "threads")),
          Map.entry("cluster", Set.of("store", "threads")),
          Map.entry("sandbox", Set.of("runtime", "threads")),
          Map.entry("agent", Set.of("threads")),
          Map.entry("pool", Set.of("sandbox", "agent", "runtime", "threads")),
          Map.entry("tenant", Set.of("cluster", "threads")),
          Map.entry(
              "execution", Set.of("pool", "sandbox", "agent", "tenant", "runtime", "threads")),
          Map.entry("function", Set.of("execution", "tenant", "store", "runtime", "threads")),
          Map.entry("edge", Set.of("framework", "threads")),
          Map.entry(
              "http", Set.of("execution", "function", "tenant", "store", "edge", "framework")),
          Map.entry("fn", Set.of("http", "execution", "function", "tenant", "edge", "framework")),
          Map.entry("api", Set.of("http", "fn", "execution", "function", "tenant", "runtime")),
          Map.entry("compat.piston", Set.of("http", "execution", "tenant", "runtime", "threads")),
          Map.entry(
              "compat.judge0",
              Set.of("http", "execution", "tenant", "store", "runtime", "threads")),
          Map.entry("footprint", Set.of("execution", "store", "threads")));

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyPackageUsesOnlyWhatItsArrowsAllow() {
    Set<String> broken = new TreeSet<>();
    for (JavaClass type : MAIN) {
      String from = capability(type);
      Set<String> allowed = MAY_USE.get(from);
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        if (!target.getPackageName().startsWith(ROOT)) {
          continue;
        }
        String to = capability(target);
        if (!to.equals(from) && !to.isEmpty() && (allowed == null || !allowed.contains(to))) {
          broken.add(from + " -> " + to + ": " + dependency.getDescription());
        }
      }
    }
    assertEquals(List.of(), List.copyOf(broken), "arrows not in docs/architecture.md");
  }

  @Test
  void everyPackageIsPlaced() {
    Set<String> unplaced = new TreeSet<>();
    MAIN.forEach(type -> unplaced.add(capability(type)));
    unplaced.removeAll(MAY_USE.keySet());
    assertEquals(List.of(), List.copyOf(unplaced), "packages missing from docs/architecture.md");
  }

  @Test
  void dockerTypesNeverLeaveTheSandboxPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".sandbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(MAIN);
  }

  @Test
  void threadsAreMadeByTheOneExecutorPolicyOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".threads..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Executors.class)
        .check(MAIN);
    Set<String> started = new TreeSet<>();
    for (JavaClass type : MAIN) {
      if (!type.getPackageName().startsWith(ROOT + ".threads")) {
        type.getConstructorCallsFromSelf().stream()
            .filter(
                call ->
                    call.getTargetOwner().isAssignableTo(Thread.class)
                        || call.getTargetOwner().isAssignableTo(ExecutorService.class))
            .forEach(call -> started.add(call.getDescription()));
      }
    }
    assertEquals(List.of(), List.copyOf(started), "threads made outside io.sandgate.threads");
  }

  @Test
  void frameworkInternalsAreReachedOnlyInsideTheFence() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".framework..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx.core.impl..",
            "io.vertx.core.net.impl..",
            "io.vertx.core.http.impl..",
            "io.agroal.pool..",
            "io.quarkus.flyway.runtime..",
            "io.quarkus.vertx.http.runtime..",
            "io.quarkus.smallrye.openapi.runtime..")
        .check(MAIN);
  }

  /** The capability a class belongs to: its package under the root (two levels under compat). */
  private static String capability(JavaClass type) {
    String name = type.getPackageName();
    if (name.equals(ROOT)) {
      return "";
    }
    String[] parts = name.substring(ROOT.length() + 1).split("\\.");
    return parts[0].equals("compat") && parts.length > 1 ? "compat." + parts[1] : parts[0];
  }
}
