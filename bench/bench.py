#!/usr/bin/env python3
"""Sandgate benchmark: gateway figures next to their floors, measured in the same run.

Run through bench/run.sh, which builds and starts what is needed. Stdlib only.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

RUNNER = os.environ.get("SANDGATE_RUNNER_IMAGE", "sandgate-runner:0.3.0")
OCI_RUNTIME = os.environ.get("SANDGATE_OCI_RUNTIME", "runc")
MEMORY = "256m" if OCI_RUNTIME == "runsc" else "128m"
PIDS = ["--pids-limit", "1024", "--ulimit", "nproc=64"] if OCI_RUNTIME == "runsc" else ["--pids-limit", "64"]
# A sandbox as the gateway makes one (HardenedHostConfig), for the floors.
SANDBOX = ["--runtime", OCI_RUNTIME, "--network", "none", "--read-only", "--tmpfs", "/tmp:size=16m",
           "--memory", MEMORY, "--memory-swap", MEMORY, *PIDS, "--cap-drop", "ALL",
           "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "KILL",
           "--security-opt", "no-new-privileges", "--init",
           # The agent's settings, which the gateway gives every sandbox (it has no defaults).
           "-e", "SANDGATE_SOCKET_DIR=/run/sandgate", "-e", "SANDGATE_UID=1000000",
           "-e", "SANDGATE_MAX_REQUEST_BYTES=8388608", "-e", "SANDGATE_MAX_FILES=256",
           "-e", "SANDGATE_MAX_FILE_DEPTH=8", "-e", "SANDGATE_MAX_FILE_NAME_BYTES=255"]


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return round(s[k], 1)


def summary(ms):
    return {"n": len(ms), "p50": pct(ms, 50), "p90": pct(ms, 90), "p99": pct(ms, 99),
            "mean": round(statistics.mean(ms), 1) if ms else None}


class Gateway:
    def __init__(self, port, key=None):
        self.port = port
        self.key = key
        self.local = threading.local()

    def conn(self):
        c = getattr(self.local, "c", None)
        if c is None:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.local.c = c
        return c

    def run(self, code, runtime="pypy3", timeout_ms=10000):
        return self.send("POST", "/v1/executions", {"code": code, "runtime": runtime, "timeoutMs": timeout_ms})

    def send(self, method, path, body=None):
        """One request as the tenant: (status, ms, body); status 0 when the connection failed."""
        headers = {}
        if self.key:
            headers["Authorization"] = "Bearer " + self.key
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        start = time.perf_counter()
        try:
            c = self.conn()
            c.request(method, path, body, headers)
            r = c.getresponse()
            data = r.read()
            status = r.status
        except (OSError, http.client.HTTPException):
            self.local.c = None
            status, data = 0, b""
        return status, (time.perf_counter() - start) * 1000, data


def docker(*args, check=True):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check).stdout.strip()


def interpreter_floor(runtime, n):
    """The interpreter alone, inside an already-running hardened sandbox container."""
    cid = docker("run", "-d", "--rm", *SANDBOX, RUNNER, "sleep", "600")
    try:
        script = ("import subprocess,time,sys\nts=[]\nfor _ in range(%d):\n t=time.perf_counter();"
                  "subprocess.run(['%s','-c','pass']);ts.append((time.perf_counter()-t)*1000)\n"
                  "print(' '.join('%%.2f'%%x for x in ts))") % (n, runtime)
        out = docker("exec", cid, "python3", "-c", script)
        return summary([float(x) for x in out.split()])
    finally:
        docker("rm", "-f", cid, check=False)


PANDAS = "import pandas; print(pandas.__version__)"


def import_floor(n):
    """`import pandas` alone in a fresh CPython, inside an already-running data-sized sandbox."""
    sandbox = [a if a != MEMORY else "512m" for a in SANDBOX]
    cid = docker("run", "-d", "--rm", *sandbox, RUNNER, "sleep", "600")
    try:
        script = ("import subprocess,time\nts=[]\nfor _ in range(%d):\n t=time.perf_counter();"
                  "subprocess.run(['python3','-c','import pandas'],env={'OPENBLAS_NUM_THREADS':'1'});"
                  "ts.append((time.perf_counter()-t)*1000)\nprint(' '.join('%%.2f'%%x for x in ts))") % n
        return summary([float(x) for x in docker("exec", cid, "python3", "-c", script).split()])
    finally:
        docker("rm", "-f", cid, check=False)


def data_runs(gw, n):
    """`import pandas; print(pandas.__version__)` on python3-data, one at a time, with time for
    the pool to make the next data sandbox: the answer's latency and the program's durationMs."""
    gw.run(PANDAS, "python3-data")  # the first demand: the pool makes a data sandbox for it
    latency, duration = [], []
    for _ in range(n):
        time.sleep(3)
        status, t, data = gw.run(PANDAS, "python3-data")
        if status == 200:
            latency.append(t)
            duration.append(json.loads(data)["durationMs"])
    return {"latency": summary(latency), "durationMs": summary(duration)}


def await_socket(socket_dir):
    """The agent's socket path once it exists, which means the agent is ready (or after 30 s)."""
    sock = os.path.join(socket_dir, "agent.sock")
    deadline = time.perf_counter() + 30
    while not os.path.exists(sock) and time.perf_counter() < deadline:
        time.sleep(0.002)
    return sock


def agent_round_trip(n):
    """One agent round trip: GET /health over the socket of a ready sandbox, as the gateway does it."""
    d = "/tmp/sandgate-bench-rtt"
    subprocess.run(["rm", "-rf", d])
    os.makedirs(d, mode=0o700)
    cid = docker("run", "-d", *SANDBOX, "-v", d + ":/run/sandgate", RUNNER)
    try:
        sock = await_socket(d)
        ms = []
        for _ in range(n):
            t = time.perf_counter()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sock)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: agent\r\n\r\n")
            while s.recv(65536):
                pass
            s.close()
            ms.append((time.perf_counter() - t) * 1000)
        return summary(ms)
    finally:
        docker("rm", "-f", cid, check=False)
        subprocess.run(["rm", "-rf", d])


def agent_request(sock, method, path, body=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock)
    head = "%s %s HTTP/1.1\r\nHost: agent\r\n" % (method, path)
    data = json.dumps(body).encode() if body is not None else b""
    if body is not None:
        head += "Content-Length: %d\r\n" % len(data)
    s.sendall(head.encode() + b"\r\n" + data)
    answer = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
    s.close()
    return answer


def engine_churn(seconds, parallel):
    """The direct per-run floor: create + start + agent ready + one print('hi') + remove of hardened
    sandbox containers (warm pypy3, as the gateway makes them), in runs per second."""
    lock = threading.Lock()
    done = [0]
    stop = time.perf_counter() + seconds
    root = "/tmp/sandgate-bench-churn"
    os.makedirs(root, exist_ok=True)

    def worker(i):
        n = 0
        while time.perf_counter() < stop:
            d = os.path.join(root, "%d-%d" % (i, n))
            os.makedirs(d, mode=0o700, exist_ok=True)
            cid = docker("create", *SANDBOX, "-v", d + ":/run/sandgate", "--label", "io.sandgate.bench=true",
                         "-e", "SANDGATE_WARM_RUNTIME=pypy3", RUNNER)
            docker("start", cid)
            agent_request(await_socket(d), "POST", "/run", {"code": "print('hi')", "runtime": "pypy3",
                                                            "timeoutMs": 10000, "maxOutputBytes": 1 << 20})
            docker("rm", "-f", cid)
            subprocess.run(["rm", "-rf", d])
            n += 1
            with lock:
                done[0] += 1

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(parallel) as ex:
        list(ex.map(worker, range(parallel)))
    return round(done[0] / (time.perf_counter() - start), 2)


def warm_sandbox_memory():
    """Memory (MiB, the container's cgroup) of an idle ready sandbox: with no warm interpreter, and with each."""
    out = {}
    for warm in ("none", "pypy3", "python3"):
        d = "/tmp/sandgate-bench-mem"
        subprocess.run(["rm", "-rf", d])
        os.makedirs(d, mode=0o700)
        env = [] if warm == "none" else ["-e", "SANDGATE_WARM_RUNTIME=" + warm]
        cid = docker("run", "-d", *SANDBOX, "-v", d + ":/run/sandgate", *env, RUNNER)
        try:
            await_socket(d)
            time.sleep(2)  # the warm interpreter has reached its wait
            usage = docker("stats", "--no-stream", "--format", "{{.MemUsage}}", cid).split("/")[0].strip()
            value, unit = float(usage.rstrip("KMGiB")), usage.lstrip("0123456789.")
            out[warm] = round(value * {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}.get(unit, 1), 1)
        finally:
            docker("rm", "-f", cid, check=False)
            subprocess.run(["rm", "-rf", d])
    return out


def sequential(gw, runtime, n):
    ms = []
    for _ in range(n):
        status, t, _ = gw.run("print('hi')", runtime)
        if status == 200:
            ms.append(t)
        time.sleep(0.4)  # let the pool keep up: this measures latency, not throughput
    return summary(ms)


def sustained(gw, clients, seconds, code="print('hi')"):
    ms, codes = [], {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop:
            status, t, _ = gw.run(code)
            with lock:
                codes[status] = codes.get(status, 0) + 1
                if status == 200:
                    ms.append(t)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    s = summary(ms)
    return {"clients": clients, "execPerSec": round(len(ms) / elapsed, 2), "p50": s["p50"], "p99": s["p99"],
            "count503": codes.get(503, 0), "other": {str(k): v for k, v in codes.items() if k not in (200, 503)}}


def runs(gw, total, clients):
    """Exactly `total` runs of print('hi') from `clients` clients (to warm the gateway up, or to age it)."""
    left = [total]
    lock = threading.Lock()
    codes = {}

    def client():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            status, _, _ = gw.run("print('hi')")
            with lock:
                codes[status] = codes.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {str(k): v for k, v in codes.items()}


def cpu_bound(gw, runtime, n=5):
    ms, durations = [], []
    for _ in range(n):
        status, t, data = gw.run("print(sum(range(10**7)))", runtime, 30000)
        if status == 200:
            ms.append(t)
            durations.append(json.loads(data)["durationMs"])
        time.sleep(0.4)
    return {"latency": summary(ms), "programDurationMs": summary(durations)}


def floods(gw, n):
    """n output floods at once (the attack suite's: a program writing lines until its timeout), each
    cut at the output limit: how many were answered with a cut 200."""
    code = "import sys\nline = 'z' * 1023 + '\\n'\nwhile True: sys.stdout.write(line)"
    with concurrent.futures.ThreadPoolExecutor(n) as ex:
        answers = list(ex.map(lambda _: Gateway(gw.port, gw.key).run(code, "pypy3", 5000), range(n)))
    cut = sum(1 for status, _, data in answers if status == 200 and json.loads(data)["outputTruncated"])
    statuses = {}
    for status, _, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {"floods": n, "answeredCut": cut, "statuses": statuses}


def functions(gw, tenant, n):
    """A trivial handler through /fn/ next to /v1/executions of the same work (print 'hi'), in
    alternation, one at a time: what the function path adds (store read, bootstrap, event, result)."""
    out = {}
    for rt in ("pypy3", "python3"):
        name = "bench-hi-" + rt
        status, _, data = gw.send("PUT", "/v1/functions/" + name,
                                  {"code": "def handler(event):\n    return 'hi'\n", "runtime": rt})
        if status not in (200, 201):
            raise SystemExit("deploy failed: %d %s" % (status, data))
        for _ in range(10):  # warm both paths up
            gw.send("GET", "/fn/%s/%s" % (tenant, name))
            gw.run("print('hi')", rt)
        fn, ex = [], []
        for _ in range(n):
            status, t, _ = gw.send("GET", "/fn/%s/%s" % (tenant, name))
            if status == 200:
                fn.append(t)
            time.sleep(0.4)
            status, t, _ = gw.run("print('hi')", rt)
            if status == 200:
                ex.append(t)
            time.sleep(0.4)
        f, e = summary(fn), summary(ex)
        out[rt] = {"function": f, "execution": e,
                   "addedP50": round(f["p50"] - e["p50"], 1) if f["p50"] and e["p50"] else None}
    return out


def redis_ping(port, n):
    """Round trips of PING to the Redis itself: the floor under what shared limits can add."""
    sock = socket.create_connection(("127.0.0.1", port))
    ms = []
    for _ in range(n):
        start = time.perf_counter()
        sock.sendall(b"*1\r\n$4\r\nPING\r\n")
        sock.recv(64)
        ms.append((time.perf_counter() - start) * 1000)
    sock.close()
    return ms


def limits(local, shared, redis_port, n):
    """The same requests to a gateway with its own limits and to one whose limits live in Redis,
    in alternation, one at a time: what a shared rate check (GET /v1/runtimes: authentication and
    the rate) and a shared concurrency slot (print('hi'): rate, slot taken and given back) add."""
    def rate(g):
        return g.send("GET", "/v1/runtimes")

    def run(g):
        return g.run("print('hi')", "python3")

    out = {}
    for name, request, count, pause in (("rateCheck", rate, n, 0), ("execution", run, max(20, n // 10), 0.2)):
        for _ in range(10):
            request(local)
            request(shared)
        a, b = [], []
        for _ in range(count):
            for gw, ms in ((local, a), (shared, b)):
                status, t, _ = request(gw)
                if status == 200:
                    ms.append(t)
                time.sleep(pause)
        out[name] = {"local": summary(a), "redis": summary(b),
                     "addedP50": round(statistics.median(b) - statistics.median(a), 2)}
    ping = redis_ping(redis_port, n)
    out["redisPing"] = {"n": len(ping), "p50": round(statistics.median(ping), 3), "p99": pct(ping, 99)}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--key")
    ap.add_argument("--phase", required=True, choices=["floors", "runs", "sequential", "sustained", "cpu", "floods",
                                                       "functions", "limits", "data", "data-floor"])
    ap.add_argument("--total", type=int, default=150)
    ap.add_argument("--clients", type=int, nargs="*", default=[8, 32])
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--tenant", default="bench")
    ap.add_argument("--shared-port", type=int, help="limits: the gateway whose limits live in Redis")
    ap.add_argument("--redis-port", type=int, help="limits: that Redis")
    args = ap.parse_args()
    gw = Gateway(args.port, args.key)
    if args.phase == "floors":
        out = {"interpreter": {r: interpreter_floor(r, 30) for r in ("pypy3", "python3")},
               "agentRoundTrip": agent_round_trip(30),
               "sandboxMemoryMiB": warm_sandbox_memory(),
               "engineChurnPerSec": max(engine_churn(args.seconds, p) for p in (2, 3, 4))}
    elif args.phase == "runs":
        out = runs(gw, args.total, max(args.clients))
    elif args.phase == "sequential":
        gw.run("pass")
        out = {r: sequential(gw, r, args.n) for r in ("pypy3", "python3")}
    elif args.phase == "sustained":
        gw.run("pass")
        out = [sustained(gw, c, args.seconds) for c in args.clients]
    elif args.phase == "floods":
        out = floods(gw, args.n)
    elif args.phase == "limits":
        out = limits(gw, Gateway(args.shared_port, args.key), args.redis_port, args.n)
    elif args.phase == "data":
        out = data_runs(gw, args.n)
    elif args.phase == "data-floor":
        out = import_floor(args.n)
    elif args.phase == "functions":
        out = functions(gw, args.tenant, args.n)
    else:
        out = {r: cpu_bound(gw, r) for r in ("pypy3", "python3")}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
