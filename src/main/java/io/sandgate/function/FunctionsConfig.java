package io.sandgate.function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Functions: how many a tenant may hold, what is kept of them. */
@ConfigMapping(prefix = "sandgate.functions")
public interface FunctionsConfig {

    /** Functions one tenant may hold. Default 100. */
    @WithDefault("100")
    int maxPerTenant();

    /** Versions kept of each function, the newest; older ones are pruned (their URLs answer 404). Default 10. */
    @WithDefault("10")
    int keepVersions();

    /** Invocations kept in each function's logs, the newest. Default 50. */
    @WithDefault("50")
    int keepInvocations();

    /** Largest request body of a function call; one more byte is a 413. Default 1048576 (1 MiB). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /**
     * What an invocation log keeps of stdout and of stderr, each, in UTF-16 units (a character outside
     * the BMP counts two and is never split). Default 65536.
     */
    @WithDefault("65536")
    int logOutputChars();

    /**
     * Whether the invocation metric carries {@code tenant} and {@code function} tags. Off by
     * default: every deployed function would add series without bound. Turn it on where the
     * functions are few and known.
     */
    @WithDefault("false")
    boolean metricsPerFunction();
}
