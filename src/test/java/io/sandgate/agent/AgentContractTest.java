package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.sandbox.SandboxRuntime;
import io.sandgate.testing.DockerCli;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's contract, driven over its Unix socket in real hardened containers. */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class AgentContractTest {

  @Inject Sandboxes sandboxes;

  @Inject AgentClient agent;

  @Inject SandboxRuntime runtime;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void helloWorldInBothRuntimes(String name) {
    AgentRunResult result =
        sandboxes.run(name, "import sys\nprint('hello', sys.implementation.name)");
    String implementation = name.equals("pypy3") ? "pypy" : "cpython";
    assertEquals("hello " + implementation + "\n", result.stdout());
    assertEquals("", result.stderr());
    assertEquals(0, result.exitCode());
    assertFalse(result.timedOut());
    assertFalse(result.oomKilled());
    assertFalse(result.outputTruncated());
    assertEquals(name, result.runtime());
    assertTrue(result.durationMs() >= 0);
  }

  @Test
  void healthReportsBothRuntimeVersions() {
    sandboxes.with(
        sandbox -> {
          AgentHealth health = agent.health(Sandboxes.endpoint(sandbox));
          assertEquals("UP", health.status());
          assertTrue(
              health.runtimes().get("pypy3").matches("3\\.\\d+\\.\\d+"),
              health.runtimes().toString());
          assertTrue(
              health.runtimes().get("python3").matches("3\\.\\d+\\.\\d+"),
              health.runtimes().toString());
          assertFalse(health.used());
        });
  }

  @Test
  void stdinIsFedThenClosed() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "import sys\ndata = sys.stdin.read()\nprint(len(data), data.upper())",
                "python3",
                "abc\ndef",
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals("7 ABC\nDEF\n", result.stdout());
  }

  @Test
  void stdinLargerThanAPipeArrivesWhole() {
    String stdin = "a" + "x".repeat(300_000) + "z";
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "import sys\ndata = sys.stdin.read()\nprint(len(data), data[0], data[-1])",
                "python3",
                stdin,
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals("300002 a z\n", result.stdout());
  }

  @Test
  void unreadStdinDoesNotHoldTheRun() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "print('ignored stdin')",
                "python3",
                "y".repeat(900_000),
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals("ignored stdin\n", result.stdout());
    assertFalse(result.timedOut());
    assertEquals(0, result.exitCode());
  }

  @Test
  void argsArrive() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "import sys\nprint(sys.argv[1:])",
                "pypy3",
                "",
                List.of("one", "two words", "--x"),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals("['one', 'two words', '--x']\n", result.stdout());
  }

  @Test
  void exitCodeAndStderr() {
    AgentRunResult result =
        sandboxes.run("python3", "import sys\nprint('bad', file=sys.stderr)\nsys.exit(3)");
    assertEquals(3, result.exitCode());
    assertEquals("bad\n", result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void uncaughtExceptionIsExitOneWithTraceback() {
    AgentRunResult result = sandboxes.run("pypy3", "raise ValueError('nope')");
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("ValueError: nope"), result.stderr());
  }

  @Test
  void deathBySignalIs128PlusN() {
    AgentRunResult result =
        sandboxes.run("python3", "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)");
    assertEquals(128 + 15, result.exitCode());
  }

  @Test
  void combinedFollowsWriteOrder() {
    AgentRunResult result =
        sandboxes.run(
            "python3",
            """
                import sys, time
                for i in range(3):
                    print('out', i)
                    time.sleep(0.1)
                    print('err', i, file=sys.stderr)
                    time.sleep(0.1)
                """);
    assertEquals("out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\n", result.combined());
    assertEquals("out 0\nout 1\nout 2\n", result.stdout());
    assertEquals("err 0\nerr 1\nerr 2\n", result.stderr());
  }

  @Test
  void combinedNeverSplitsACharacterBetweenTheStreams() {
    // Straight to the descriptors, from two threads at once, in writes larger than a pipe holds, so
    // that the agent's reads end anywhere: one that ends inside a character must not let the
    // other stream's bytes in between.
    AgentRunResult result =
        sandboxes.run(
            "python3",
            """
                import os, threading
                def write(fd, text, times):
                    data = text.encode()
                    for _ in range(times):
                        os.write(fd, data)
                err = threading.Thread(target=write, args=(2, '\\u0436\\U0001f422' * 24000, 6))
                err.start()
                write(1, '\\u20ac' * 50000, 6)
                err.join()
                """);
    assertEquals(0, result.exitCode());
    assertFalse(result.outputTruncated());
    assertEquals("\u20ac".repeat(300_000), result.stdout());
    assertEquals("\u0436\ud83d\udc22".repeat(144_000), result.stderr());
    assertSplitsNoCharacter(result, c -> c == 0x20ac);
  }

  @Test
  void combinedNeverSplitsACharacterWhenRecordedAndDirectWritesMix() {
    // stderr: recorded writes larger than a pipe holds, so one is under way at almost every read.
    // stdout meanwhile: a recorded write, then bytes straight to fd 1 that no record claims
    // and that end elsewhere than the recorded write's characters do.
    AgentRunResult result =
        sandboxes.run(
            "python3",
            """
                import os, sys, threading
                def big():
                    for _ in range(7):
                        sys.stderr.write('\\u01c5' * 60000)
                err = threading.Thread(target=big)
                err.start()
                while err.is_alive():
                    sys.stdout.write('\\U0001f422' * 5)
                    os.write(1, '\\u20ac'.encode())
                err.join()
                """);
    assertEquals(0, result.exitCode());
    assertFalse(result.outputTruncated());
    assertEquals("\u01c5".repeat(420_000), result.stderr());
    assertSplitsNoCharacter(result, c -> c != 0x1c5);
  }

  /**
   * combined has no replaced byte, and holds each stream whole, in its order ({@code fromStdout}
   * tells them apart).
   */
  private static void assertSplitsNoCharacter(AgentRunResult result, IntPredicate fromStdout) {
    String combined = result.combined();
    assertEquals(-1, combined.indexOf('\uFFFD'), "no character was split");
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    combined.codePoints().forEach(c -> (fromStdout.test(c) ? out : err).appendCodePoint(c));
    assertEquals(result.stdout(), out.toString(), "combined holds all of stdout, in its order");
    assertEquals(result.stderr(), err.toString(), "combined holds all of stderr, in its order");
  }

  @Test
  void busyLoopTimesOut() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "while True: pass", "pypy3", "", List.of(), 1_000, Sandboxes.OUTPUT_LIMIT));
    assertTrue(result.timedOut());
    assertEquals(128 + 9, result.exitCode());
    assertTrue(result.durationMs() >= 1_000, "ran " + result.durationMs() + " ms");
  }

  @Test
  void setsidChildIsKilledAtTimeout() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    while True: pass
                os.wait()
                """,
                "python3",
                "",
                List.of(),
                1_000,
                Sandboxes.OUTPUT_LIMIT));
    assertTrue(result.timedOut());
  }

  @Test
  void detachedChildDoesNotHoldTheRunOpen() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                """
                import os, sys, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(60)
                    os._exit(0)
                print('parent done')
                """,
                "python3",
                "",
                List.of(),
                20_000,
                Sandboxes.OUTPUT_LIMIT));
    assertFalse(result.timedOut());
    assertEquals(0, result.exitCode());
    assertEquals("parent done\n", result.stdout());
    assertTrue(result.durationMs() < 20_000, "ran " + result.durationMs() + " ms");
  }

  @Test
  void stoppedGroupIsKilledAtTimeout() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                """
                import os, signal
                os.fork()
                os.kill(0, signal.SIGSTOP)
                while True: pass
                """,
                "pypy3",
                "",
                List.of(),
                1_000,
                Sandboxes.OUTPUT_LIMIT));
    assertTrue(result.timedOut());
  }

  @Test
  void noProcessOfTheProgramSurvivesTheRun() {
    sandboxes.with(
        sandbox -> {
          AgentRunResult result =
              agent.run(
                  Sandboxes.endpoint(sandbox),
                  new AgentRunRequest(
                      """
                    import os, signal, time
                    for _ in range(3):
                        if os.fork() == 0:
                            os.setsid()
                            time.sleep(3600)
                    os.kill(os.getpid(), signal.SIGSTOP)
                    """,
                      "python3",
                      "",
                      List.of(),
                      1_000,
                      Sandboxes.OUTPUT_LIMIT));
          assertTrue(result.timedOut());
          assertTrue(
              DockerCli.docker(
                      List.of(
                          "docker", "inspect", "-f", "{{.State.Running}}", sandbox.containerId()))
                  .strip()
                  .equals("true"),
              "the agent must survive the kill");
          assertEquals(List.of(), sandboxProcesses(sandbox.containerId()));
        });
  }

  @Test
  void outputIsCappedPerStream() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                """
                import sys
                sys.stdout.write('x' * 5000)
                sys.stderr.write('y' * 10)
                """,
                "python3",
                "",
                List.of(),
                10_000,
                1000));
    assertTrue(result.outputTruncated());
    assertEquals("x".repeat(1000), result.stdout());
    assertEquals("y".repeat(10), result.stderr());
  }

  @Test
  void floodIsCutAndStillEndsAtTimeout() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "while True: print('flood' * 100)", "pypy3", "", List.of(), 1_500, 64 * 1024));
    assertTrue(result.timedOut());
    assertTrue(result.outputTruncated());
    assertEquals(64 * 1024, result.stdout().length());
  }

  @Test
  void invalidUtf8IsReplaced() {
    AgentRunResult result =
        sandboxes.run(
            "python3",
            """
                import sys
                sys.stdout.buffer.write(b'ok \\xff\\xfe end \\xc3\\xa9')
                """);
    assertEquals("ok \uFFFD\uFFFD end \u00e9", result.stdout());
  }

  @Test
  void unicodeRoundTrips() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "print(input()[::-1], '→ ✓')",
                "pypy3",
                "żółw 🐢",
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertEquals("🐢 włóż → ✓\n", result.stdout());
  }

  @Test
  void programRunsUnprivilegedInTmp() {
    AgentRunResult result =
        sandboxes.run(
            "python3",
            """
                import os
                status = open('/proc/self/status').read()
                caps = [l.split()[1] for l in status.splitlines() if l.startswith('CapEff')]
                nnp = [l.split()[1] for l in status.splitlines() if l.startswith('NoNewPrivs')]
                oom = open('/proc/self/oom_score_adj').read().strip()
                print(os.getuid(), os.getgid(), os.getgroups(), caps[0], nnp[0], os.getcwd(), os.getsid(0) == os.getpid(), oom)
                """);
    // oom_score_adj 1000: under memory pressure the kernel kills the program, not the agent.
    String uid = result.stdout().split(" ")[0];
    assertTrue(Integer.parseInt(uid) >= 1_000_000, "the sandbox's own uid, not nobody: " + uid);
    assertEquals(uid + " " + uid + " [] 0000000000000000 1 /tmp True 1000\n", result.stdout());
  }

  @Test
  void secondRunIsRefused() {
    sandboxes.with(
        sandbox -> {
          AgentEndpoint endpoint = Sandboxes.endpoint(sandbox);
          AgentRunRequest request =
              new AgentRunRequest("print(1)", "python3", "", List.of(), 5_000, 1000);
          assertEquals("1\n", agent.run(endpoint, request).stdout());
          AgentException refused =
              assertThrows(AgentException.class, () -> agent.run(endpoint, request));
          assertEquals(AgentException.Reason.ALREADY_USED, refused.reason());
          assertTrue(agent.health(endpoint).used());
        });
  }

  @Test
  void theAgentAnswersWhileAForkBombHoldsThePidsLimit() {
    sandboxes.with(
        sandbox -> {
          AgentEndpoint endpoint = Sandboxes.endpoint(sandbox);
          // Forks tiny sleepers until refused, then sits on the whole pids limit for 4 s.
          AgentRunRequest bomb =
              new AgentRunRequest(
                  """
                    import os, time
                    while True:
                        try:
                            if os.fork() == 0:
                                os.execv('/bin/sleep', ['sleep', '4'])
                        except OSError:
                            break
                    time.sleep(4)
                    """,
                  "python3",
                  "",
                  List.of(),
                  10_000,
                  1000);
          CompletableFuture<AgentRunResult> run =
              CompletableFuture.supplyAsync(() -> agent.run(endpoint, bomb));
          // Counted from the host: docker exec would need a process in the full sandbox.
          PoolProbe.await(
              () ->
                  DockerCli.docker(List.of("docker", "top", sandbox.containerId())).lines().count()
                      > 40,
              "the bomb to fill the limit");
          // A new connection needs no new thread in the agent: its workers were started before the
          // program.
          assertTrue(agent.health(endpoint).used());
          AgentRunResult result = run.join();
          assertFalse(result.timedOut(), "the bomb ends on its own after 4 s");
          assertEquals(0, result.exitCode(), result.stderr());
        });
  }

  @Test
  void memoryBombIsReportedAsOom() {
    AgentRunResult result =
        sandboxes.run(
            new AgentRunRequest(
                "x = bytearray(512 * 1024 * 1024)\nprint(len(x))",
                "python3",
                "",
                List.of(),
                10_000,
                Sandboxes.OUTPUT_LIMIT));
    assertNotNull(result.exitCode());
    assertFalse(result.timedOut());
    assertTrue(
        result.oomKilled() || result.stderr().contains("MemoryError"),
        "exit " + result.exitCode() + " stderr " + result.stderr());
  }

  @Test
  void sandboxIsGoneAfterUse() {
    String[] id = new String[1];
    sandboxes.with(sandbox -> id[0] = sandbox.containerId());
    assertTrue(runtime.listManaged().stream().noneMatch(c -> c.containerId().equals(id[0])));
  }

  /** Live processes of the container that are not root's (the agent's and init's). */
  private List<String> sandboxProcesses(String containerId) {
    return DockerCli.exec(
            containerId,
            "sh",
            "-c",
            "for p in /proc/[0-9]*; do s=$(stat -c %u $p 2>/dev/null); "
                + "st=$(cut -d' ' -f3 $p/stat 2>/dev/null); "
                + "[ -n \"$s\" ] && [ \"$s\" != 0 ] && [ \"$st\" != Z ] && echo ${p#/proc/}; done; true")
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }
}
