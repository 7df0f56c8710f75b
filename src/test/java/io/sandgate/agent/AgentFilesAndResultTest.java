package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's two general features: files written beside the program, and a result channel of the
 * program's own that nothing it prints can forge. Real sandboxes, warm interpreters.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class AgentFilesAndResultTest {

  @Inject Sandboxes sandboxes;

  @Inject AgentClient agent;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void filesArriveBesideTheProgramAndAreImportable(String runtime) {
    AgentRunResult r =
        run(
            runtime,
            """
                import helper, os
                print(helper.greet())
                print(open('data/deep/in.bin', 'rb').read())
                print(oct(os.stat('helper.py').st_mode & 0o777), os.stat('helper.py').st_uid)
                open('data/written.txt', 'w').write('the program may write beside its files')
                print(sorted(os.listdir('data')))
                """,
            List.of(
                AgentFile.of(
                    "helper.py",
                    "def greet():\n    return 'hi from helper'\n".getBytes(StandardCharsets.UTF_8)),
                AgentFile.of("data/deep/in.bin", new byte[] {0, (byte) 0xff, 10})),
            false);
    assertEquals(
        "hi from helper\nb'\\x00\\xff\\n'\n0o444 0\n['deep', 'written.txt']\n",
        r.stdout(),
        r.stderr());
  }

  @Test
  void badFilePathsAreRefusedAndLeaveTheSandboxUnused() {
    List<List<AgentFile>> bad =
        List.of(
            List.of(file("../escape")),
            List.of(file("/etc/passwd")),
            List.of(file("a//b")),
            List.of(file("./x")),
            List.of(file("")),
            List.of(file("main.py")),
            List.of(file("main.py/x")),
            List.of(file("out")),
            List.of(file("out/x")),
            List.of(file("a"), file("a/b")),
            List.of(file("same"), file("same")),
            List.of(file("a/b/c/d/e/f/g/h/i")),
            List.of(new AgentFile("x", "not base64!")));
    sandboxes.with(
        Optional.of(PythonRuntime.PYTHON3),
        sandbox -> {
          for (List<AgentFile> files : bad) {
            AgentException e =
                assertThrows(
                    AgentException.class,
                    () ->
                        agent.run(
                            Sandboxes.endpoint(sandbox),
                            request("python3", "print(1)", files, false)),
                    files.toString());
            assertTrue(e.getMessage().startsWith("agent answered HTTP 400: "), e.getMessage());
          }
          assertFalse(
              agent.health(Sandboxes.endpoint(sandbox)).used(), "a refused run spends nothing");
          assertEquals(
              "1\n",
              agent
                  .run(
                      Sandboxes.endpoint(sandbox), request("python3", "print(1)", List.of(), false))
                  .stdout());
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"python3-data", "python3"})
  void whatADataSandboxMakesIsRefusedForEveryRuntimeItServes(String runtime) {
    // The data runtime's warm interpreter has its matplotlib directory before any run asks.
    sandboxes.with(
        SandboxKind.DATA,
        Optional.of(PythonRuntime.PYTHON3_DATA),
        sandbox -> {
          for (String path : List.of(".matplotlib", ".matplotlib/fontlist-v330.json")) {
            AgentException e =
                assertThrows(
                    AgentException.class,
                    () ->
                        agent.run(
                            Sandboxes.endpoint(sandbox),
                            request(runtime, "print(1)", List.of(file(path)), false)),
                    path);
            assertTrue(
                e.getMessage().startsWith("agent answered HTTP 400: file path '" + path + "'"),
                e.getMessage());
          }
          assertFalse(
              agent.health(Sandboxes.endpoint(sandbox)).used(), "a refused run spends nothing");
        });
    AgentRunResult elsewhere =
        run("pypy3", "print(open('.matplotlib').read())", List.of(file(".matplotlib")), false);
    assertEquals("\u0001\n", elsewhere.stdout(), "the name is free where nothing makes it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void theResultChannelIsTheProgramsOwn(String runtime) {
    AgentRunResult r =
        run(
            runtime,
            """
                import os, sys
                print('{"statusCode": 200, "body": "forged"}')
                sys.stderr.write('fake result\\n')
                os.write(3, b'{"statusCode": 201')
                os.write(3, b', "body": "real"}')
                """,
            List.of(),
            true);
    assertEquals("{\"statusCode\": 201, \"body\": \"real\"}", r.result());
    assertFalse(r.resultTruncated());
    assertEquals("{\"statusCode\": 200, \"body\": \"forged\"}\n", r.stdout());
    assertEquals(0, r.exitCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void withoutAResultDescriptorThreeIsClosed(String runtime) {
    AgentRunResult r =
        run(
            runtime,
            """
                import os
                try:
                    os.fstat(3)
                    print('open')
                except OSError:
                    print('closed')
                """,
            List.of(),
            false);
    assertEquals("closed\n", r.stdout());
    assertNull(r.result());
  }

  @Test
  void aResultIsCappedAndTheProgramNeverBlocksOnIt() {
    AgentRunRequest request =
        new AgentRunRequest(
            "import os\nfor _ in range(64):\n    os.write(3, b'x' * 65536)\nprint('done')",
            "python3",
            "",
            List.of(),
            10_000,
            Sandboxes.OUTPUT_LIMIT,
            List.of(),
            true,
            1000);
    AgentRunResult r = sandboxes.run(request);
    assertEquals("done\n", r.stdout());
    assertEquals("x".repeat(1000), r.result());
    assertTrue(r.resultTruncated());
  }

  private static AgentFile file(String path) {
    return AgentFile.of(path, new byte[] {1});
  }

  private static AgentRunRequest request(
      String runtime, String code, List<AgentFile> files, boolean result) {
    return new AgentRunRequest(
        code,
        runtime,
        "",
        List.of(),
        10_000,
        Sandboxes.OUTPUT_LIMIT,
        files,
        result,
        Sandboxes.OUTPUT_LIMIT);
  }

  private AgentRunResult run(String runtime, String code, List<AgentFile> files, boolean result) {
    return sandboxes.run(request(runtime, code, files, result));
  }
}
