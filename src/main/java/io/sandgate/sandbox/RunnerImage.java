package io.sandgate.sandbox;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/** Builds the runner image with its script when configuration asks for it (dev and test). */
@ApplicationScoped
public class RunnerImage {

  private final SandboxConfig config;
  private final SandboxRuntime containers;

  RunnerImage(SandboxConfig config, SandboxRuntime containers) {
    this.config = config;
    this.containers = containers;
  }

  /** Builds the image if configured to; a failure is logged, and the pool then reports it. */
  public void ensure() {
    SandboxConfig.ImageBuild mode = config.imageBuild();
    if (mode == SandboxConfig.ImageBuild.NEVER) {
      return;
    }
    try {
      if (mode == SandboxConfig.ImageBuild.IF_MISSING && containers.imagePresent()) {
        return;
      }
    } catch (RuntimeException e) {
      Log.warnf("cannot check for the runner image, Docker does not answer: %s", e.getMessage());
      return;
    }
    if (!Files.isExecutable(config.imageBuildScript())) {
      Log.warnf(
          "runner image build script %s not found; build the image with runner-image/build.sh",
          config.imageBuildScript());
      return;
    }
    build();
  }

  private void build() {
    Log.infof("building runner image %s with %s", config.image(), config.imageBuildScript());
    try {
      Process process =
          new ProcessBuilder(config.imageBuildScript().toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        Log.errorf(
            "building the runner image failed; run %s by hand to see why",
            config.imageBuildScript());
      }
    } catch (IOException e) {
      Log.errorf(e, "could not run %s", config.imageBuildScript());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
