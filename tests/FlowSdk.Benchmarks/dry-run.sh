#!/usr/bin/env bash
# Proves every benchmark runs; measures nothing. Builds in Release, runs each benchmark of tests/FlowSdk.Benchmarks,
# samples/CustomerSync.Benchmarks, tests/FlowSdk.Durability.Benchmarks, tests/FlowSdk.Instances.Benchmarks and
# tests/FlowSdk.Components.Benchmarks once with BenchmarkDotNet's Dry job (in
# process), and starts the webhook ingest app once to check its endpoints (202 for a signed request everywhere, 401 for a
# bad signature on the signed one). Exits non-zero if anything fails.
# The durability benchmarks' PostgreSQL cases need FLOWSDK_POSTGRES (.ci/run sources .ci/postgres.sh first); without it
# they are skipped and the run says so.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$SECONDS
artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT

# One build of the six benchmark projects (and what they reference), in one graph.
dotnet build tests/FlowSdk.Benchmarks/Benchmarks.slnf -c Release -nologo -v quiet
echo "dry run: built in $((SECONDS - start)) s"

# BenchmarkDotNet exits 0 when a benchmark throws; it lists such benchmarks under "Benchmarks with issues".
run_checked() {
  local name=$1; shift
  "$@" | tee "$artifacts/$name.log"
  if grep -q "Benchmarks with issues" "$artifacts/$name.log"; then
    echo "dry run: a benchmark of $name failed (see 'Benchmarks with issues' above)" >&2
    exit 1
  fi
}

run_checked flowsdk dotnet tests/FlowSdk.Benchmarks/bin/Release/net10.0/FlowSdk.Benchmarks.dll --dry --artifacts "$artifacts/flowsdk"
run_checked sample dotnet samples/CustomerSync.Benchmarks/bin/Release/net10.0/CustomerSync.Benchmarks.dll \
  --job Dry --inProcess --filter '*' --artifacts "$artifacts/sample"
step=$SECONDS
run_checked durability dotnet tests/FlowSdk.Durability.Benchmarks/bin/Release/net10.0/FlowSdk.Durability.Benchmarks.dll --dry --artifacts "$artifacts/durability"
echo "dry run: durability benchmarks in $((SECONDS - step)) s"
step=$SECONDS
run_checked instances dotnet tests/FlowSdk.Instances.Benchmarks/bin/Release/net10.0/FlowSdk.Instances.Benchmarks.dll --dry --filter '*' --artifacts "$artifacts/instances"
echo "dry run: instance routing benchmarks in $((SECONDS - step)) s"
step=$SECONDS
run_checked components dotnet tests/FlowSdk.Components.Benchmarks/bin/Release/net10.0/FlowSdk.Components.Benchmarks.dll --dry --artifacts "$artifacts/components"
echo "dry run: component benchmarks in $((SECONDS - step)) s"
SMOKE=1 NO_BUILD=1 "$here/webhook-ingest.sh"

echo "dry run: every benchmark ran once, in $((SECONDS - start)) s"
