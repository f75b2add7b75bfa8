#!/usr/bin/env bash
# Runs the load-agent-service fail-safe benchmark (not part of ./mvnw verify): time from lease expiry and from a
# stalled control tick to zero load. Usage, from the repository root:
#   load-agent-service/bench/run-failsafe-bench.sh [trials, default 20]
# Compiles the module and its tests (the bench stalls its ticks with the tests' FaultyGenerator).
set -euo pipefail
cd "$(dirname "$0")/../.."
CP_FILE=load-agent-service/target/bench-classpath.txt
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}"
# Through the reactor (-am): the sibling modules come from their target/classes, never from a stale installed jar.
./mvnw -q -B -o test-compile dependency:build-classpath -pl load-agent-service -am -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=compile >/dev/null
CLASSES="load-agent-service/target/classes:load-agent-service/target/test-classes:$(cat "$CP_FILE")"
mkdir -p load-agent-service/target/bench-classes
javac -nowarn -d load-agent-service/target/bench-classes -cp "$CLASSES" load-agent-service/bench/AgentFailSafeBench.java
exec java -XX:MaxDirectMemorySize=256m -Xmx256m -Dbench.trials="${1:-20}" \
  -cp "load-agent-service/target/bench-classes:$CLASSES" AgentFailSafeBench
