package io.sandgate.sandbox;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentEndpoint;
import io.sandgate.agent.AgentException;
import io.sandgate.testing.Api;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per attack, through the public API. Each asserts that the attack failed and that the
 * gateway serves the next request normally. Subclasses run it under runc and gVisor.
 */
abstract class HostileCodeTest {

  @Inject AgentClient agent;

  static JsonPath run(String code, int timeoutMs) {
    return run(code, timeoutMs, "python3", List.of());
  }

  static JsonPath run(String code, int timeoutMs, String runtime, List<String> args) {
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("code", code, "timeoutMs", timeoutMs, "runtime", runtime, "args", args))
            .when()
            .post("/v1/executions");
    assertEquals(200, r.statusCode(), r.asString());
    return r.jsonPath();
  }

  /** After every attack the gateway must answer the next request normally. */
  @AfterEach
  void gatewayStillServes() {
    given()
        .contentType("text/plain")
        .body("print('still here')")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("still here\n"))
        .body("isError", equalTo(false));
  }

  /**
   * Runs {@code hog} (which exhausts a per-user kernel budget, prints, then holds it) and, while it
   * holds it, {@code probe} in another sandbox; returns both answers.
   */
  static List<JsonPath> whileAnotherSandboxHoldsABudget(String hog, String probe) throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      var held = two.submit(() -> run(hog + "\nimport time; time.sleep(6)", 15_000));
      var probed = two.submit(() -> run("import time; time.sleep(2)\n" + probe, 15_000));
      return List.of(held.get(), probed.get());
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void inotifyInstancesOfOneSandboxAreNotAnothers() throws Exception {
    String open =
        """
                import ctypes, os
                libc = ctypes.CDLL(None, use_errno=True)
                fds = []
                while len(fds) < 200:
                    fd = libc.inotify_init()
                    if fd < 0:
                        break
                    fds.append(fd)
                """;
    List<JsonPath> r =
        whileAnotherSandboxHoldsABudget(
            open + "print('held', len(fds))", open + "print('opened', len(fds))");
    String held = r.get(0).getString("stdout");
    assertTrue(held.startsWith("held "), held + r.get(0).getString("stderr"));
    // The host's max_user_instances (128 here) stopped the first; the second has its own budget.
    String probed = r.get(1).getString("stdout");
    assertEquals(
        held.replace("held", "opened"), probed, "another sandbox's uid has its own inotify budget");
  }

  @Test
  void pendingSignalsOfOneSandboxAreNotAnothers() throws Exception {
    // tgkill (pthread_kill) queues under RLIMIT_SIGPENDING; kill() from a user is let past it.
    String queue =
        """
                import signal, threading
                signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
                me = threading.get_ident()
                queued, refused = 0, None
                try:
                    while queued < 1_000_000:
                        signal.pthread_kill(me, signal.SIGRTMIN)
                        queued += 1
                except OSError as e:
                    refused = e.errno
                """;
    List<JsonPath> r =
        whileAnotherSandboxHoldsABudget(
            queue + "print('held', queued > 0, refused)",
            queue.replace("1_000_000", "1") + "print('queued', queued, refused)");
    // EAGAIN (11): the first sandbox filled its uid's budget of pending signals, and holds it.
    assertEquals("held True 11\n", r.get(0).getString("stdout"), r.get(0).getString("stderr"));
    assertEquals(
        "queued 1 None\n",
        r.get(1).getString("stdout"),
        "RLIMIT_SIGPENDING counts per uid: not shared");
  }

  @Test
  void messageQueueBytesOfOneSandboxAreNotAnothers() throws Exception {
    // RLIMIT_MSGQUEUE (800 KiB) is charged to the uid, across IPC namespaces; ten 8 KiB messages a
    // queue.
    String open =
        """
                import ctypes, os
                libc = ctypes.CDLL(None, use_errno=True)
                libc.mq_open.restype = ctypes.c_int
                queues, refused = [], None
                while len(queues) < 100:
                    q = libc.mq_open(("/q%d" % len(queues)).encode(), os.O_CREAT | os.O_RDWR, 0o600, None)
                    if q < 0:
                        refused = ctypes.get_errno()
                        break
                    queues.append(q)
                """;
    List<JsonPath> r =
        whileAnotherSandboxHoldsABudget(
            open + "print('held', len(queues) > 0, refused)",
            open.replace("< 100", "< 1") + "print('opened', len(queues), refused)");
    // EMFILE (24): the first sandbox used its uid's whole allowance, and holds it.
    assertEquals(
        enforcesMessageQueueBytes() ? "held True 24\n" : "held True None\n",
        r.get(0).getString("stdout"),
        r.get(0).getString("stderr"));
    assertEquals(
        "opened 1 None\n",
        r.get(1).getString("stdout"),
        "message-queue bytes count per uid: not shared");
  }

  /** Whether the sandbox's kernel bounds a user's message-queue bytes (RLIMIT_MSGQUEUE). */
  boolean enforcesMessageQueueBytes() {
    return true;
  }

  @Test
  void twoSandboxesRunningAtOnceHaveDifferentUids() throws Exception {
    List<JsonPath> r =
        whileAnotherSandboxHoldsABudget(
            "import os; print(os.getuid())", "import os; print(os.getuid())");
    assertNotEquals(r.get(0).getString("stdout"), r.get(1).getString("stdout"));
  }

  @Test
  void forkBomb() {
    JsonPath r =
        run(
            """
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """,
            3000);
    assertTrue(r.getBoolean("isError"));
    assertTrue(r.getBoolean("timedOut") || r.getBoolean("oomKilled"), r.prettify());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void aCleanProgramHasAnEmptyStderr(String runtime) {
    JsonPath r = run("print('clean')", 10_000, runtime, List.of());
    assertEquals("clean\n", r.getString("stdout"));
    assertEquals("", r.getString("stderr"), "the runtime itself wrote to stderr");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void twoThousandSleepingInterpretersMeetTheProcessCapNotTheMemoryLimit(String runtime) {
    // Each child is a whole interpreter (no exec): the defaults must leave room for as many as the
    // cap allows.
    // A sandbox that met its memory limit first would answer oomKilled, with the program's output
    // lost.
    JsonPath r =
        run(
            """
                import os, time, errno
                n = 0
                try:
                    for _ in range(2000):
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        n += 1
                except OSError as e:
                    print(n, errno.errorcode[e.errno])
                """,
            15_000,
            runtime,
            List.of());
    assertFalse(r.getBoolean("oomKilled"), r.prettify());
    String[] out = r.getString("stdout").trim().split(" ");
    assertEquals(2, out.length, r.prettify());
    assertEquals("EAGAIN", out[1], r.prettify());
  }

  @Test
  void processCountStopsAtThePidsLimit() {
    JsonPath r =
        run(
            """
                import os, errno
                n = 0
                try:
                    while True:
                        if os.fork() == 0:
                            # A tiny process, so that the process cap, not memory, stops the loop.
                            os.execv('/bin/sleep', ['sleep', '60'])
                        n += 1
                except OSError as e:
                    print(n, errno.errorcode[e.errno])
                """,
            10000);
    String[] out = r.getString("stdout").trim().split(" ");
    assertEquals(2, out.length, r.prettify());
    assertEquals("EAGAIN", out[1], r.prettify());
    assertTrue(Integer.parseInt(out[0]) <= 64, "processes made: " + out[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void memoryBombByOneHugeAllocation(String runtime) {
    JsonPath r = run("x = bytearray(1024 * 1024 * 1024)\nprint(len(x))", 20000, runtime, List.of());
    assertFalse(r.getBoolean("timedOut"), "a memory bomb is not a timeout");
    assertTrue(r.getBoolean("isError"));
    assertTrue(
        r.getBoolean("oomKilled") || r.getString("stderr").contains("MemoryError"), r.prettify());
    assertEquals("", r.getString("stdout"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void memoryBombBySlowGrowth(String runtime) {
    JsonPath r =
        run(
            """
                import time
                hoard = []
                while True:
                    hoard.append(bytearray(4 * 1024 * 1024))
                    time.sleep(0.01)
                """,
            25000,
            runtime,
            List.of());
    assertFalse(r.getBoolean("timedOut"), "a memory bomb is not a timeout: " + r.prettify());
    assertTrue(
        r.getBoolean("oomKilled") || r.getString("stderr").contains("MemoryError"), r.prettify());
  }

  @Test
  void busyLoopIsKilledAtTheTimeout() {
    JsonPath r = run("while True: pass", 1500);
    assertTrue(r.getBoolean("timedOut"));
    assertEquals(137, r.getInt("exitCode"));
    assertTrue(r.getLong("durationMs") >= 1500);
    assertTrue(r.getLong("durationMs") < 1500 + 10_000, "answered within timeout + grace");
  }

  @Test
  void longSleepIsKilledAtTheTimeout() {
    JsonPath r = run("import time\ntime.sleep(3600)", 1000);
    assertTrue(r.getBoolean("timedOut"));
    assertTrue(r.getLong("durationMs") < 1000 + 10_000);
  }

  @Test
  void stoppedGroupThenSpinIsKilledAtTheTimeout() {
    JsonPath r =
        run(
            """
                import os, signal
                if os.fork() == 0:
                    while True: pass
                os.kill(0, signal.SIGSTOP)
                while True: pass
                """,
            1000);
    assertTrue(r.getBoolean("timedOut"));
    assertTrue(r.getLong("durationMs") < 1000 + 10_000);
  }

  @Test
  void detachedChildDiesWithItsParent() {
    JsonPath r =
        run(
            """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        while True: pass
                    os._exit(0)
                time.sleep(0.2)
                print('parent exits')
                """,
            20000);
    assertEquals("parent exits\n", r.getString("stdout"));
    assertFalse(r.getBoolean("timedOut"), "the run ends with its main program");
    assertEquals(0, r.getInt("exitCode"));
  }

  @Test
  void detachedChildIsKilledWhenTheParentTimesOut() {
    JsonPath r =
        run(
            """
                import os
                if os.fork() == 0:
                    os.setsid()
                    while True: pass
                while True: pass
                """,
            1000);
    assertTrue(r.getBoolean("timedOut"));
  }

  @Test
  void rootFilesystemIsReadOnly() {
    JsonPath r =
        run(
            """
                import errno, os
                root = [l.split() for l in open('/proc/mounts') if l.split()[1] == '/'][-1]
                print('root read-only', 'ro' in root[3].split(','))
                for path in ('/evil', '/usr/lib/evil', '/usr/lib/python3/dist-packages/sandgate_agent/__main__.py', '/etc/passwd'):
                    try:
                        open(path, 'a').write('x')
                        print(path, 'WRITTEN')
                    except OSError as e:
                        print(path, errno.errorcode[e.errno])
                """,
            5000);
    String out = r.getString("stdout");
    assertTrue(out.startsWith("root read-only True\n"), out);
    assertFalse(out.contains("WRITTEN"), out);
  }

  @Test
  void tmpStopsAtItsSize() {
    JsonPath r =
        run(
            """
                import errno
                written = 0
                try:
                    for i in range(100):
                        with open('/tmp/fill-%d' % i, 'wb') as f:
                            for _ in range(4):
                                f.write(b'x' * 1024 * 1024)
                                f.flush()
                                written += 1
                except OSError as e:
                    print(written, errno.errorcode[e.errno])
                """,
            10000);
    String[] out = r.getString("stdout").trim().split(" ");
    assertEquals("ENOSPC", out[1], r.prettify());
    assertTrue(Integer.parseInt(out[0]) <= 16, "MiB written: " + out[0]);
  }

  @Test
  void hugeFileIsRefusedByTheFileSizeLimit() {
    JsonPath r =
        run(
            """
                import os
                try:
                    with open('/tmp/huge', 'wb') as f:
                        for _ in range(12):
                            f.write(b'x' * 1024 * 1024)
                            f.flush()
                except OSError as e:
                    print('refused', e.strerror)
                print(os.path.getsize('/tmp/huge'))
                """,
            10000);
    String out = r.getString("stdout");
    assertTrue(out.startsWith("refused File too large"), r.prettify());
    assertTrue(Long.parseLong(out.trim().split("\n")[1]) <= 8 * 1024 * 1024);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdout", "stderr"})
  void outputFloodIsCut(String stream) {
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "runtime",
                    "pypy3",
                    "timeoutMs",
                    5000,
                    "code",
                    "import sys\nline = 'z' * 1023 + '\\n'\nwhile True: sys."
                        + stream
                        + ".write(line)"))
            .when()
            .post("/v1/executions");
    assertEquals(200, response.statusCode());
    JsonPath r = response.jsonPath();
    assertTrue(r.getBoolean("outputTruncated"));
    assertTrue(r.getBoolean("timedOut"));
    assertEquals(1024 * 1024, r.getString(stream).length());
    assertTrue(response.asByteArray().length < 2 * 1024 * 1024 + 4096, "the answer stays small");
  }

  @Test
  void concurrentFloodsOfControlCharactersAllGetTheirAnswer() throws Exception {
    // Each answer is ~24 MB of JSON escapes from the agent; read all at once they would crowd
    // the heap. The answer budget lets them through in turn, and gives every byte back.
    // A fixed 1.5 MB per stream, then exit: past the 1-MB cut however slow the sandbox runs.
    String code =
        "import sys\nline = '\\x01' * 1023 + '\\n'\nfor _ in range(1536):\n"
            + "    sys.stdout.write(line); sys.stderr.write(line)";
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(
            clients.submit(
                () ->
                    given()
                        .contentType(ContentType.JSON)
                        .body(Map.of("runtime", "python3", "timeoutMs", 30000, "code", code))
                        .when()
                        .post("/v1/executions")));
      }
      for (Future<Response> answer : answers) {
        Response r = answer.get();
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getBoolean("outputTruncated"));
        assertEquals(1024 * 1024, r.jsonPath().getString("stdout").length());
      }
    } finally {
      clients.shutdownNow();
    }
    String metrics =
        RestAssured.given()
            .port(9001)
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(
        metrics.contains("\nsandgate_agent_answer_bytes 0.0"), "every answer byte given back");
  }

  @Test
  void onlyLoopbackExists() {
    JsonPath r =
        run(
            """
                names = [l.split(':')[0].strip() for l in open('/proc/net/dev').read().splitlines()[2:]]
                print(sorted(names))
                """,
            5000);
    assertEquals("['lo']\n", r.getString("stdout"));
  }

  @Test
  void noRouteToTheBridgeOrTheHost() throws Exception {
    List<String> targets =
        new ArrayList<>(List.of("172.17.0.1:80", "172.17.0.1:2375", "10.0.0.1:80"));
    for (String address : hostAddresses()) {
      targets.add(address + ":" + io.restassured.RestAssured.port);
      targets.add(address + ":22");
    }
    JsonPath r =
        run(
            """
                import socket, sys, errno
                for target in sys.argv[1:]:
                    host, port = target.rsplit(':', 1)
                    s = socket.socket()
                    s.settimeout(3)
                    try:
                        s.connect((host, int(port)))
                        print(target, 'CONNECTED')
                    except OSError as e:
                        print(target, errno.errorcode.get(e.errno, e))
                try:
                    socket.getaddrinfo('example.com', 80)
                    print('dns RESOLVED')
                except OSError as e:
                    print('dns', type(e).__name__)
                """,
            20000,
            "python3",
            targets);
    String out = r.getString("stdout");
    assertFalse(out.contains("CONNECTED"), out);
    assertFalse(out.contains("RESOLVED"), out);
    assertEquals(targets.size() + 1, out.lines().count(), out);
  }

  @Test
  void programIsUnprivileged() {
    JsonPath r =
        run(
            """
                import ctypes, os
                status = dict(l.split(':', 1) for l in open('/proc/self/status').read().splitlines())
                print('uid', os.getuid(), os.geteuid())
                print('CapEff', status['CapEff'].strip())
                print('CapPrm', status['CapPrm'].strip())
                PR_GET_NO_NEW_PRIVS = 39
                print('NoNewPrivs', ctypes.CDLL(None).prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0))
                try:
                    open('/etc/shadow').read()
                    print('shadow READ')
                except OSError as e:
                    print('shadow', type(e).__name__)
                try:
                    os.setuid(0)
                    print('setuid WORKED')
                except OSError as e:
                    print('setuid', type(e).__name__)
                """,
            5000);
    String out = r.getString("stdout");
    int uid = Integer.parseInt(out.lines().findFirst().orElseThrow().split(" ")[1]);
    assertTrue(
        uid >= 1_000_000 && uid < 1_065_536,
        "a sandbox uid of the configured range, not nobody: " + uid);
    assertEquals(
        """
                uid %d %d
                CapEff 0000000000000000
                CapPrm 0000000000000000
                NoNewPrivs 1
                shadow PermissionError
                setuid PermissionError
                """
            .formatted(uid, uid),
        out);
  }

  @Test
  void theHostKernelsIoUringIsOutOfReach() {
    JsonPath r =
        run(
            """
                import ctypes, errno
                libc = ctypes.CDLL(None, use_errno=True)
                libc.syscall.restype = ctypes.c_long
                params = ctypes.create_string_buffer(120)  # struct io_uring_params, zeroed
                fd = libc.syscall(ctypes.c_long(425), ctypes.c_long(8), params)  # io_uring_setup on x86_64
                if fd < 0:
                    print('refused', errno.errorcode[ctypes.get_errno()])
                else:
                    # The host kernel (5.6 and later) lists a ring's state in its fdinfo; gVisor's own ring does not.
                    info = open('/proc/self/fdinfo/%d' % fd).read()
                    print('ring of the', 'host kernel' if 'SqMask' in info or 'UserFiles' in info else 'sandbox kernel')
                """,
            5000);
    assertTrue(ioUringOutcomes().contains(r.getString("stdout")), r.prettify());
  }

  /**
   * What {@code io_uring_setup} may give the program: a refusal, by the seccomp profile or a kernel
   * without it.
   */
  Set<String> ioUringOutcomes() {
    return Set.of("refused EPERM\n", "refused ENOSYS\n");
  }

  /**
   * Syscalls behind kernel escapes, and the socket families later Docker refused: each call as its
   * arguments.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
            userfaultfd        | 323, 0
            keyctl             | 250, 0, -3, 1
            bpf                | 321, 0, attr, 72
            perf_event_open    | 298, attr, 0, -1, -1, 0
            unshare            | 272, 0x10000000
            mount              | 165, b'none', b'/tmp', b'tmpfs', 0, 0
            ptrace             | 101, 16, 1, 0, 0
            socket AF_VSOCK    | 41, 40, 1, 0
            socket AF_ALG      | 41, 38, 5, 0
            """)
  void syscallsBehindKernelEscapesAreRefused(String name, String call) {
    // Arguments that would succeed where nothing refuses the call: a zeroed attribute (bpf's map,
    // perf's cycles of this process), the session keyring, a user namespace, a tmpfs, the init.
    JsonPath r =
        run(
            """
                import ctypes, errno, sys
                libc = ctypes.CDLL(None, use_errno=True)
                libc.syscall.restype = ctypes.c_long
                attr = ctypes.create_string_buffer(256)
                call = eval('(' + sys.argv[1] + ',)')
                result = libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else a for a in call])
                print('refused ' + errno.errorcode[ctypes.get_errno()] if result < 0 else 'made')
                """,
            5000,
            "python3",
            List.of(call));
    String out = r.getString("stdout");
    if (servedBySandboxKernel().contains(name)) {
      assertTrue(out.equals("made\n") || out.startsWith("refused "), r.prettify());
    } else {
      assertTrue(out.startsWith("refused "), name + ": " + r.prettify());
    }
  }

  /** Calls the sandbox's own kernel may serve, out of the host kernel's reach. */
  Set<String> servedBySandboxKernel() {
    return Set.of();
  }

  @Test
  void theI386SocketCallCannotReachARefusedFamily() {
    // A 64-bit process may still enter the kernel through int 0x80, where socket() is socketcall's
    // SYS_SOCKET: the family check on socket() must not be the only fence.
    JsonPath r =
        run(
            """
                import ctypes, errno, os, stat, struct
                libc = ctypes.CDLL(None, use_errno=True)
                libc.mmap.restype = ctypes.c_void_p
                libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t] + [ctypes.c_int] * 3 + [ctypes.c_long]
                # Read, write, execute; private, anonymous, below 4 GiB (MAP_32BIT), where int 0x80 can point.
                page = libc.mmap(None, 4096, 7, 0x22 | 0x40, -1, 0)
                args = page + 2048
                ctypes.memmove(args, struct.pack('<III', 40, 1, 0), 12)  # AF_VSOCK, SOCK_STREAM, 0
                # push rbx; mov eax, 102 (socketcall); mov ebx, 1 (SYS_SOCKET); mov ecx, args; int 0x80; pop rbx; ret
                code = b'\\x53\\xb8' + struct.pack('<I', 102) + b'\\xbb' + struct.pack('<I', 1)
                code += b'\\xb9' + struct.pack('<I', args) + b'\\xcd\\x80\\x5b\\xc3'
                ctypes.memmove(page, code, len(code))
                result = ctypes.CFUNCTYPE(ctypes.c_int)(page)()
                if result < 0:
                    print('refused', errno.errorcode[-result])
                else:
                    try:
                        print('socket made' if stat.S_ISSOCK(os.fstat(result).st_mode) else 'no socket')
                    except OSError:
                        print('no socket')
                """,
            5000);
    String out = r.getString("stdout");
    assertTrue(out.startsWith("refused ") || out.equals("no socket\n"), r.prettify());
  }

  @Test
  void agentCannotBeSignalledReadOrReached() {
    JsonPath r =
        run(
            """
                import os, socket, signal
                mine = os.getuid()
                others = []
                for p in os.listdir('/proc'):
                    if p.isdigit() and os.stat('/proc/' + p).st_uid != mine:
                        others.append(int(p))
                print('others', len(others) > 0)
                for pid in others:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        print(pid, 'KILLED')
                    except OSError as e:
                        print('kill', type(e).__name__)
                try:
                    os.listdir('/run/sandgate')
                    print('dir LISTED')
                except OSError as e:
                    print('list', type(e).__name__)
                try:
                    open('/run/sandgate/x', 'w')
                    print('dir WRITTEN')
                except OSError as e:
                    print('write', type(e).__name__)
                s = socket.socket(socket.AF_UNIX)
                try:
                    s.connect('/run/sandgate/agent.sock')
                    print('socket CONNECTED')
                except OSError as e:
                    print('connect', type(e).__name__)
                """,
            5000);
    String out = r.getString("stdout");
    assertTrue(out.startsWith("others True"), out);
    assertFalse(
        out.contains("KILLED")
            || out.contains("LISTED")
            || out.contains("WRITTEN")
            || out.contains("CONNECTED"),
        out);
    assertTrue(out.contains("kill PermissionError"), out);
    assertTrue(out.contains("connect PermissionError"), out);
  }

  @Test
  void killingEverythingVisibleLeavesTheAgentToAnswer() {
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "runtime",
                    "python3",
                    "code",
                    """
                import os, signal
                for p in os.listdir('/proc'):
                    if p.isdigit() and int(p) != os.getpid():
                        try:
                            os.kill(int(p), signal.SIGKILL)
                        except OSError:
                            pass
                os.kill(-1, signal.SIGKILL)
                print('survived')
                """))
            .when()
            .post("/v1/executions");
    // The program lives on alone, or its kill(-1) takes only itself (kernels differ here);
    // whatever it did, the agent and init were out of its reach, so the answer is its result.
    assertEquals(200, response.statusCode(), response.asString());
    JsonPath r = response.jsonPath();
    assertTrue(r.get("exitCode") != null, r.prettify());
    assertFalse(r.getBoolean("timedOut"), r.prettify());
  }

  @Test
  void symlinkWhereTheSocketBelongsIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("sandgate-planted");
    Path socket = dir.resolve("agent.sock");
    // The engine's own socket would answer HTTP: the gateway must not even connect.
    Files.createSymbolicLink(socket, Path.of("/var/run/docker.sock"));
    try {
      AgentException e =
          assertThrows(AgentException.class, () -> agent.health(AgentEndpoint.unix(socket)));
      assertEquals(AgentException.Reason.NOT_A_SOCKET, e.reason());
      Files.delete(socket);
      Files.createFile(socket);
      e = assertThrows(AgentException.class, () -> agent.health(AgentEndpoint.unix(socket)));
      assertEquals(AgentException.Reason.NOT_A_SOCKET, e.reason());
    } finally {
      Files.deleteIfExists(socket);
      Files.delete(dir);
    }
  }

  @Test
  void gatewayConfigurationIsNotVisible() {
    JsonPath r =
        run(
            """
                import os
                leaked = [k for k in os.environ if k.startswith(('SANDGATE_TENANT', 'QUARKUS', 'JAVA'))]
                print('env', leaked)
                seen = []
                for p in os.listdir('/proc'):
                    if p.isdigit():
                        try:
                            seen.append(open('/proc/%s/environ' % p, 'rb').read())
                        except OSError:
                            pass
                import sys
                print('key', any(sys.argv[1].encode() in e for e in seen))
                """,
            5000, "python3", List.of(Api.KEY.substring(0, 8) + "-probe"));
    assertEquals("env []\nkey False\n", r.getString("stdout"));
    JsonPath env = run("import os\nprint(sorted(os.environ))", 5000);
    assertFalse(env.getString("stdout").contains("KEY"), env.getString("stdout"));
    // The key is split so that the probe's own source does not contain it.
    String half = Api.KEY.substring(0, Api.KEY.length() / 2);
    JsonPath files =
        run(
            """
                import os, sys
                needle = (sys.argv[1] + sys.argv[2]).encode()
                hits = []
                for root in ('/etc', '/opt', '/run', '/tmp', '/root'):
                    for d, _, fs in os.walk(root):
                        for f in fs:
                            try:
                                if needle in open(os.path.join(d, f), 'rb').read(1 << 20):
                                    hits.append(os.path.join(d, f))
                            except OSError:
                                pass
                print(hits)
                """,
            10000,
            "python3",
            List.of(half, Api.KEY.substring(half.length())));
    assertEquals("[]\n", files.getString("stdout"));
  }

  @Test
  void nothingOfOneRunIsSeenByTheNext() {
    String probe =
        """
                import os
                print(sorted(f for f in os.listdir('/tmp') if f.startswith('left-')))
                open('/tmp/left-%d' % os.getpid(), 'w').write('secret')
                """;
    for (int i = 0; i < 6; i++) {
      assertEquals("[]\n", run(probe, 5000).getString("stdout"));
    }
  }

  private static List<String> hostAddresses() throws Exception {
    List<String> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          addresses.add(a.getHostAddress());
        }
      }
    }
    assertNotEquals(List.of(), addresses, "the host has an address to aim at");
    return addresses;
  }
}
