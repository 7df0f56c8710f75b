package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A program run by the warm interpreter (started with the sandbox, waiting for it) behaves as the
 * same program started cold, and as a plain {@code python main.py}: each case runs warm and cold in
 * real sandboxes and must come out the same.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class WarmInterpreterTest {

  /**
   * Records what a program can see of its start, then starts itself again as a plain interpreter
   * (no agent, no boot) and prints both.
   */
  private static final String PROBE =
      """
            import sys, os
            modules = sorted(sys.modules)
            names = sorted(globals())
            def streams():
                return [(s.encoding, s.errors, s.line_buffering, s.write_through, type(s).__qualname__,
                         type(s.buffer).__module__, type(s.buffer).__qualname__, repr(s.buffer), s.fileno(), s is d)
                        for s, d in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__))]
            state = {"modules": modules, "globals": names, "name": __name__, "file": __file__,
                     "argv": sys.argv, "path": sys.path, "orig_argv": getattr(sys, "orig_argv", None),
                     "env": sorted(k for k in os.environ if k != "PROBE_CHILD"), "flags": repr(sys.flags),
                     "streams": repr(streams()), "cwd": os.getcwd(), "ids": [os.getuid() == os.getgid() != 0, os.getgroups()],
                     "cached": __cached__, "doc": __doc__, "package": __package__, "spec": repr(__spec__),
                     "loader": type(__loader__).__name__}
            if os.environ.get("PROBE_CHILD"):
                import json
                print(json.dumps(state))
                raise SystemExit
            import json, subprocess
            child = subprocess.run([sys.executable, __file__] + sys.argv[1:], env=dict(os.environ, PROBE_CHILD="1"),
                                   capture_output=True, text=True)
            print(json.dumps({"self": state, "plain": json.loads(child.stdout)}))
            """;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Sandboxes sandboxes;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void theProgramSeesWhatAPlainStartShows(String runtime) throws Exception {
    AgentRunResult warm = warmAndCold(runtime, PROBE, "", List.of("one", "two words"), true);
    JsonNode seen = JSON.readTree(warm.stdout());
    assertTrue(
        seen.has("self"),
        "exit "
            + warm.exitCode()
            + ", oom "
            + warm.oomKilled()
            + ": "
            + warm.stdout()
            + warm.stderr());
    assertEquals(seen.get("plain"), seen.get("self"), "a warm start against a plain one");
    JsonNode self = seen.get("self");
    assertEquals("__main__", self.get("name").asText());
    assertEquals("/tmp/main.py", self.get("file").asText());
    assertEquals("[\"/tmp/main.py\",\"one\",\"two words\"]", self.get("argv").toString());
    assertEquals("/tmp", self.get("path").get(0).asText());
    assertFalse(self.get("env").toString().contains("SANDGATE"), self.get("env").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void exitCodesAndSystemExit(String runtime) {
    assertEquals(3, warmAndCold(runtime, "import sys\nsys.exit(3)").exitCode());
    AgentRunResult message = warmAndCold(runtime, "raise SystemExit('bye')");
    assertEquals(1, message.exitCode());
    assertEquals("bye\n", message.stderr());
    assertEquals(0, warmAndCold(runtime, "raise SystemExit").exitCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void tracebacksShowOnlyTheProgramsFrames(String runtime) {
    AgentRunResult r = warmAndCold(runtime, "def f():\n    raise ValueError('boom')\nf()\n");
    assertEquals(1, r.exitCode());
    assertTrue(
        r.stderr()
            .startsWith(
                "Traceback (most recent call last):\n  File \"/tmp/main.py\", line 3, in <module>\n"),
        r.stderr());
    assertTrue(r.stderr().contains("  File \"/tmp/main.py\", line 2, in f\n"), r.stderr());
    assertEquals(2, r.stderr().split("  File \"", -1).length - 1, r.stderr());
    assertTrue(r.stderr().endsWith("ValueError: boom\n"), r.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void signals(String runtime) {
    assertEquals(
        128 + 15,
        warmAndCold(runtime, "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)").exitCode());
    // Python's own handler: KeyboardInterrupt, handled as each interpreter handles it.
    AgentRunResult interrupted =
        warmAndCold(
            runtime, "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)");
    assertTrue(interrupted.stderr().contains("KeyboardInterrupt"), interrupted.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void forkAndSubprocess(String runtime) {
    AgentRunResult forked =
        warmAndCold(
            runtime,
            """
                import os
                pid = os.fork()
                if pid == 0:
                    print('child')
                    os._exit(0)
                os.waitpid(pid, 0)
                print('parent')
                """);
    assertEquals("child\nparent\n", forked.stdout());
    AgentRunResult sub =
        warmAndCold(
            runtime,
            """
                import subprocess, sys
                out = subprocess.run([sys.executable, '-c', 'import sys; print(sys.argv[1:])', 'x'],
                                     capture_output=True, text=True).stdout
                print(out, end='')
                """);
    assertEquals("['x']\n", sub.stdout(), sub.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void streamsAreUnbufferedAndStdinArrives(String runtime) {
    AgentRunResult r =
        warmAndCold(
            runtime,
            "import os, sys\nsys.stdout.write(sys.stdin.read().upper())\n"
                + "sys.stderr.write('err')\nos._exit(5)",
            "abc",
            List.of(),
            false);
    assertEquals("ABC", r.stdout());
    assertEquals("err", r.stderr());
    assertEquals(5, r.exitCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void combinedIsInTheExactOrderOfWrites(String runtime) {
    String program =
        """
                import sys, subprocess, warnings
                for i in range(300):
                    print('out', i)
                    print('err', i, file=sys.stderr)
                    if i % 100 == 0:
                        subprocess.run([sys.executable, '-c', 'print("child %d")' % i])
                warnings.warn('last')
                raise RuntimeError('end')
                """;
    AgentRunResult r = warmAndCold(runtime, program);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      expected.append("out ").append(i).append('\n').append("err ").append(i).append('\n');
      if (i % 100 == 0) {
        expected.append("child ").append(i).append('\n');
      }
    }
    expected.append("/tmp/main.py:7: UserWarning: last\n");
    assertTrue(r.combined().startsWith(expected.toString()), r.combined());
    assertTrue(r.combined().endsWith("RuntimeError: end\n"), r.combined());
    assertEquals(r.stdout().length() + r.stderr().length(), r.combined().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void aProgramWritingToOrClosingTheOrderChannelOnlyLosesTheOrder(String runtime) {
    String program =
        """
                import os, sys
                channel = max(int(fd) for fd in os.listdir('/proc/self/fd'))
                print('before')
                os.write(channel, b'garbage!' * 1000)
                print('after', file=sys.stderr)
                os.close(channel)
                print('and after closing')
                """;
    AgentRunResult r = warmAndCold(runtime, program, "", List.of(), false);
    assertEquals("before\nand after closing\n", r.stdout());
    assertEquals("after\n", r.stderr());
    assertEquals(r.stdout().length() + r.stderr().length(), r.combined().length());
    assertEquals(0, r.exitCode());
  }

  /** CPython's start is frozen for the collector (a faster exit); what the program makes is not. */
  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void theProgramsOwnCyclesAreStillCollected(String runtime) {
    String program =
        """
                import gc, weakref
                class Node:
                    pass
                a, b = Node(), Node()
                a.other, b.other = b, a
                gone = weakref.ref(a)
                del a, b
                gc.collect()
                print('collected', gone() is None)
                print('frozen', gc.get_freeze_count() > 0 if hasattr(gc, 'get_freeze_count') else 'n/a')
                """;
    AgentRunResult r = warmAndCold(runtime, program);
    String frozen = runtime.equals("python3") ? "True" : "n/a";
    assertEquals("collected True\nfrozen " + frozen + "\n", r.stdout(), r.stderr());
    assertEquals(0, r.exitCode());
  }

  private AgentRunResult warmAndCold(String runtime, String code) {
    return warmAndCold(runtime, code, "", List.of(), true);
  }

  /** Runs warm and cold; both must agree (combined too, unless {@code sameCombined} is false). */
  private AgentRunResult warmAndCold(
      String runtime, String code, String stdin, List<String> args, boolean sameCombined) {
    AgentRunRequest request =
        new AgentRunRequest(code, runtime, stdin, args, 20_000, Sandboxes.OUTPUT_LIMIT);
    AgentRunResult warm = sandboxes.run(request, PythonRuntime.byId(runtime));
    String other = runtime.equals("pypy3") ? "python3" : "pypy3";
    AgentRunResult cold = sandboxes.run(request, PythonRuntime.byId(other));
    assertTrue(warm.warm(), "the warm interpreter ran it");
    assertFalse(cold.warm(), "a cold interpreter ran it");
    assertEquals(warm.stdout(), cold.stdout());
    assertEquals(warm.stderr(), cold.stderr());
    assertEquals(warm.exitCode(), cold.exitCode());
    if (sameCombined) {
      assertEquals(warm.combined(), cold.combined());
    }
    assertEquals(runtime, warm.runtime());
    return warm;
  }
}
