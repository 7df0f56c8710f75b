package io.sandgate.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutableMappingsTest {

  private static final String MAPS =
      """
            00400000-01bf0000 r-xp 00000000 fd:01 1234                               /work/application
            01bf0000-01c04000 r--p 017f0000 fd:01 1234                               /work/application
            01c20000-04850000 rw-p 00000000 00:00 0
            060fc000-0623b000 rw-p 00000000 00:00 0                                  [heap]
            7f47d1f80000-7f47d2e00000 r--p 01a00000 fd:01 1234                       /work/application
            7f47d2e00000-7f47d3ca8000 rw-p 02880000 fd:01 1234                       /work/application (deleted)
            7f47d0200000-7f47d0307000 r-xp 00000000 fd:01 99                         /work/application-old
            7f4fd1fb0000-7f4fd2106000 r-xp 00028000 fd:01 7                          /usr/lib/x86_64-linux-gnu/libc.so.6
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            """;

  @Test
  void onlyTheFilesOwnMappings() {
    assertEquals(
        List.of(
            new ExecutableMappings.Range(0x400000L, 0x1bf0000L - 0x400000L),
            new ExecutableMappings.Range(0x1bf0000L, 0x14000L),
            new ExecutableMappings.Range(0x7f47d1f80000L, 0xe80000L)),
        ExecutableMappings.of(MAPS, "/work/application"));
  }

  @Test
  void aReplacedBinaryMatchesAsTheKernelNamesIt() {
    assertEquals(
        List.of(new ExecutableMappings.Range(0x7f47d2e00000L, 0xea8000L)),
        ExecutableMappings.of(MAPS, "/work/application (deleted)"));
  }

  @Test
  void aPathWithSpacesIsOnePath() {
    String maps = "7f0000000000-7f0000001000 r--p 00000000 fd:01 5 /opt/my gateway/application\n";
    assertEquals(
        List.of(new ExecutableMappings.Range(0x7f0000000000L, 0x1000L)),
        ExecutableMappings.of(maps, "/opt/my gateway/application"));
  }

  @Test
  void addressesAboveTheSignedRangeParse() {
    assertEquals(
        List.of(new ExecutableMappings.Range(0xffffffffff600000L, 0x1000L)),
        ExecutableMappings.of(MAPS, "[vsyscall]"));
  }

  @Test
  void noMappingNoRange() {
    assertEquals(List.of(), ExecutableMappings.of(MAPS, "/nowhere"));
    assertEquals(List.of(), ExecutableMappings.of("", "/work/application"));
  }
}
