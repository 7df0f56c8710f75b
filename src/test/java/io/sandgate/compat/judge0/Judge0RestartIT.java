package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PoolProbe;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nothing accepted is lost to a crash: a gateway killed with SIGKILL while a submission runs; the
 * next one on the same store answers for it as Internal Error (13), never Processing forever, and a
 * result stored before the crash is still there.
 */
class Judge0RestartIT {

  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([0-9a-f-]{36})\"");

  @Test
  void aRunInFlightAtACrashIsAnInternalErrorAfterTheRestart() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> store =
        Map.of(
            "sandgate.data-dir",
            Path.of("target", "it-data", "judge0-" + suffix).toAbsolutePath().toString(),
            "sandgate.pool.size",
            "1");
    String done;
    String inFlight;
    GatewayProcess first = GatewayProcess.start("it-judge0-a-" + suffix, 18187, 19197, store);
    try {
      done =
          token(
              first.send(
                  "POST",
                  "/submissions?wait=true",
                  "{\"source_code\": \"print('kept')\", \"language_id\": 71}"));
      inFlight =
          token(
              first.send(
                  "POST",
                  "/submissions",
                  "{\"source_code\": \"import time\\ntime.sleep(60)\", \"language_id\": 71}"));
      PoolProbe.await(() -> status(first, inFlight) == 2, "the submission to be processing");
    } finally {
      first.kill();
    }
    try (GatewayProcess next = GatewayProcess.start("it-judge0-b-" + suffix, 18188, 19198, store)) {
      HttpResponse<String> lost =
          next.send("GET", "/submissions/" + inFlight + "?fields=status,message", null);
      assertEquals(200, lost.statusCode(), lost.body());
      assertTrue(
          lost.body().contains("\"id\":13") && lost.body().contains("Internal Error"), lost.body());
      assertTrue(lost.body().contains("stopped before this submission finished"), lost.body());
      HttpResponse<String> kept = next.send("GET", "/submissions/" + done, null);
      assertTrue(
          kept.body().contains("\"stdout\":\"kept\\n\"") && kept.body().contains("\"id\":3"),
          kept.body());
    }
  }

  private static int status(GatewayProcess gateway, String token) {
    try {
      String body = gateway.send("GET", "/submissions/" + token + "?fields=status_id", null).body();
      Matcher m = Pattern.compile("\"status_id\":(\\d+)").matcher(body);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static String token(HttpResponse<String> answer) {
    assertEquals(201, answer.statusCode(), answer.body());
    Matcher m = TOKEN.matcher(answer.body());
    assertTrue(m.find(), answer.body());
    return m.group(1);
  }
}
