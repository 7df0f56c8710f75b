package io.sandgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.GatewayConfig;
import io.sandgate.agent.AgentConfig;
import io.sandgate.cluster.RedisConfig;
import io.sandgate.compat.judge0.Judge0Config;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.function.FunctionsConfig;
import io.sandgate.pool.PoolConfig;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.store.StoreConfig;
import io.sandgate.tenant.TenantsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every default lives in its config interface ({@code @WithDefault}); the table in
 * docs/configuration.md, application.properties and runner-image/build.sh must agree with it.
 */
class ConfigDefaultsTest {

  private static final Pattern TABLE_ROW =
      Pattern.compile("(?m)^\\| `(sandgate\\.[a-z0-9.-]+)` \\| `([^`]*)`");

  @Test
  void theConfigurationTableStatesEveryDefaultAsTheCodeHasIt() throws IOException {
    Map<String, String> table = new TreeMap<>();
    Matcher row = TABLE_ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
    while (row.find()) {
      table.put(row.group(1), row.group(2));
    }
    Map<String, String> defaults = defaults();
    for (Map.Entry<String, String> d : defaults.entrySet()) {
      assertEquals(
          d.getValue(), table.get(d.getKey()), "docs/configuration.md's default of " + d.getKey());
    }
  }

  @Test
  void applicationPropertiesDoesNotRestateOrContradictADefault() throws IOException {
    Properties shipped = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      shipped.load(in);
    }
    Map<String, String> defaults = defaults();
    for (String name : shipped.stringPropertyNames()) {
      assertTrue(
          !defaults.containsKey(name),
          name
              + " is set in application.properties; its default is "
              + defaults.get(name)
              + " in the config interface: keep it there only");
    }
  }

  @Test
  void theRunnerImageScriptBuildsTheDefaultImage() throws IOException {
    String script = Files.readString(Path.of("runner-image/build.sh"));
    String image = defaults().get("sandgate.sandbox.image");
    String tag = image.substring(image.indexOf(':') + 1);
    assertTrue(
        script.contains("SandboxConfig.java"), "build.sh reads the tag from the config interface");
    assertTrue(image.startsWith("sandgate-runner:") && !tag.isBlank(), image);
  }

  @Test
  void noDefaultIsRepeatedInAnExpressionOrAnInjectionPoint() throws IOException {
    Pattern expression = Pattern.compile("\\$\\{(sandgate\\.[a-z0-9.-]+):[^}]*}");
    Pattern injected = Pattern.compile("@ConfigProperty\\([^)]*defaultValue");
    Map<String, String> defaults = defaults();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.(java|properties)")).toList()) {
        String text = Files.readString(file);
        Matcher m = expression.matcher(text);
        while (m.find()) {
          if (defaults.containsKey(m.group(1))) {
            found.add(file + ": " + m.group());
          }
        }
        Matcher i = injected.matcher(text);
        while (i.find()) {
          found.add(file + ": " + i.group());
        }
      }
    }
    assertEquals(List.of(), found, "defaults belong in the config interfaces only");
  }

  static Map<String, String> defaults() {
    Map<String, String> all = new TreeMap<>();
    for (Class<?> mapping :
        new Class<?>[] {
          PoolConfig.class,
          SandboxConfig.class,
          ExecutionLimits.class,
          AgentConfig.class,
          TenantsConfig.Defaults.class,
          FunctionsConfig.class,
          RedisConfig.class,
          Judge0Config.class,
          StoreConfig.class,
          GatewayConfig.class
        }) {
      collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, all);
    }
    return all;
  }

  private static void collect(String prefix, Class<?> type, Map<String, String> into) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String name = prefix + "." + kebab(m.getName());
      WithDefault value = m.getAnnotation(WithDefault.class);
      if (value != null) {
        into.put(name, value.value());
      } else if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == type) {
        collect(name, m.getReturnType(), into);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
