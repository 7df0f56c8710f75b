package io.sandgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Renders k8s/ with kubectl kustomize and checks the objects against the gateway's own
 * configuration.
 */
class KubernetesManifestsTest {

  private static final int FUNCTIONS_PORT = 8090;

  private static final Set<String> HEALTH_PATHS =
      Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

  static List<HasMetadata> render(String dir) throws Exception {
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "kubectl kustomize " + dir + " failed (is kubectl installed? .ci/run installs it)");
    StringBuilder list = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
    for (String doc : yaml.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        list.append("- ").append(doc.strip().replace("\n", "\n  ")).append('\n');
      }
    }
    return Serialization.unmarshal(list.toString(), KubernetesList.class).getItems();
  }

  static Properties applicationProperties() throws IOException {
    Properties props = new Properties();
    try (InputStream in =
        KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
      props.load(in);
    }
    return props;
  }

  @SuppressWarnings("unchecked")
  static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<HasMetadata> found = objects.stream().filter(type::isInstance).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return (T) found.get(0);
  }

  @Test
  void baseRendersTypedObjectsThatMatchTheConfiguration() throws Exception {
    List<HasMetadata> objects = render("k8s");
    assertEquals(
        Set.of(
            "Namespace",
            "ServiceAccount",
            "ConfigMap",
            "Secret",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler",
            "NetworkPolicy"),
        objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
    objects.stream()
        .filter(o -> !o.getKind().equals("Namespace"))
        .forEach(o -> assertEquals("sandgate", o.getMetadata().getNamespace(), o.getKind()));

    Properties props = applicationProperties();
    int httpPort = Integer.parseInt(props.getProperty("quarkus.http.port"));
    int managementPort = Integer.parseInt(props.getProperty("quarkus.management.port"));

    Deployment deployment = only(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertFalse(pod.getAutomountServiceAccountToken());
    Container gateway =
        pod.getContainers().stream()
            .filter(c -> c.getName().equals("gateway"))
            .findFirst()
            .orElseThrow();
    Map<String, Integer> ports =
        gateway.getPorts().stream()
            .collect(Collectors.toMap(p -> p.getName(), p -> p.getContainerPort()));
    // The functions' port is FunctionsConfig's default (sandgate.functions.origin.port).
    assertEquals(
        Map.of("http", httpPort, "functions", FUNCTIONS_PORT, "management", managementPort), ports);
    for (Probe probe :
        List.of(
            gateway.getLivenessProbe(), gateway.getReadinessProbe(), gateway.getStartupProbe())) {
      assertNotNull(probe);
      assertTrue(HEALTH_PATHS.contains(probe.getHttpGet().getPath()), probe.getHttpGet().getPath());
      assertEquals("management", probe.getHttpGet().getPort().getStrVal());
    }
    assertEquals("/q/health/ready", gateway.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/q/health/live", gateway.getLivenessProbe().getHttpGet().getPath());
    var security = gateway.getSecurityContext();
    assertTrue(security.getRunAsNonRoot());
    assertTrue(security.getReadOnlyRootFilesystem());
    assertFalse(security.getAllowPrivilegeEscalation());
    assertFalse(Boolean.TRUE.equals(security.getPrivileged()));
    assertNotNull(gateway.getResources().getLimits().get("memory"));
    // Only the DinD sidecar is privileged.
    List<String> privileged =
        pod.getInitContainers().stream()
            .filter(
                c ->
                    c.getSecurityContext() != null
                        && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()))
            .map(Container::getName)
            .toList();
    assertEquals(List.of("dind"), privileged);

    ConfigMap config = only(objects, ConfigMap.class);
    assertEquals(
        Long.toString(security.getRunAsGroup()),
        config.getData().get("SANDGATE_SANDBOX_SOCKET_GID"));
    assertTrue(
        config.getData().get("SANDGATE_SANDBOX_DOCKER_HOST").startsWith("unix:///var/run/dind/"));

    Service service = only(objects, Service.class);
    assertEquals(
        List.of("http", "functions"),
        service.getSpec().getPorts().stream().map(p -> p.getTargetPort().getStrVal()).toList());

    NetworkPolicy policy = only(objects, NetworkPolicy.class);
    var rules = policy.getSpec().getIngress();
    assertTrue(
        rules.stream()
            .anyMatch(
                r ->
                    (r.getFrom() == null || r.getFrom().isEmpty())
                        && r.getPorts().get(0).getPort().getIntVal() == httpPort
                        && r.getPorts().stream()
                            .anyMatch(port -> port.getPort().getIntVal() == FUNCTIONS_PORT)),
        "the API and functions ports are open to the cluster");
    var management =
        rules.stream()
            .filter(r -> r.getPorts().get(0).getPort().getIntVal() == managementPort)
            .findFirst()
            .orElseThrow();
    assertEquals(
        "monitoring",
        management
            .getFrom()
            .get(0)
            .getNamespaceSelector()
            .getMatchLabels()
            .get("kubernetes.io/metadata.name"));
    assertFalse(only(objects, ServiceAccount.class).getAutomountServiceAccountToken());
  }

  @Test
  void theNativeGatewayIsTheDefaultAndTheJvmOverlayGivesItsMemory() throws Exception {
    Container nativeGateway = gateway(render("k8s"));
    assertEquals("sandgate-gateway:0.1.0-native", nativeGateway.getImage());
    Container jvmGateway = gateway(render("k8s/overlays/jvm"));
    assertEquals("sandgate-gateway:0.1.0", jvmGateway.getImage());
    Quantity nativeLimit = nativeGateway.getResources().getLimits().get("memory");
    Quantity jvmLimit = jvmGateway.getResources().getLimits().get("memory");
    assertTrue(
        nativeLimit.getNumericalAmount().compareTo(jvmLimit.getNumericalAmount()) < 0,
        nativeLimit + " vs " + jvmLimit);
    // The native binary's heap bound (Dockerfile.native-micro) fits inside its limit with room for
    // the rest.
    String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.native-micro"));
    Matcher xmx = Pattern.compile("\"-Xmx(\\d+)m\"").matcher(dockerfile);
    assertTrue(xmx.find(), "Dockerfile.native-micro sets -Xmx");
    long heapBytes = Long.parseLong(xmx.group(1)) * 1024 * 1024;
    assertTrue(
        heapBytes * 2 <= nativeLimit.getNumericalAmount().longValue(), nativeLimit.toString());
  }

  private static Container gateway(List<HasMetadata> objects) {
    return only(objects, Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .stream()
        .filter(c -> c.getName().equals("gateway"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void hostDockerOverlayDropsTheSidecar() throws Exception {
    List<HasMetadata> objects = render("k8s/overlays/host-docker");
    var pod = only(objects, Deployment.class).getSpec().getTemplate().getSpec();
    assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty());
    assertEquals(List.of("gateway"), pod.getContainers().stream().map(Container::getName).toList());
    assertEquals(
        "/var/run/docker.sock",
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("docker-socket"))
            .findFirst()
            .orElseThrow()
            .getHostPath()
            .getPath());
    ConfigMap config = only(objects, ConfigMap.class);
    assertEquals(
        "unix:///var/run/docker.sock", config.getData().get("SANDGATE_SANDBOX_DOCKER_HOST"));
    // Gateways sharing the node's engine rely on orphan-age, not on turning the reaper off.
    assertFalse(config.getData().containsKey("SANDGATE_POOL_REAP_FOREIGN"));
  }

  @Test
  void theSharedStoreAndRedisComeFromSecretsOptionalInTheBaseAndRequiredWhenScaledOut()
      throws Exception {
    Map<String, String> shared =
        Map.of(
            "SANDGATE_STORE_URL",
            "sandgate-store",
            "SANDGATE_STORE_USERNAME",
            "sandgate-store",
            "SANDGATE_STORE_PASSWORD",
            "sandgate-store",
            "SANDGATE_REDIS_URL",
            "sandgate-redis");
    for (String dir : List.of("k8s", "k8s/overlays/scale-out")) {
      List<HasMetadata> objects = render(dir);
      Map<String, io.fabric8.kubernetes.api.model.SecretKeySelector> secrets =
          gateway(objects).getEnv().stream()
              .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
              .collect(Collectors.toMap(e -> e.getName(), e -> e.getValueFrom().getSecretKeyRef()));
      shared.forEach(
          (env, secret) -> {
            assertEquals(secret, secrets.get(env).getName(), dir + " " + env);
            assertEquals(
                !dir.endsWith("scale-out"),
                secrets.get(env).getOptional(),
                dir + " " + env + " optional");
          });
      // The gateway reaches both through its network policy.
      Set<Integer> egress =
          only(objects, NetworkPolicy.class).getSpec().getEgress().stream()
              .flatMap(r -> r.getPorts().stream())
              .map(p -> p.getPort().getIntVal())
              .collect(Collectors.toSet());
      assertTrue(egress.containsAll(Set.of(5432, 6379)), dir + ": " + egress);
    }
  }
}
