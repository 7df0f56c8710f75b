package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files out: what the program leaves under /tmp/out comes back, by path, within the run's caps;
 * nothing outside it, and no link, pipe or device is ever opened. Real sandboxes.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class AgentOutputFilesTest {

  @Inject Sandboxes sandboxes;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void filesUnderTheOutputDirectoryComeBackByPath(String runtime) {
    AgentRunResult r =
        run(
            runtime,
            """
                import os
                open('/tmp/out/b.txt', 'w').write('second')
                os.makedirs('/tmp/out/tables/2026')
                open('/tmp/out/tables/2026/a.csv', 'w').write('x,y\\n1,2\\n')
                open('/tmp/out/a.bin', 'wb').write(bytes(range(256)))
                open('/tmp/out/empty', 'w').close()
                open('/tmp/elsewhere.txt', 'w').write('not an output')
                """,
            64,
            1 << 20);
    assertEquals(List.of("a.bin", "b.txt", "empty", "tables/2026/a.csv"), paths(r), r.stderr());
    assertEquals(256, r.files().get(0).size());
    assertEquals(256, content(r.files().get(0)).length);
    assertEquals((byte) 255, content(r.files().get(0))[255]);
    assertEquals("second", text(r.files().get(1)));
    assertEquals("", text(r.files().get(2)));
    assertEquals("x,y\n1,2\n", text(r.files().get(3)));
    assertFalse(r.filesOmitted());
  }

  @Test
  void linksPipesAndDevicesAreNeverFollowedOrOpened() {
    AgentRunResult r =
        run(
            "python3",
            """
                import os
                os.symlink('/etc/passwd', '/tmp/out/passwd')
                os.symlink('/etc', '/tmp/out/etc')
                os.symlink('/proc/self/environ', '/tmp/out/environ')
                os.mkfifo('/tmp/out/pipe')
                open('/tmp/secret', 'w').write('secret')
                os.link('/tmp/secret', '/tmp/out/hardlink-to-own-file')
                open('/tmp/out/real.txt', 'w').write('real')
                print('ok')
                """,
            64,
            1 << 20);
    assertEquals("ok\n", r.stdout(), r.stderr());
    // A hard link is one of the program's own files under a second name: its bytes were its anyway.
    assertEquals(List.of("hardlink-to-own-file", "real.txt"), paths(r));
    assertEquals("real", text(r.files().get(1)));
  }

  @Test
  void theOutputDirectoryCannotBeSwappedForALink() {
    AgentRunResult r =
        run(
            "python3",
            """
                import os
                open('/tmp/out/kept.txt', 'w').write('kept')
                for attempt in (lambda: os.rename('/tmp/out', '/tmp/moved'), lambda: os.rmdir('/tmp/out')):
                    try:
                        attempt()
                        print('swapped')
                    except OSError as e:
                        print(type(e).__name__)
                """,
            64,
            1 << 20);
    // /tmp is sticky and /tmp/out is root's: the program may fill it, never move or remove it.
    assertEquals("PermissionError\nPermissionError\n", r.stdout(), r.stderr());
    assertEquals(List.of("kept.txt"), paths(r));
  }

  @Test
  void filesPastTheByteCapAreListedWithoutContentAndPastTheCountNotAtAll() {
    AgentRunResult r =
        run(
            "python3",
            """
                for name, size in [('a', 600), ('b', 600), ('c', 300), ('d', 1), ('e', 1)]:
                    open('/tmp/out/' + name, 'wb').write(b'x' * size)
                """,
            4,
            1000);
    assertEquals(List.of("a", "b", "c", "d"), paths(r), r.stderr());
    assertFalse(r.files().get(0).truncated());
    assertTrue(r.files().get(1).truncated(), "600 more bytes do not fit in the 400 left");
    assertNull(r.files().get(1).content());
    assertEquals(600, r.files().get(1).size());
    assertFalse(r.files().get(2).truncated(), "a smaller file after it still fits");
    assertFalse(r.files().get(3).truncated());
    assertTrue(r.filesOmitted(), "e is past the count");
  }

  @Test
  void aFileStillGrowingInADetachedChildIsReadAfterEveryProcessDied() {
    AgentRunResult r =
        run(
            "python3",
            """
                import os, subprocess, sys, time
                subprocess.Popen([sys.executable, '-c', '''
                import os
                f = open("/tmp/out/grows.bin", "wb", buffering=0)
                while True:
                    f.write(b"x" * 4096)
                '''], start_new_session=True)
                time.sleep(0.3)
                """,
            64,
            1 << 20);
    assertEquals(1, r.files().size(), r.stderr());
    AgentOutputFile grows = r.files().get(0);
    assertEquals(
        grows.truncated() ? grows.size() : content(grows).length,
        grows.size(),
        "size and content agree: nothing wrote while the agent read");
  }

  @Test
  void withoutAskingNoFilesAreCollected() {
    AgentRunResult r =
        sandboxes.run(
            new AgentRunRequest(
                "open('/tmp/out/x', 'w').write('x')",
                "python3",
                "",
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals(0, r.exitCode(), r.stderr());
    assertNull(r.files());
  }

  private AgentRunResult run(String runtime, String code, int maxFiles, long maxBytes) {
    return sandboxes.run(
        new AgentRunRequest(
            code,
            runtime,
            "",
            List.of(),
            10_000,
            Sandboxes.OUTPUT_LIMIT,
            List.of(),
            false,
            Sandboxes.OUTPUT_LIMIT,
            true,
            maxFiles,
            maxBytes));
  }

  private static List<String> paths(AgentRunResult r) {
    return r.files().stream().map(AgentOutputFile::path).toList();
  }

  private static byte[] content(AgentOutputFile f) {
    return Base64.getDecoder().decode(f.content());
  }

  private static String text(AgentOutputFile f) {
    return new String(content(f), StandardCharsets.UTF_8);
  }
}
