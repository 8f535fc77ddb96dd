#!/usr/bin/env bash
# Sends a strace log to a real OpenTelemetry backend that nobody on the team wrote, and saves what
# its query API shows: Zipkin server 3.6.1 (Maven Central) with its OTLP/HTTP ingestion module
# (openzipkin-contrib/zipkin-otel 0.3.0, not on Maven Central: you need its module jar, built from
# its source, at ZIPKIN_OTEL_MODULE). For checking and documenting by hand; no test depends on it.
#
#   ZIPKIN_OTEL_MODULE=/path/zipkin-module-otel-0.3.0-module.jar bench/zipkin-otel.sh [LOG] [OUT]
#
# LOG defaults to testdata/corpus/w07-build.C-full.strace (a parallel build); OUT (default
# bench/work/zipkin) receives services.json, spans.json, dependencies.json, trace.json and the
# strace2otel output. Zipkin listens on 127.0.0.1:9411 only, keeps everything in memory, and is
# stopped at the end. Needs the CLI jar (./mvnw -pl systrument-cli -am package -DskipTests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
log=${1:-$root/testdata/corpus/w07-build.C-full.strace}
out=${2:-$here/work/zipkin}
zipkin_jar=${ZIPKIN_JAR:-$HOME/.m2/repository/io/zipkin/zipkin-server/3.6.1/zipkin-server-3.6.1-exec.jar}
module=${ZIPKIN_OTEL_MODULE:?set ZIPKIN_OTEL_MODULE to the zipkin-otel module jar (zipkin-module-otel-0.3.0-module.jar)}
cli=$root/systrument-cli/target/systrument-cli.jar
port=${ZIPKIN_PORT:-9411}
api=http://127.0.0.1:$port/api/v2

[[ -f $zipkin_jar ]] || { echo "no $zipkin_jar: mvn dependency:get -Dartifact=io.zipkin:zipkin-server:3.6.1:jar:exec" >&2; exit 2; }
[[ -f $module ]] || { echo "no $module" >&2; exit 2; }
[[ -f $cli ]] || { echo "no $cli: build the CLI first" >&2; exit 2; }
mkdir -p "$out"

# The module is loaded beside the server (Spring Boot's PropertiesLauncher), as its README says;
# the otel profile turns its OTLP/HTTP collector on (POST /v1/traces, /v1/logs on the query port).
# The launcher finds the module's nested lib/ only through a relative path: run beside a copy.
cp "$module" "$out/otel.jar"
(cd "$out" && STORAGE_TYPE=mem exec java -Xmx1g -Dloader.path=otel.jar,otel.jar!/lib -Dspring.profiles.active=otel \
  -Darmeria.ports[0].ip=127.0.0.1 -Darmeria.ports[0].port="$port" -Dserver.port="$port" \
  -cp "$zipkin_jar" org.springframework.boot.loader.launch.PropertiesLauncher > zipkin.log 2>&1) &
zipkin=$!
trap 'kill "$zipkin" 2>/dev/null || true; wait "$zipkin" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
  kill -0 "$zipkin" 2>/dev/null || { echo "zipkin exited; see $out/zipkin.log" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/health" > /dev/null || { echo "zipkin not up after 120 s" >&2; exit 1; }

# --relative-to-now: Zipkin's queries look back from now (an old log's spans would be outside them).
java -jar "$cli" strace2otel "$log" --logs --relative-to-now --endpoint "http://127.0.0.1:$port" \
  2>&1 | tee "$out/strace2otel.txt"
sleep 2 # the in-memory store indexes asynchronously

now=$(($(date +%s) * 1000))
curl -sf "$api/services" > "$out/services.json"
curl -sf "$api/dependencies?endTs=$now&lookback=3600000" > "$out/dependencies.json"
curl -sf "$api/traces?limit=1&lookback=3600000&endTs=$now" > "$out/traces.json"
trace_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0][0]["traceId"])' "$out/traces.json")
curl -sf "$api/trace/$trace_id" > "$out/trace.json"
service=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0])' "$out/services.json")
curl -sf "$api/spans?serviceName=$service" > "$out/spans.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
raw = json.load(open(out + "/trace.json"))
# Log records become name-less fragments (one annotation each) of their span's id: merge them.
merged = {}
for s in raw:
    m = merged.setdefault(s["id"], {"annotations": []})
    m["annotations"] += s.get("annotations", [])
    for k, v in s.items():
        if k != "annotations":
            m.setdefault(k, v)
trace = list(merged.values())
print("fragments:", len(raw), "spans:", len(trace))
ids = {s["id"] for s in trace}
roots = [s for s in trace if "parentId" not in s or s["parentId"] not in ids]
errors = [s for s in trace if "error" in s.get("tags", {})]
print("services:", json.load(open(out + "/services.json")))
print("span names of the first service:", json.load(open(out + "/spans.json")))
print("trace", trace[0]["traceId"], len(trace), "spans;", "roots:",
      [(r.get("name"), r.get("localEndpoint", {}).get("serviceName"), r.get("duration")) for r in roots])
print("errors:", sorted({(s.get("name"), s["tags"]["error"]) for s in errors}))
print("annotations:", sum(len(s.get("annotations", [])) for s in trace))
print("dependencies:", [(d["parent"], d["child"], d["callCount"]) for d in json.load(open(out + "/dependencies.json"))])
PY
