package io.sandgate.compat.judge0;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.runtime.PythonRuntime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The languages Sandgate serves under Judge0's ids: 71 is CPython 3, as in Judge0 CE; PyPy 3, which
 * Judge0 CE does not have, is 1071 (clear of Judge0's own ids, which stay under 100).
 */
enum Judge0Language {
  PYTHON(71, "Python", PythonRuntime.PYTHON3, "/usr/bin/python3 main.py"),
  PYPY(1071, "PyPy", PythonRuntime.PYPY3, "/usr/bin/pypy3 main.py");

  final int id;
  final String family;
  final PythonRuntime runtime;
  final String runCommand;

  Judge0Language(int id, String family, PythonRuntime runtime, String runCommand) {
    this.id = id;
    this.family = family;
    this.runtime = runtime;
    this.runCommand = runCommand;
  }

  static Optional<Judge0Language> byId(int id) {
    return Arrays.stream(values()).filter(l -> l.id == id).findFirst();
  }

  /** Judge0's name: the family and the runner image's version, "Python (3.11.2)". */
  String name(Map<PythonRuntime, String> versions) {
    return family + " (" + versions.getOrDefault(runtime, "3") + ")";
  }

  /** An entry of {@code GET /languages}. */
  @RegisterForReflection
  record Summary(int id, String name) {}

  /** {@code GET /languages/{id}}, with Judge0's fields. */
  @RegisterForReflection
  record Detail(
      int id,
      String name,
      boolean is_archived,
      String source_file,
      String compile_cmd,
      String run_cmd) {}

  Summary summary(Map<PythonRuntime, String> versions) {
    return new Summary(id, name(versions));
  }

  Detail detail(Map<PythonRuntime, String> versions) {
    return new Detail(id, name(versions), false, "main.py", null, runCommand);
  }
}
