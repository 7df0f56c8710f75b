package io.sandgate.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.runtime.PythonRuntime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuntimeCatalogueTest {

  private static Set<String> gateways() {
    return Arrays.stream(PythonRuntime.values())
        .map(PythonRuntime::id)
        .collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void anImageWithTheGatewaysRuntimesDiffersInNothing() {
    RuntimeCatalogue.Difference d = RuntimeCatalogue.Difference.of(gateways());
    assertTrue(d.none());
    assertEquals(Set.of(), d.missing());
    assertEquals(Set.of(), d.unknown());
  }

  @Test
  void aRuntimeTheImageLacksIsNamed() {
    Set<String> image = gateways();
    image.remove("pypy3");
    RuntimeCatalogue.Difference d = RuntimeCatalogue.Difference.of(image);
    assertFalse(d.none());
    assertEquals(Set.of("pypy3"), d.missing());
    assertEquals(Set.of(), d.unknown());
    assertEquals(
        "the runner image's runtimes differ from the gateway's; missing from the image: pypy3",
        d.toString());
  }

  @Test
  void aRuntimeOnlyTheImageHasIsNamedBesideTheMissingOnes() {
    RuntimeCatalogue.Difference d =
        RuntimeCatalogue.Difference.of(Set.of("python3", "python3-data", "python3.13"));
    assertEquals(Set.of("pypy3"), d.missing());
    assertEquals(Set.of("python3.13"), d.unknown());
    assertEquals(
        "the runner image's runtimes differ from the gateway's; missing from the image: pypy3;"
            + " unknown to the gateway: python3.13",
        d.toString());
  }

  @Test
  void anEmptyImageLacksEveryRuntime() {
    assertEquals(gateways(), RuntimeCatalogue.Difference.of(Set.of()).missing());
  }
}
