#!/usr/bin/env bash
# Issue #6's overhead benchmark: `record` against bare `strace -o FILE` with the same flags, on a
# small parallel build (make -j2 of FILES generated C files). Prints median wall times and the ratio.
#
#   bench/record-overhead.sh [FILES]    (default 60; RUNS=5 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
files=${1:-60}
runs=${RUNS:-5}
cd "$root"
./mvnw -B -q package -DskipTests
jar="$root/systrument-cli/target/systrument-cli.jar"

# The project generator lives in gen-inputs.sh; make it create the sources only (0-byte logs are
# not recorded because the project exists after the first call).
proj="$here/work/proj-$files"
if [[ ! -f "$proj/Makefile" ]]; then
  FILES_ONLY=1 "$here/gen-inputs.sh" "$files" >/dev/null 2>&1 || true
fi
[[ -f "$proj/Makefile" ]] || { echo "no project at $proj" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The flags record chooses on this strace (printed by record itself on stderr).
flags=$(cd /tmp && java -jar "$jar" record -o "$out/probe.strace" -- true 2>&1 >/dev/null | sed -n 's/^systrument: recorded with [^:]*: //p')
echo "strace flags: $flags"

measure() { # label command...
  local label=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    make -s -C "$proj" clean
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2> "$out/stderr.txt" || { echo "FAILED: $label" >&2; tail -5 "$out/stderr.txt" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

# shellcheck disable=SC2086
bare=$(measure "strace -o" strace $flags -o "$out/bare.strace" -- make -s -j2 -C "$proj" all)
rec=$(measure "record" java -jar "$jar" record --output-perfetto "$out/rec.pftrace" -- make -s -j2 -C "$proj" all)
plain=$(measure "no tracing" make -s -j2 -C "$proj" all)
awk -v b="$bare" -v r="$rec" -v p="$plain" -v n="$runs" -v f="$files" 'BEGIN {
  printf "make -j2 of %d files, median of %d runs\n", f, n
  printf "  untraced            %7.2f s\n", p
  printf "  strace -o FILE      %7.2f s\n", b
  printf "  systrument record   %7.2f s\n", r
  printf "  ratio record/strace %7.3f\n", r / b
}'
