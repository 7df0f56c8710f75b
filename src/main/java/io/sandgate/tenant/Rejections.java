package io.sandgate.tenant;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts refused requests by tenant and reason, for metrics. Unknown keys count under tenant "-". */
@Singleton
public class Rejections {

    /** Why a request was refused. */
    public enum Reason {
        AUTH, RATE, CONCURRENCY
    }

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void record(String tenant, Reason reason) {
        counts.computeIfAbsent(tenant + "|" + reason.name().toLowerCase(), k -> new AtomicLong()).incrementAndGet();
    }

    /** Count for one tenant and reason. */
    public long count(String tenant, Reason reason) {
        AtomicLong n = counts.get(tenant + "|" + reason.name().toLowerCase());
        return n == null ? 0 : n.get();
    }

    /** Every count, keyed {@code tenant|reason}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
