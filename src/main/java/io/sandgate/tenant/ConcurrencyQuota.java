package io.sandgate.tenant;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Executions at once per tenant on this gateway. A tenant at its quota is refused at once, never
 * queued.
 */
public final class ConcurrencyQuota {

  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

  /** A held slot, or empty when the tenant is at its quota. */
  public Optional<TenantGate.Permit> tryEnter(Tenant tenant) {
    Semaphore semaphore =
        slots.computeIfAbsent(tenant.name(), n -> new Semaphore(tenant.maxConcurrent()));
    if (!semaphore.tryAcquire()) {
      return Optional.empty();
    }
    return Optional.of(new Slot(semaphore));
  }

  private static final class Slot implements TenantGate.Permit {
    private final Semaphore semaphore;
    private boolean released;

    Slot(Semaphore semaphore) {
      this.semaphore = semaphore;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        semaphore.release();
      }
    }
  }
}
