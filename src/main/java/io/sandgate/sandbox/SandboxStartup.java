package io.sandgate.sandbox;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Makes sure the runner image exists (where configuration says to build it) before sandboxes are made. */
@ApplicationScoped
class SandboxStartup {

    void onStart(@Observes StartupEvent event, RunnerImage image) {
        image.ensure();
    }
}
