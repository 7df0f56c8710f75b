package io.sandgate.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The tenants the gateway serves. Until keys are configured, everyone is the default tenant. */
@ApplicationScoped
public class Tenants {

    private static final Tenant DEFAULT = new Tenant("default", Duration.ofSeconds(30));

    public Tenant defaultTenant() {
        return DEFAULT;
    }
}
