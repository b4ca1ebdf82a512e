#!/usr/bin/env bash
# Webhook ingest: accepted requests/s and p50/p99 latency of a FlowSdk webhook flow (MapFlowWebhooks) against a bare
# minimal-API endpoint that does nothing, both in one Kestrel app on loopback, loaded with wrk.
#
#   tests/FlowSdk.Benchmarks/webhook-ingest.sh            # 10 s per endpoint, 32 connections, 1 wrk thread
#   DURATION=30 CONNECTIONS=64 tests/FlowSdk.Benchmarks/webhook-ingest.sh
#
# Installs wrk from the distribution's packages when it is missing. Prints a Markdown table and the ratio.
# NO_BUILD=1 skips the Release build of the app (when it is built already).
# SMOKE=1 only starts the app and checks that both endpoints answer 202 (no wrk, no load): dry-run.sh uses it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORT:-5199}"
duration="${DURATION:-10}"
warmup="${WARMUP:-3}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
base="http://127.0.0.1:$port"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build "$here/WebhookIngest/WebhookIngest.csproj" -c Release -nologo -v quiet >/dev/null
fi
app="$here/WebhookIngest/bin/Release/net10.0/WebhookIngest.dll"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet "$app" --urls "$base" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if curl -fs "$base/count" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
curl -fs "$base/count" >/dev/null || { echo "the web app did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

body='{"id":42,"customer":"ada@example.com","amount":120.5}'
for route in /hooks/orders /bare; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base$route" -H 'Content-Type: application/json' -d "$body")
  [ "$status" = 202 ] || { echo "POST $route answered $status, expected 202" >&2; exit 1; }
done

if [ "${SMOKE:-0}" = 1 ]; then
  echo "webhook ingest app: POST /hooks/orders and POST /bare answer 202"
  exit 0
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk ..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

# Milliseconds from a wrk latency such as 512.00us, 1.23ms or 1.01s.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

declare -A rps p50 p99
for route in /bare /hooks/orders; do
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/post.lua" "$base$route" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$base$route" >"$work/wrk.txt"
  total=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
  seconds=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' "$work/wrk.txt")
  rejected=$(awk '/Non-2xx or 3xx responses/ { print $5 }' "$work/wrk.txt")
  errors=$(awk '/Socket errors/ { print }' "$work/wrk.txt")
  rps[$route]=$(awk -v t="$total" -v r="${rejected:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", (t - r) / s }')
  p50[$route]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")
  p99[$route]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")
  echo "$route: $total requests in ${seconds}s, ${rejected:-0} not accepted${errors:+, $errors}" >&2
done

ran=$(curl -fs "$base/count")
echo "wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }'), ${threads} thread(s), ${connections} connections, ${duration} s per endpoint after ${warmup} s of warm-up; $(nproc) cores; .NET $(dotnet --version) SDK"
echo
echo "| Endpoint | Accepted req/s | p50 (ms) | p99 (ms) |"
echo "| --- | ---: | ---: | ---: |"
echo "| bare minimal API \`POST /bare\` (does nothing) | ${rps[/bare]} | ${p50[/bare]} | ${p99[/bare]} |"
echo "| FlowSdk webhook \`POST /hooks/orders\` (bind JSON, enqueue, 202) | ${rps[/hooks/orders]} | ${p50[/hooks/orders]} | ${p99[/hooks/orders]} |"
echo
awk -v f="${rps[/hooks/orders]}" -v b="${rps[/bare]}" -v f50="${p50[/hooks/orders]}" -v b50="${p50[/bare]}" -v f99="${p99[/hooks/orders]}" -v b99="${p99[/bare]}" \
  'BEGIN { printf "Ratio FlowSdk/bare: throughput %.2f, p50 latency %.2f, p99 latency %.2f\n", f / b, f50 / b50, f99 / b99 }'
echo "Executions run by the flow during the test: $ran"
