#!/usr/bin/env bash
# Sandgate benchmark, one command:  bench/run.sh [--quick] [--runtime runsc] [--front-end jvm]
# Builds the gateway and the runner image, measures the floors (interpreter start alone, the
# direct per-run engine floor, idle sandbox memory), then for each pool size starts the gateway
# and measures latency, sustained throughput, CPU-bound runs and RSS; then sequential latency
# once more with no warm interpreters (the cold start). Writes bench/results/<stamp>.json and a table.
# The gateway is the native binary, as the default image ships it (--front-end jvm: the jar).
#
#   bench/run.sh --front-ends
# The JVM gateway and the native one side by side, in one run, each with its image's options:
# started and ready (medians of five starts each, the floor's start too), RSS (idle, after 1,000
# runs, after a burst of output floods, peak), throughput and p50. Builds the native binary with the stand-in toolchain (/opt/native-kit) unless
# SANDGATE_NATIVE_BINARY names one.
#
#   bench/run.sh --functions
# A trivial function (/fn/) next to /v1/executions of the same work, alternating, pool 5: p50 and
# p99 of each and what the function path adds.
#
#   bench/run.sh --data
# `import pandas; print(pandas.__version__)` on python3-data, warm (the pool's data interpreter
# has imported it) and cold (no warm interpreters), beside the import alone in a fresh CPython.
#
#   bench/run.sh --redis
# Two gateways side by side, one with its own tenant limits and one with them in a Redis started
# for the run (Debian's redis-server), in alternation: what a shared rate check and a shared
# concurrency slot add per request, beside Redis's own round trip.
set -euo pipefail
cd "$(dirname "$0")/.."

pool_sizes=(2 5 10)
seconds=20
seq_n=60
warmup=150
aged_pool=5
aged_runs=1000
oci_runtime=runc
mode=pools
front_end=native
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) pool_sizes=(5); seconds=8; seq_n=20; warmup=60; aged_runs=0 ;;
    --runtime) oci_runtime=$2; shift ;;
    --front-ends) mode=front-ends ;;
    --front-end) front_end=$2; shift ;;
    --functions) mode=functions ;;
    --redis) mode=redis ;;
    --data) mode=data ;;
    *) echo "usage: bench/run.sh [--quick] [--runtime runc|runsc] [--front-end native|jvm] [--front-ends] [--functions] [--redis] [--data]" >&2; exit 2 ;;
  esac
  shift
done
export SANDGATE_OCI_RUNTIME=$oci_runtime
runtime_opts=""
# gVisor gets its own defaults (memory, process cap) from the gateway.
[ "$oci_runtime" = runsc ] && runtime_opts="-Dsandgate.sandbox.oci-runtime=runsc"

port=18080
mport=19000
key=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The JVM settings of the gateway image, read from src/main/docker/Dockerfile.jvm.
image_java_opts=$(sed -n 's/^ENV JAVA_OPTS="\([^"]*\)".*/\1/p' src/main/docker/Dockerfile.jvm)
java_opts=${SANDGATE_JAVA_OPTS:-$image_java_opts}
# The native binary's run-time options: the arguments of Dockerfile.native-micro's ENTRYPOINT.
native_opts=$(python3 -c 'import json,re,sys; e=json.loads(re.search(r"^ENTRYPOINT (\[.*\])", sys.stdin.read(), re.M).group(1)); print(" ".join(e[1:]))' <src/main/docker/Dockerfile.native-micro)
native_bin=${SANDGATE_NATIVE_BINARY:-}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
results=bench/results
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$results/$stamp-$oci_runtime.json"

runner-image/build.sh >/dev/null
if { [ "$mode" = front-ends ] || [ "$front_end" = native ]; } && [ -z "$native_bin" ]; then
  echo "building the native gateway..." >&2
  JAVA_HOME=${NATIVE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} GRAALVM_HOME=${GRAALVM_HOME:-/opt/native-kit/home} \
    ./mvnw -B -q -ntp package -Dnative -DskipTests >/dev/null
  native_bin=$(ls target/*-runner)
fi
native_floor=${SANDGATE_NATIVE_FLOOR:-}
if [ "$mode" = front-ends ] && [ -z "$native_floor" ]; then
  echo "building the native floor (bench/native-floor)..." >&2
  JAVA_HOME=${NATIVE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} GRAALVM_HOME=${GRAALVM_HOME:-/opt/native-kit/home} \
    ./mvnw -B -q -ntp -f bench/native-floor/pom.xml package -Dquarkus.native.enabled=true -DskipTests >/dev/null
  native_floor=$(ls bench/native-floor/target/*-runner)
fi
./mvnw -B -q -ntp package -DskipTests >/dev/null

gw_pid=""
stop_gateway() {
  if [ -n "$gw_pid" ]; then kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true; gw_pid=""; fi
}
trap stop_gateway EXIT

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
file_kb() { awk '/^RssFile/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# The cap on live sandboxes sits well above the pool and the 32 clients, so that the figures
# measure the engine, not the cap (docs/operations.md, Capacity).
# start_gateway <pool size> [extra options]; the front end is $front_end (jvm or native). Sets
# gw_pid, gw_log and ready_ms (from exec to a full warm pool).
start_gateway() {
  local size=$1 extra=${2:-} t0
  local props=(-Dquarkus.http.port=$port -Dquarkus.management.port=$mport
    -Dsandgate.pool.size="$size" -Dsandgate.pool.acquire-timeout=5s -Dsandgate.pool.max-waiters=256
    -Dsandgate.pool.max-sandboxes=$((size + 40))
    -Dsandgate.tenants.bench.api-key="$key" -Dsandgate.tenants.bench.rate.limit=1000000
    -Dsandgate.tenants.bench.rate.period=1s -Dsandgate.tenants.bench.max-concurrent=1000
    -Dsandgate.functions.origin.on-api-port=true -Dsandgate.functions.origin.port=-1
    -Dsandgate.edge.max-connections-per-client=100000)
  gw_log="$results/gateway-$front_end-$size-$port.log"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  if [ "$front_end" = native ]; then
    "$native_bin" $native_opts $runtime_opts $extra "${props[@]}" >"$gw_log" 2>&1 &
  else
    java $java_opts $runtime_opts $extra "${props[@]}" -jar target/quarkus-app/quarkus-run.jar >"$gw_log" 2>&1 &
  fi
  gw_pid=$!
  for _ in $(seq 1 1200); do
    if curl -fs "localhost:$mport/q/health/ready" | grep -q "\"ready\": $size"; then
      ready_ms=$((($(date +%s%N) - t0) / 1000000))
      return
    fi
    sleep 0.05
  done
  echo "gateway did not become ready; see $gw_log" >&2
  exit 1
}
# Quarkus's own "started in" figure, in ms.
started_ms() { sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$gw_log" | head -1 | awk '{printf "%d", $1 * 1000}'; }

if [ "$mode" = front-ends ]; then
  # A start's time drifts by tens of ms on a shared machine: each figure is the median of five.
  starts=5
  median() { tr ' ' '\n' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
  # The floor: the smallest Quarkus HTTP service, same toolchain and options, after 20 requests.
  floor_starts=""
  for i in $(seq 1 $starts); do
    gw_log="$results/native-floor.log"
    # shellcheck disable=SC2086
    "$native_floor" $native_opts -Dquarkus.http.port=$port -Dquarkus.management.port=$mport >"$gw_log" 2>&1 &
    gw_pid=$!
    for _ in $(seq 1 200); do curl -fs "localhost:$port/hello" >/dev/null && grep -q ' started in ' "$gw_log" && break; sleep 0.05; done
    floor_starts="$floor_starts $(started_ms)"
    if [ "$i" -lt $starts ]; then stop_gateway; fi
  done
  for _ in $(seq 1 20); do curl -fs "localhost:$port/hello" >/dev/null; done
  sleep 5
  floor_rss=$(rss_kb "$gw_pid") floor_file=$(file_kb "$gw_pid") floor_size=$(stat -c %s "$native_floor")
  stop_gateway
  size=5
  fronts="[]"
  for front_end in jvm native; do
    echo "$front_end gateway, pool $size, $starts starts..." >&2
    started_list="" ready_list=""
    for i in $(seq 1 $starts); do
      # The engine finishes removing the last gateway's sandboxes first: a start, not a start
      # beside another's teardown.
      sleep 3
      start_gateway "$size"
      started_list="$started_list $(started_ms)" ready_list="$ready_list $ready_ms"
      if [ "$i" -lt $starts ]; then stop_gateway; fi
    done
    # Idle: once every periodic job has run (refill 2 s, store check 10 s, reaper 15 s).
    sleep 20
    idle=$(rss_kb "$gw_pid") idle_file=$(file_kb "$gw_pid")
    python3 bench/bench.py --port $port --key "$key" --phase runs --total "$warmup" --clients 4 >/dev/null
    seq=$(python3 bench/bench.py --port $port --key "$key" --phase sequential --n "$seq_n")
    sus=$(python3 bench/bench.py --port $port --key "$key" --phase sustained --clients 8 --seconds "$seconds")
    python3 bench/bench.py --port $port --key "$key" --phase runs --total 1000 --clients 8 >/dev/null
    sleep 2
    aged=$(rss_kb "$gw_pid")
    flood=$(python3 bench/bench.py --port $port --key "$key" --phase floods --n 10)
    alive=false
    kill -0 "$gw_pid" 2>/dev/null && curl -fs "localhost:$mport/q/health/live" >/dev/null && alive=true
    flooded=$(rss_kb "$gw_pid")
    peak=$(hwm_kb "$gw_pid")
    fronts=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); a=sys.argv[2:]; r.append({"frontEnd":a[0],"startedMs":int(a[1]),"readyMs":int(a[2]),"sequential":json.loads(a[3]),"sustained":json.loads(a[4])[0],"floods":json.loads(a[5]),"aliveAfterFloods":a[6]=="true","rssKb":{"idle":int(a[7]),"idleFileBacked":int(a[11]),"after1000Runs":int(a[8]),"afterFloods":int(a[9]),"peak":int(a[10])}}); print(json.dumps(r))' \
      "$fronts" "$front_end" "$(echo $started_list | median)" "$(echo $ready_list | median)" "$seq" "$sus" "$flood" "$alive" "$idle" "$aged" "$flooded" "$peak" "$idle_file")
    fronts=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r[-1]["startedMsEach"]=[int(x) for x in sys.argv[2].split()]; r[-1]["readyMsEach"]=[int(x) for x in sys.argv[3].split()]; print(json.dumps(r))' \
      "$fronts" "$started_list" "$ready_list")
    stop_gateway
  done
  python3 - "$results/$stamp-front-ends.json" "$fronts" "$java_opts" "$native_opts" "$floor_rss" "$floor_file" "$floor_size" \
    "$(stat -c %s "$native_bin")" "$floor_starts" <<'PY'
import json, sys
out, fronts, jopts, nopts = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
floor_starts = sorted(int(x) for x in sys.argv[9].split())
floor = {"rssKb": int(sys.argv[5]), "fileBackedKb": int(sys.argv[6]), "binaryBytes": int(sys.argv[7]),
         "startedMs": floor_starts[(len(floor_starts) - 1) // 2], "startedMsEach": floor_starts}
gateway_binary = int(sys.argv[8])
json.dump({"javaOpts": jopts, "nativeOpts": nopts, "nativeFloor": floor, "nativeBinaryBytes": gateway_binary,
           "frontEnds": fronts}, open(out, "w"), indent=2)
print("native floor (bench/native-floor: Quarkus REST + Jackson + health, same toolchain and options, %.1f MB binary):"
      " started %d ms (median; each: %s), RSS %.1f MB after 20 requests, %.1f MB of it the binary's own pages;"
      " the gateway's binary: %.1f MB\n" % (floor["binaryBytes"] / 1e6, floor["startedMs"], floor["startedMsEach"],
      floor["rssKb"] / 1024, floor["fileBackedKb"] / 1024, gateway_binary / 1e6))
print("| front end | started ms (median of 5) | ready ms (median of 5) | RSS idle MB (file-backed) | RSS after 1,000 runs MB | RSS after 10 floods MB | RSS peak MB | floods answered | exec/s (8 clients) | p50 ms (8 clients) | seq p50 pypy3 / python3 ms |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for f in fronts:
    m, s, q = f["rssKb"], f["sustained"], f["sequential"]
    print("| %s | %d | %d | %.1f (%.1f) | %.1f | %.1f | %.1f | %d/%d%s | %s | %s | %s / %s |" % (f["frontEnd"], f["startedMs"], f["readyMs"],
          m["idle"] / 1024, m["idleFileBacked"] / 1024, m["after1000Runs"] / 1024, m["afterFloods"] / 1024, m["peak"] / 1024,
          f["floods"]["answeredCut"], f["floods"]["floods"], "" if f["aliveAfterFloods"] else " (died)",
          s["execPerSec"], s["p50"], q["pypy3"]["p50"], q["python3"]["p50"]))
native = next(f for f in fronts if f["frontEnd"] == "native")
m = native["rssKb"]
checks = [("RSS idle <= 40 MB", m["idle"] <= 40 * 1024), ("RSS after 1,000 runs <= 64 MB", m["after1000Runs"] <= 64 * 1024),
          ("10 floods answered, process alive", native["aliveAfterFloods"] and native["floods"]["answeredCut"] == 10),
          ("started <= 100 ms", native["startedMs"] <= 100)]
print("\nstarts, each (ms): " + "; ".join("%s started %s, ready %s" % (f["frontEnd"], f["startedMsEach"], f["readyMsEach"]) for f in fronts))
print("native targets: " + "; ".join("%s: %s" % (name, "met" if ok else "MISSED") for name, ok in checks))
print("results: " + out)
PY
  exit 0
fi

if [ "$mode" = redis ]; then
  redis_port=16379
  redis-server --port $redis_port --bind 127.0.0.1 --save "" --appendonly no >"$results/redis.log" 2>&1 &
  redis_pid=$!
  trap 'stop_gateway; kill $local_pid $redis_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do redis-cli -p $redis_port ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
  echo "$front_end gateways, pool 5 each: own limits on :$port, Redis limits on :$((port + 1))..." >&2
  start_gateway 5 "-Dsandgate.sandbox.instance-id=bench-local"
  local_pid=$gw_pid gw_pid=""
  port=$((port + 1)) mport=$((mport + 1))
  start_gateway 5 "-Dsandgate.sandbox.instance-id=bench-redis -Dsandgate.redis.url=redis://127.0.0.1:$redis_port -Dsandgate.data-dir=$(mktemp -d)"
  lim=$(python3 bench/bench.py --port $((port - 1)) --shared-port $port --redis-port $redis_port --key "$key" \
    --phase limits --n 500)
  out="$results/$stamp-redis.json"
  python3 - "$out" "$lim" "$front_end" <<'PY'
import json, sys
out, lim, front_end = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
json.dump({"frontEnd": front_end, "limits": lim}, open(out, "w"), indent=2)
print("gateway: %s, pool 5 each; the same requests to both, alternating, one at a time" % front_end)
print("| request | own limits p50 / p99 ms | Redis limits p50 / p99 ms | added p50 ms |")
print("|---|---|---|---|")
for name, label in (("rateCheck", "GET /v1/runtimes (key, rate)"), ("execution", "print('hi') python3 (rate, slot)")):
    r = lim[name]
    print("| %s | %s / %s | %s / %s | %s |" % (label, r["local"]["p50"], r["local"]["p99"], r["redis"]["p50"],
          r["redis"]["p99"], r["addedP50"]))
print("\nfloor: a Redis PING round trip, p50 %s ms / p99 %s ms" % (lim["redisPing"]["p50"], lim["redisPing"]["p99"]))
print("results: " + out)
PY
  exit 0
fi

if [ "$mode" = data ]; then
  n=$((seq_n / 3))
  echo "$front_end gateway, pool 3, python3-data warm..." >&2
  start_gateway 3
  warm=$(python3 bench/bench.py --port $port --key "$key" --phase data --n "$n")
  stop_gateway
  echo "$front_end gateway, pool 3, python3-data cold..." >&2
  start_gateway 3 "-Dsandgate.pool.warm-interpreters=false"
  cold=$(python3 bench/bench.py --port $port --key "$key" --phase data --n "$n")
  stop_gateway
  floor=$(python3 bench/bench.py --phase data-floor --n "$n")
  out="$results/$stamp-data.json"
  python3 - "$out" "$warm" "$cold" "$floor" "$front_end" <<'PY'
import json, sys
out, warm, cold, floor, front_end = sys.argv[1], *map(json.loads, sys.argv[2:5]), sys.argv[5]
json.dump({"frontEnd": front_end, "warm": warm, "cold": cold, "importFloor": floor}, open(out, "w"), indent=2)
print("gateway: %s, pool 3; import pandas; print(pandas.__version__) on python3-data, one at a time" % front_end)
print("| | latency p50 | p90 | durationMs p50 | floor: import pandas alone, p50 |")
print("|---|---|---|---|---|")
for name, r in (("warm", warm), ("cold", cold)):
    print("| %s | %s | %s | %s | %s |" % (name, r["latency"]["p50"], r["latency"]["p90"], r["durationMs"]["p50"],
                                        floor["p50"]))
print("results: " + out)
PY
  exit 0
fi

if [ "$mode" = functions ]; then
  # A trivial function next to /v1/executions of the same work, pool 5, a fresh embedded store.
  echo "$front_end gateway, pool 5, functions..." >&2
  start_gateway 5 "-Dsandgate.data-dir=$(mktemp -d)"
  python3 bench/bench.py --port $port --key "$key" --phase runs --total "$warmup" --clients 4 >/dev/null
  fns=$(python3 bench/bench.py --port $port --key "$key" --phase functions --n "$seq_n")
  stop_gateway
  out="$results/$stamp-functions.json"
  python3 - "$out" "$fns" "$front_end" <<'PY'
import json, sys
out, fns, front_end = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
json.dump({"frontEnd": front_end, "functions": fns}, open(out, "w"), indent=2)
print("gateway: %s, pool 5; a handler returning 'hi' against print('hi'), alternating, one at a time" % front_end)
print("| runtime | function p50 | p99 | execution p50 | p99 | added p50 (ms) | target <= 3 ms |")
print("|---|---|---|---|---|---|---|")
for rt, r in fns.items():
    f, e = r["function"], r["execution"]
    added = r["addedP50"]
    print("| %s | %s | %s | %s | %s | %s | %s |" % (rt, f["p50"], f["p99"], e["p50"], e["p99"], added,
          "met" if added is not None and added <= 3 else "MISSED"))
print("results: " + out)
PY
  exit 0
fi

echo "floors (interpreter alone, raw engine churn)..." >&2
floors=$(python3 bench/bench.py --phase floors --seconds "$seconds")

runs="[]"
for size in "${pool_sizes[@]}"; do
  echo "pool size $size..." >&2
  start_gateway "$size"
  sleep 2
  idle=$(rss_kb "$gw_pid")
  # Warm the JIT up first: latency is measured on a gateway that has served traffic.
  python3 bench/bench.py --port $port --key "$key" --phase runs --total "$warmup" --clients 4 >/dev/null
  seq=$(python3 bench/bench.py --port $port --key "$key" --phase sequential --n "$seq_n")
  sus=$(python3 bench/bench.py --port $port --key "$key" --phase sustained --clients 8 32 --seconds "$seconds")
  cpu=$(python3 bench/bench.py --port $port --key "$key" --phase cpu)
  after=$(rss_kb "$gw_pid")
  aged=0
  if [ "$size" = "$aged_pool" ] && [ "$aged_runs" -gt 0 ]; then
    # RSS once the gateway has served $aged_runs runs in all (the phases above made about 400).
    python3 bench/bench.py --port $port --key "$key" --phase runs --total "$aged_runs" --clients 8 >/dev/null
    aged=$(rss_kb "$gw_pid")
  fi
  peak=$(hwm_kb "$gw_pid")
  runs=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r.append({"poolSize":int(sys.argv[2]),"sequential":json.loads(sys.argv[3]),"sustained":json.loads(sys.argv[4]),"cpuBound":json.loads(sys.argv[5]),"rssKb":{"idle":int(sys.argv[6]),"afterRuns":int(sys.argv[7]),"peak":int(sys.argv[8]),"afterAgedRuns":int(sys.argv[9])}}); print(json.dumps(r))' \
    "$runs" "$size" "$seq" "$sus" "$cpu" "$idle" "$after" "$peak" "$aged")
  stop_gateway
done

# The cold fallback: the same sequential runs with no warm interpreters (every run starts its own).
echo "pool size $aged_pool, no warm interpreters..." >&2
start_gateway "$aged_pool" -Dsandgate.pool.warm-interpreters=false
sleep 2
python3 bench/bench.py --port $port --key "$key" --phase runs --total "$warmup" --clients 4 >/dev/null
cold=$(python3 bench/bench.py --port $port --key "$key" --phase sequential --n "$seq_n")
stop_gateway

front_opts=$java_opts
[ "$front_end" = native ] && front_opts=$native_opts
python3 - "$out" "$floors" "$runs" "$front_opts" "$cold" "$aged_pool" "$front_end" <<'PY'
import json, sys, platform, os
out, floors, runs, opts, cold = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], json.loads(sys.argv[5])
cold_pool, front_end = int(sys.argv[6]), sys.argv[7]
doc = {"ociRuntime": os.environ.get("SANDGATE_OCI_RUNTIME", "runc"), "machine": {"cpus": os.cpu_count(), "kernel": platform.release()},
       "frontEnd": front_end, "options": opts,
       "floors": floors, "runs": runs, "coldSequential": {"poolSize": cold_pool, "sequential": cold}}
json.dump(doc, open(out, "w"), indent=2)
f = floors
rtt = f["agentRoundTrip"]["p50"]
churn = f["engineChurnPerSec"]
mem = f["sandboxMemoryMiB"]
print("gateway: %s (%s)" % (front_end, opts))
print("floors: interpreter start p50 pypy3 %.1f ms, python3 %.1f ms; agent round trip %.2f ms; direct per-run floor %.2f runs/s;"
      " idle sandbox %.1f MiB (warm pypy3 %.1f, warm python3 %.1f)" % (
    f["interpreter"]["pypy3"]["p50"], f["interpreter"]["python3"]["p50"], rtt, churn, mem["none"], mem["pypy3"], mem["python3"]))
mark = lambda ok: "yes" if ok else "no"
# Targets: pypy3 at most half its interpreter's own start; python3 at most 10 ms.
target = {"pypy3": 0.5 * f["interpreter"]["pypy3"]["p50"], "python3": 10.0}
print("| pool | runtime | start | seq p50 | seq p90 | seq p99 | interpreter start | target | met |")
print("|---|---|---|---|---|---|---|---|---|")
rows = [(r["poolSize"], "warm", r["sequential"]) for r in runs] + [(cold_pool, "cold", cold)]
for size, start, seq in rows:
    for rt, s in seq.items():
        met = mark(s["p50"] is not None and s["p50"] <= target[rt]) if start == "warm" else "-"
        print("| %d | %s | %s | %s | %s | %s | %.1f | %.1f | %s |" % (size, rt, start, s["p50"], s["p90"], s["p99"],
              f["interpreter"][rt]["p50"], target[rt], met))
print()
print("| pool | clients | exec/s | / direct floor | p50 ms | p99 ms | p99/p50 | 503s |")
print("|---|---|---|---|---|---|---|---|")
for r in runs:
    for s in r["sustained"]:
        ratio = s["p99"] / s["p50"] if s["p50"] else float("nan")
        print("| %d | %d | %s | %.2f | %s | %s | %.2f | %d |" % (r["poolSize"], s["clients"], s["execPerSec"],
              s["execPerSec"] / churn, s["p50"], s["p99"], ratio, s["count503"]))
print()
print("| pool | cpu-bound pypy3 ms | cpu-bound python3 ms | RSS idle MB | RSS after phases MB | RSS after 1,000 runs MB | RSS peak MB |")
print("|---|---|---|---|---|---|---|")
for r in runs:
    c = r["cpuBound"]; m = r["rssKb"]
    aged = "%.0f" % (m["afterAgedRuns"] / 1024) if m["afterAgedRuns"] else "-"
    print("| %d | %s | %s | %.0f | %.0f | %s | %.0f |" % (r["poolSize"], c["pypy3"]["programDurationMs"]["p50"],
          c["python3"]["programDurationMs"]["p50"], m["idle"]/1024, m["afterRuns"]/1024, aged, m["peak"]/1024))
print("\nresults: " + out)
PY
