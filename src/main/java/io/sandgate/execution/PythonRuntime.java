package io.sandgate.execution;

import java.util.Arrays;
import java.util.Optional;

/** The Python runtimes a program can run on. */
public enum PythonRuntime {
    PYPY3("pypy3"),
    PYTHON3("python3"),
    /** CPython with numpy, pandas, matplotlib, scipy, scikit-learn and Pillow; charts become files. */
    PYTHON3_DATA("python3-data");

    private final String id;

    PythonRuntime(String id) {
        this.id = id;
    }

    /** The name clients use. */
    public String id() {
        return id;
    }

    public static Optional<PythonRuntime> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
