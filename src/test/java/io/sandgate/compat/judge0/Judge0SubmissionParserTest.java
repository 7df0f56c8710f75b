package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Judge0's checks, defaults and messages, with Sandgate's limits inside its maximums. */
class Judge0SubmissionParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Judge0SubmissionParser.Limits LIMITS =
      Judge0SubmissionParser.Limits.of(30, 1 << 20, CallbackTargets.publicOnly());

  @Test
  void aMissingLanguageIsBlankAndUnknownAsJudge0SaysIt() {
    assertEquals(
        Map.of("language_id", List.of("can't be blank", "language with id  doesn't exist")),
        errors("{\"source_code\": \"print(1)\"}"));
    assertEquals(
        Map.of("language_id", List.of("language with id 150000 doesn't exist")),
        errors("{\"source_code\": \"print(1)\", \"language_id\": 150000, \"stdin\": \"world\"}"));
    assertEquals(
        Map.of("source_code", List.of("can't be blank")),
        errors("{\"source_code\": \"  \", \"language_id\": 71}"));
  }

  @Test
  void limitsPastTheMaximumsAreRefusedWithJudge0sWords() {
    assertEquals(
        Map.of("wall_time_limit", List.of("must be less than or equal to 20.0")),
        errors(
            "{\"source_code\": \"print(1)\", \"language_id\": 71, \"wall_time_limit\": 100000}"));
    Judge0SubmissionParser.Parsed tight =
        Judge0SubmissionParser.parse(
            json("{\"source_code\": \"x\"," + " \"language_id\": 71, \"cpu_time_limit\": 6}"),
            Judge0Text.PLAIN,
            Judge0SubmissionParser.Limits.of(5, 1 << 20, CallbackTargets.publicOnly()));
    assertEquals(
        Map.of("cpu_time_limit", List.of("must be less than or equal to 5.0")),
        tight.errors(),
        "the tenant's longest run is the maximum where it is lower");
    Map<String, List<String>> many =
        errors(
            "{\"source_code\": \"\", \"language_id\": 71, \"memory_limit\": 100,"
                + " \"number_of_runs\": 0, \"cpu_time_limit\": \"abc\", \"enable_network\": true,"
                + " \"additional_files\": \"UEsDBA==\", \"compiler_options\": \"-O2\"}");
    assertEquals(
        List.of(
            "source_code",
            "number_of_runs",
            "cpu_time_limit",
            "memory_limit",
            "compiler_options",
            "additional_files",
            "enable_network"),
        List.copyOf(many.keySet()),
        "every field at once, in order");
    assertEquals(List.of("must be greater than or equal to 2048"), many.get("memory_limit"));
    assertEquals(List.of("must be greater than 0"), many.get("number_of_runs"));
    assertEquals(List.of("is not a number"), many.get("cpu_time_limit"));
  }

  @Test
  void defaultsAndRailsStyleCastsApply() {
    Judge0Submission s =
        submission("{\"source_code\": \"print(1)\", \"language_id\": \"71\", \"unknown\": 1}");
    assertEquals(71, s.language_id());
    assertEquals(5.0, s.cpu_time_limit());
    assertEquals(10.0, s.wall_time_limit());
    assertEquals(128000, s.memory_limit());
    assertEquals(
        Duration.ofSeconds(6),
        s.timeout(),
        "the CPU budget (5 + 1 s) is tighter than the wall clock");
    Judge0Submission wall =
        submission("{\"source_code\": \"x\", \"language_id\": 1071, \"wall_time_limit\": 2.5}");
    assertEquals(Duration.ofMillis(2500), wall.timeout());
  }

  @Test
  void base64FieldsAreDecodedLeniently() {
    Judge0Submission s =
        Judge0SubmissionParser.parse(
                json(
                    "{\"source_code\": \"cHJpbnQo\\naW5wdXQoKSk=\\n\","
                        + " \"language_id\": 71, \"stdin\": \"SnVkZ2Uw\"}"),
                Judge0Text.BASE64,
                LIMITS)
            .submission();
    assertEquals("print(input())", s.source_code());
    assertEquals("Judge0", s.stdin());
  }

  @Test
  void argumentsAreSplitAsTheRunScriptSplitsThem() {
    Judge0Submission s =
        submission(
            "{\"source_code\": \"x\", \"language_id\": 71, \"command_line_arguments\":"
                + " \"a  'b c' \\\"d\\\" e;rm $HOME\"}");
    assertEquals(List.of("a", "b c", "d", "erm", "HOME"), s.args());
  }

  @Test
  void callbacksToTheGatewaysOwnNetworkAreRefused() {
    Map<String, List<String>> e =
        errors(
            "{\"source_code\": \"x\", \"language_id\": 71, \"callback_url\":"
                + " \"http://127.0.0.1:9/done\"}");
    assertEquals(List.of(CallbackTargets.PUBLIC_ONLY), e.get("callback_url"));
    assertEquals(
        List.of("must be an http or https URL"),
        errors(
                "{\"source_code\": \"x\", \"language_id\": 71,"
                    + " \"callback_url\": \"file:///etc/passwd\"}")
            .get("callback_url"));
  }

  private static Map<String, List<String>> errors(String body) {
    return Judge0SubmissionParser.parse(json(body), Judge0Text.PLAIN, LIMITS).errors();
  }

  private static Judge0Submission submission(String body) {
    Judge0SubmissionParser.Parsed parsed =
        Judge0SubmissionParser.parse(json(body), Judge0Text.PLAIN, LIMITS);
    assertTrue(parsed.valid(), parsed.errors().toString());
    return parsed.submission();
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
