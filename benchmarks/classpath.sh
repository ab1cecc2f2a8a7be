#!/usr/bin/env bash
# Prints the test class path (compiled classes + every dependency) for benchmark harnesses.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q --no-transfer-progress -DskipTests test-compile >&2
mvn -B -q --no-transfer-progress dependency:build-classpath -Dmdep.outputFile=build/bench/classpath.txt -Dmdep.includeScope=test >&2
echo "target/test-classes:target/classes:$(cat build/bench/classpath.txt)"
