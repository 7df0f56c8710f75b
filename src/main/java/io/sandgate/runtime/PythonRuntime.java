package io.sandgate.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Python runtimes a program can run on: the one type for them from the HTTP edge to the pool.
 * The runner image holds exactly these (its metadata is checked against them at startup).
 */
public enum PythonRuntime {
  PYPY3("pypy3", Map.of()),
  PYTHON3("python3", Map.of()),
  /**
   * CPython with numpy, pandas, matplotlib, scipy, scikit-learn and Pillow; charts become files.
   */
  PYTHON3_DATA(
      "python3-data", Map.of(".matplotlib", "matplotlib's configuration directory (MPLCONFIGDIR)"));

  private final String id;
  private final Map<String, String> reservedNames;

  PythonRuntime(String id, Map<String, String> ownNames) {
    this.id = id;
    Map<String, String> names = new HashMap<>(Every.NAMES);
    names.putAll(ownNames);
    this.reservedNames = Map.copyOf(names);
  }

  /** The runtime a run gets when it names none, and the one warmed before any demand. */
  public static final PythonRuntime DEFAULT = PYPY3;

  /** The name clients use. */
  public String id() {
    return id;
  }

  /**
   * Whether this runtime needs a data sandbox: room for its scientific stack, charts become files.
   */
  public boolean data() {
    return this == PYTHON3_DATA;
  }

  /**
   * The names in the program's directory that a run of this runtime finds already made, each with
   * what it is: a file of the request there, or under it, would collide with the sandbox's own (the
   * runtime's, e.g. the data runtime's MPLCONFIGDIR: runner-image/sandgate_agent/runtimes.py
   * RUNTIME_DIRS).
   */
  public Map<String, String> reservedNames() {
    return reservedNames;
  }

  /**
   * What the agent makes for every run (an enum's constructor cannot read its own static fields).
   */
  private static final class Every {
    /** runner-image/sandgate_agent/layout.py: PROGRAM_PATH, OUTPUT_DIR. */
    static final Map<String, String> NAMES =
        Map.of(
            "main.py", "the program's own",
            "out", "the program's output directory, /tmp/out");
  }

  public static Optional<PythonRuntime> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
