#!/usr/bin/env bash
# Generates the large benchmark inputs reproducibly and caches them under bench/work/.
#
# Records `make -j2` of N generated C files under strace, once per flag set:
#   yy.strace   -f -ttt -T -yy -v -s 256                                (the "-yy build log")
#   rec.strace  --seccomp-bpf -f -e status=!unfinished -Ttttyyv -s 4096 (the recommended flags)
# Usage: bench/gen-inputs.sh [FILES]   (default 600 files, ~200-400 MB per log)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work="$here/work"
files=${1:-600}
mkdir -p "$work"

proj="$work/proj-$files"
if [[ ! -f "$proj/Makefile" ]]; then
  rm -rf "$proj"; mkdir -p "$proj"
  for ((i = 0; i < files; i++)); do
    cat > "$proj/f$i.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int f$i(int x) { char buf[64]; snprintf(buf, sizeof buf, "%d", x * $i); return (int) strlen(buf) + atoi(buf); }
C
  done
  {
    echo 'SRCS := $(wildcard f*.c)'
    echo 'OBJS := $(SRCS:.c=.o)'
    echo 'all: libbench.a'
    echo 'libbench.a: $(OBJS)'
    printf '\tar rcs $@ $^\n'
    echo '%.o: %.c'
    printf '\tgcc -O1 -c -o $@ $<\n'
    echo 'clean:'
    printf '\trm -f *.o libbench.a\n'
  } > "$proj/Makefile"
fi

if [[ -n "${FILES_ONLY:-}" ]]; then
  exit 0
fi

record() { # name strace-flags...
  local name=$1; shift
  local out="$work/$name-$files.strace"
  if [[ -s "$out" ]]; then echo "cached: $out ($(du -h "$out" | cut -f1))"; return; fi
  make -s -C "$proj" clean
  strace "$@" -o "$out.tmp" -- make -s -j2 -C "$proj" all
  mv "$out.tmp" "$out"
  echo "recorded: $out ($(du -h "$out" | cut -f1), $(wc -l < "$out") lines)"
}
record yy -f -ttt -T -yy -v -s 256
record rec --seccomp-bpf -f -e 'status=!unfinished' -Ttttyyv -s 4096
