package io.sandgate.compat.piston;

import io.sandgate.runtime.PythonRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Piston's names for Sandgate's runtimes, with the aliases Piston's own Python packages declare.
 */
enum PistonLanguage {
  PYTHON("python", PythonRuntime.PYTHON3, List.of("py", "py3", "python3")),
  PYPY("pypy", PythonRuntime.PYPY3, List.of("pypy3"));

  final String language;
  final PythonRuntime runtime;
  final List<String> aliases;

  PistonLanguage(String language, PythonRuntime runtime, List<String> aliases) {
    this.language = language;
    this.runtime = runtime;
    this.aliases = aliases;
  }

  /** By name or alias, as Piston matches them (exactly). */
  static Optional<PistonLanguage> named(String name) {
    return Arrays.stream(values())
        .filter(l -> l.language.equals(name) || l.aliases.contains(name))
        .findFirst();
  }
}
