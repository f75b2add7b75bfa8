#!/usr/bin/env bash
# Runs the load-agent-service accuracy benchmark (not part of ./mvnw verify). Usage, from the repository root:
#   load-agent-service/bench/run-bench.sh [seconds-per-cpu-level, default 20]
# Needs stress-ng (apt-get install -y stress-ng) and a compiled module (./mvnw -q -B -o compile -pl load-agent-service).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v stress-ng >/dev/null || { echo "stress-ng missing: apt-get install -y stress-ng" >&2; exit 1; }
CP_FILE=load-agent-service/target/bench-classpath.txt
# A fixed mmap threshold makes glibc return every freed 10 MB chunk to the OS (see the README, memory generator).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}"
# Through the reactor (-am): the sibling modules come from their target/classes, never from a stale installed jar.
./mvnw -q -B -o compile dependency:build-classpath -pl load-agent-service -am -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=compile >/dev/null
# Compiled rather than run as a source file: the CPU child JVM would otherwise spend its first seconds JIT-compiling javac.
CLASSES="load-agent-service/target/classes:$(cat "$CP_FILE")"
mkdir -p load-agent-service/target/bench-classes
javac -nowarn -d load-agent-service/target/bench-classes -cp "$CLASSES" load-agent-service/bench/AgentBench.java
exec java -XX:MaxDirectMemorySize=1g -Xmx256m -Dbench.seconds="${1:-20}" -Dbench.trace="${BENCH_TRACE:-false}" -Dbench.levels="${BENCH_LEVELS:-25,50,75,90}" -Dbench.only="${BENCH_ONLY:-cpu,host,memory,io,network}" \
  -cp "load-agent-service/target/bench-classes:$CLASSES" AgentBench
