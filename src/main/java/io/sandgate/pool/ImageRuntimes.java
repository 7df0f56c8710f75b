package io.sandgate.pool;

import java.util.Map;

/**
 * A CDI event: the runner image's runtimes and their versions, as a new sandbox's agent reported
 * them; fired by the first sandbox and whenever the list of names changes.
 */
public record ImageRuntimes(Map<String, String> versions) {}
