package io.sandgate.sandbox;

import io.sandgate.runtime.PythonRuntime;

/**
 * The two sizes of sandbox. A run's limits follow from its runtime alone, so a sandbox made for one
 * size never serves a run of the other: the data runtime's needs room for its libraries ({@code
 * sandgate.sandbox.data-memory}), every other runtime's is kept small ({@code
 * sandgate.sandbox.memory}).
 */
public enum SandboxKind {
  STANDARD,
  DATA;

  /** The kind of sandbox a run of {@code runtime} needs. */
  public static SandboxKind of(PythonRuntime runtime) {
    return runtime.data() ? DATA : STANDARD;
  }
}
