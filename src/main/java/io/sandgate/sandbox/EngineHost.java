package io.sandgate.sandbox;

/**
 * What the machine that runs the sandboxes has.
 *
 * @param memoryBytes its memory
 * @param cpus its CPUs
 * @param source where the figures come from, for the log
 */
public record EngineHost(long memoryBytes, int cpus, String source) {}
