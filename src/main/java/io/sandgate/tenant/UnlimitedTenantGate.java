package io.sandgate.tenant;

import jakarta.enterprise.context.ApplicationScoped;

/** Admits every execution; the pool's bounded wait is the only limit. */
@ApplicationScoped
class UnlimitedTenantGate implements TenantGate {

    private static final Permit NOTHING_HELD = () -> { };

    @Override
    public Permit enter(Tenant tenant) {
        return NOTHING_HELD;
    }
}
