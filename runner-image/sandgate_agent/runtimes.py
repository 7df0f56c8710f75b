"""The image's interpreters: where they are, what each needs around it, and their versions."""

import json
import os

from .layout import WORK_DIR

RUNTIMES = {"pypy3": "/usr/bin/pypy3", "python3": "/usr/bin/python3", "python3-data": "/usr/bin/python3"}
# The data runtime is CPython with the image's scientific stack and its chart backend.
DATA_RUNTIME = "python3-data"
# matplotlib keeps its font list in a directory it can write; the image built it once, and it is
# copied where the program's matplotlib looks before the program (or its warm interpreter) starts.
MATPLOTLIB_DIR = os.path.join(WORK_DIR, ".matplotlib")
MATPLOTLIB_BUILT = "/opt/sandgate/matplotlib"
RUNTIME_ENV = {
    DATA_RUNTIME: {
        "MPLBACKEND": "module://sandgate_charts",
        "MPLCONFIGDIR": MATPLOTLIB_DIR,
        # A sandbox has one CPU: one BLAS thread, and no pool of them holding memory and pids.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    },
}
# What the runtime's interpreter needs in the program's directory, made before the run's files are
# written there (prepare_runtime): no file of a run may take these names. The gateway keeps the same
# list (PythonRuntime.reservedNames).
RUNTIME_DIRS = {DATA_RUNTIME: (MATPLOTLIB_DIR,)}
# What a warm interpreter of the runtime imports while it waits (boot.py), so the program's own
# imports of them cost nothing.
WARM_IMPORTS = {DATA_RUNTIME: "numpy pandas matplotlib.pyplot sandgate_charts"}

PROGRAM_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": WORK_DIR,
    "TMPDIR": WORK_DIR,
    "LANG": "C.UTF-8",
    # Unbuffered so that `combined` follows the order in which the program wrote.
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONIOENCODING": "utf-8",
    # PyPy sizes its GC nursery as half the "cache size" of /proc/cpuinfo: on some hosts that is the
    # whole last-level cache (seen: 480 MB), so a pypy3 program that allocates is OOM-killed in a
    # 64-MiB sandbox before its first collection; where the line is missing (gVisor) it warns on
    # stderr at every start. A fixed nursery makes pypy3 alike on every host.
    "PYPY_GC_NURSERY": "4M",
}

VERSIONS_FILE = "/opt/sandgate/versions.json"


def program_env(runtime, warm, descriptors):
    """The environment of the runtime's interpreter, with the descriptors boot.py is given."""
    env = dict(PROGRAM_ENV, **descriptors, **RUNTIME_ENV.get(runtime, {}))
    if warm and runtime in WARM_IMPORTS:
        env["SANDGATE_WARM_IMPORTS"] = WARM_IMPORTS[runtime]
    return env


def runtime_versions():
    """Read from the file the image build wrote, so that start-up runs no interpreter."""
    try:
        with open(VERSIONS_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        pass
    import subprocess  # only when the image lacks the file: never on the start-up path
    versions = {}
    for name, path in RUNTIMES.items():
        try:
            out = subprocess.run(
                [path, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                capture_output=True, timeout=30, env=PROGRAM_ENV, check=True)
            versions[name] = out.stdout.decode().strip()
        except (OSError, subprocess.SubprocessError):
            versions[name] = None
    return versions


def write_versions():
    """Run once by the image build (--write-versions)."""
    with open(VERSIONS_FILE, "w") as f:
        json.dump(runtime_versions(), f)


def prepare_runtime(runtime):
    """What the runtime's interpreter needs in /tmp before it starts: the data runtime's
    matplotlib directory, with the font list the image built (root's, in sticky /tmp)."""
    if runtime != DATA_RUNTIME:
        return
    try:
        os.mkdir(MATPLOTLIB_DIR)
    except FileExistsError:
        return
    os.chmod(MATPLOTLIB_DIR, 0o777)
    try:
        names = os.listdir(MATPLOTLIB_BUILT)
    except OSError:  # an image without the data layer: matplotlib is missing anyway
        return
    for name in names:
        with open(os.path.join(MATPLOTLIB_BUILT, name), "rb") as src, \
                open(os.path.join(MATPLOTLIB_DIR, name), "wb") as dst:
            dst.write(src.read())
