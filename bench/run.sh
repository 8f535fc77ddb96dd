#!/usr/bin/env bash
# End-to-end benchmark: builds the CLI, generates (or reuses) the large inputs, and measures each
# command RUNS times, printing median wall time, MB/s, lines/s and peak RSS (/usr/bin/time -v).
#
#   bench/run.sh                 # full run on the ~200-300 MB logs (see docs/performance.md)
#   bench/run.sh --small         # a quick run on a corpus file: proves the script still works
#   bench/run.sh --small --no-build   # the same with the jar already built (CI: BenchScriptIT)
#   RUNS=5 FILES=450 JAVA_OPTS=-Xmx256m bench/run.sh
#   bench/run.sh --jmh           # also the JMH benchmarks: reader, argument decoding, Perfetto encoder
#
# With Perfetto's trace_processor_shell on PATH (or in $TRACE_PROCESSOR_SHELL) it also measures
# side by side, alternating the two (A B A B ...): strace2perfetto against trace_processor's own
# import of the same log, and trace_processor opening our trace against opening the raw log; it
# prints medians, the min-max spread, CPU seconds, peak RSS and the ratios (issue 16's table).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

runs=${RUNS:-3}
files=${FILES:-450}
small=false
jmh=false
build=true
for arg in "$@"; do
  case "$arg" in
    --small) small=true ;;
    --jmh) jmh=true ;;
    --no-build) build=false ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if $build; then
  ./mvnw -B -q package -DskipTests
fi
jar="$root/systrument-cli/target/systrument-cli.jar"
java_opts=${JAVA_OPTS:-}

if $small; then
  inputs=("$root/testdata/corpus/w07-build.C-full.strace")
  runs=1
else
  "$here/gen-inputs.sh" "$files"
  inputs=("$here/work/yy-$files.strace" "$here/work/rec-$files.strace")
fi

out=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
python3 "$here/discard_otlp.py" "$port" > "$out/receiver.out" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 50); do grep -q ready "$out/receiver.out" 2>/dev/null && break; sleep 0.1; done

# name|arguments (INPUT is replaced by the log, OUT by a scratch file)
commands=(
  "check|check INPUT"
  "tree --json|tree --json INPUT"
  "strace2perfetto|strace2perfetto INPUT -o OUT"
  "strace2perfetto --no-syscalls|strace2perfetto --no-syscalls INPUT -o OUT"
  "strace2otel|strace2otel INPUT --endpoint http://127.0.0.1:$port"
)

printf '%-32s %-16s %10s %10s %12s %10s\n' command input "median s" "MB/s" "lines/s" "peak RSS"
for input in "${inputs[@]}"; do
  size=$(stat -c %s "$input")
  lines=$(wc -l < "$input")
  for entry in "${commands[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    args=${args//INPUT/$input}
    args=${args//OUT/$out/out.bin}
    times=(); rss=0
    for ((i = 0; i < runs; i++)); do
      # shellcheck disable=SC2086
      SYSTRUMENT_PROGRESS=never /usr/bin/time -v -o "$out/time.txt" java $java_opts -jar "$jar" $args \
        > /dev/null 2> "$out/stderr.txt" || { echo "FAILED: $name on $input" >&2; tail -5 "$out/stderr.txt" >&2; exit 1; }
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
      secs=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
      times+=("$secs")
      r=$(awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt")
      ((r > rss)) && rss=$r
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    awk -v n="$name" -v f="$(basename "$input")" -v s="$median" -v b="$size" -v l="$lines" -v r="$rss" \
      'BEGIN { printf "%-32s %-16s %10.2f %10.1f %12.0f %8.0f MB\n", n, f, s, b / 1e6 / s, l / s, r / 1024 }'
  done
done

tp=${TRACE_PROCESSOR_SHELL:-$(command -v trace_processor_shell || true)}
if [ -n "$tp" ]; then
  # One measured run: prints "wall cpu rss_kb" of COMMAND...
  measure() {
    SYSTRUMENT_PROGRESS=never /usr/bin/time -v -o "$out/time.txt" "$@" > /dev/null 2> "$out/stderr.txt" \
      || { echo "FAILED: $*" >&2; tail -5 "$out/stderr.txt" >&2; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
      /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
      END { printf "%s %s %s\n", w, u + s, r }' "$out/time.txt"
  }
  # median, min and max of column COL of FILE
  stats() { sort -g -k"$2" "$1" | awk -v c="$2" '{ a[NR] = $c } END { printf "%s %s %s", a[int((NR + 1) / 2)], a[1], a[NR] }'; }
  query="select count(*) from slice"
  echo
  echo "side by side with $("$tp" --version 2>/dev/null | head -1 || echo trace_processor_shell), $runs runs each, alternating"
  printf '%-26s %-36s %22s %8s %9s\n' input measured "median s (min-max)" "CPU s" "peak RSS"
  for input in "${inputs[@]}"; do
    : > "$out/ours.txt"; : > "$out/tp-log.txt"; : > "$out/tp-ours.txt"
    for ((i = 0; i < runs; i++)); do
      # shellcheck disable=SC2086
      measure java $java_opts -jar "$jar" strace2perfetto "$input" -o "$out/side.pftrace" >> "$out/ours.txt"
      measure "$tp" --query-string "$query" "$input" >> "$out/tp-log.txt"
      measure "$tp" --query-string "$query" "$out/side.pftrace" >> "$out/tp-ours.txt"
    done
    f=$(basename "$input")
    for pair in "ours|strace2perfetto" "tp-log|trace_processor imports the log" "tp-ours|trace_processor opens our trace"; do
      read -r med lo hi <<< "$(stats "$out/${pair%%|*}.txt" 1)"
      read -r cpu _ _ <<< "$(stats "$out/${pair%%|*}.txt" 2)"
      read -r rss _ _ <<< "$(stats "$out/${pair%%|*}.txt" 3)"
      awk -v f="$f" -v n="${pair#*|}" -v m="$med" -v lo="$lo" -v hi="$hi" -v c="$cpu" -v r="$rss" \
        'BEGIN { printf "%-26s %-36s %8.2f (%5.2f-%5.2f) %8.2f %6.0f MB\n", f, n, m, lo, hi, c, r / 1024 }'
    done
    read -r ours _ _ <<< "$(stats "$out/ours.txt" 1)"
    read -r theirs _ _ <<< "$(stats "$out/tp-log.txt" 1)"
    read -r opened _ _ <<< "$(stats "$out/tp-ours.txt" 1)"
    awk -v f="$f" -v a="$ours" -v b="$theirs" -v c="$opened" -v t="$(stat -c %s "$out/side.pftrace")" -v l="$(stat -c %s "$input")" \
      'BEGIN { printf "%-26s ratios: strace2perfetto / import %.2fx; opening our trace / importing the log %.2fx; trace bytes / log bytes %.2f\n", f, a / b, c / b, t / l }'
  done
fi

if $jmh; then
  # The classpath of a module's tests (its own classes, the reactor's model, the jars): -am and
  # test-compile so that the reactor modules resolve without 'mvn install'.
  test_classpath() { # module
    ./mvnw -B -q -pl "$1" -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >&2
    echo "$1/target/test-classes:$1/target/classes:$(cat "$out/cp.txt")"
  }
  cp=$(test_classpath systrument-parser)
  for input in "${inputs[@]}"; do
    java -cp "$cp" org.openjdk.jmh.Main 'ReaderBenchmark|DecoderBenchmark' -p log="$input"
  done
  cp=$(test_classpath systrument-perfetto)
  java -cp "$cp" org.openjdk.jmh.Main EncoderBenchmark
fi
