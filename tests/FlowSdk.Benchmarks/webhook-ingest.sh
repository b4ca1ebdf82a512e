#!/usr/bin/env bash
# Webhook ingest: accepted requests/s and p50/p99 latency of FlowSdk webhooks against bare minimal-API endpoints that
# read the same body, all in one Kestrel app on loopback (WebhookIngest/Program.cs), loaded with wrk:
#   /bare                 reads the whole body into a pooled buffer, answers 202 (the baseline of the goal)
#   /bare-bind            the same, and deserializes it into the webhook's payload type
#   /hooks/orders         FlowSdk webhook, MapFlowWebhooks(): bind JSON, enqueue, 202 with the execution id
#   /hooks/orders/bench   the same flow's webhook for instance "bench", MapFlowInstanceWebhooks(): Standard Webhooks
#                         signature verified with the instance's secret, delivery id recorded, then as above
#   /hooks/orders-failures/bench-failures   as /hooks/orders/bench for a flow whose history keeps only failures
#                         (FlowOptions.History = Failures): no history row for a completed execution
#   /hooks/orders-durable/bench-durable   the same for a flow left durable (the default with a store): the message and
#                         its delivery id are stored before the 202 (SQLite in a temp folder, or the PostgreSQL
#                         server of FLOWSDK_INGEST_POSTGRES in a schema of its own)
# Both other FlowSdk endpoints keep their queue in memory (Durable = false); the signed one still records each delivery
# id in the store, as the contract asks (a redelivery is answered like the first and does not run again).
# Every endpoint gets the same requests: the same JSON body and correctly signed Standard Webhooks headers, each request
# with its own webhook-id (so the signed endpoint sees no redelivery). `WebhookIngest sign` computes the signatures just
# before each endpoint's load, for one timestamp taken then: well inside the 5-minute signature tolerance.
#
#   tests/FlowSdk.Benchmarks/webhook-ingest.sh            # 10 s per endpoint, 32 connections, 1 wrk thread
#   DURATION=30 CONNECTIONS=64 tests/FlowSdk.Benchmarks/webhook-ingest.sh
#   FLOWSDK_INGEST_POSTGRES="Host=...;..." tests/FlowSdk.Benchmarks/webhook-ingest.sh   # the store on PostgreSQL
#
# Installs wrk from the distribution's packages when it is missing. Prints a Markdown table and the ratios.
# NO_BUILD=1 skips the Release build of the app (when it is built already).
# SMOKE=1 only starts the app and checks the answers (no wrk, no load): every endpoint answers 202 to a signed request,
# and the signed endpoint 401 to a wrong signature and to missing signature headers. dry-run.sh uses it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${PORT:-5199}"
duration="${DURATION:-10}"
warmup="${WARMUP:-3}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
base="http://127.0.0.1:$port"
signed=/hooks/orders/bench
durable=/hooks/orders-durable/bench-durable
failures=/hooks/orders-failures/bench-failures

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

body='{"id":42,"customer":"ada@example.com","amount":120.5}'
# Two signed requests for the checks below; the load signs its own sets (see the loop).
dotnet "$app" sign "$work" "$body" 2 w m

for _ in $(seq 1 300); do
  if curl -fs "$base/ready" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
curl -fs "$base/ready" >/dev/null || { echo "the web app did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

# The first signature of the measured set, for the checks.
timestamp=$(sed -n 1p "$work/m.txt")
signature=$(sed -n 2p "$work/m.txt")
post() { # route, then extra curl arguments; prints the status code
  local route=$1; shift
  curl -s -o /dev/null -w '%{http_code}' -X POST "$base$route" -H 'Content-Type: application/json' -d "$body" "$@"
}
expect() { # status, route, description, curl arguments
  local want=$1 route=$2 what=$3; shift 3
  local got; got=$(post "$route" "$@")
  [ "$got" = "$want" ] || { echo "POST $route ($what) answered $got, expected $want" >&2; exit 1; }
}
wrong="v1,$(printf 'A%.0s' $(seq 1 43))="
expect 401 "$signed" "wrong signature" -H "webhook-id: m0" -H "webhook-timestamp: $timestamp" -H "webhook-signature: $wrong"
expect 401 "$signed" "no signature headers"
expect 401 "$signed" "signed for another id" -H "webhook-id: m1" -H "webhook-timestamp: $timestamp" -H "webhook-signature: v1,$signature"
for route in /bare /bare-bind /hooks/orders "$signed" "$failures" "$durable"; do
  expect 202 "$route" "signed" -H "webhook-id: m0" -H "webhook-timestamp: $timestamp" -H "webhook-signature: v1,$signature"
done

if [ "${SMOKE:-0}" = 1 ]; then
  echo "webhook ingest app: /bare, /bare-bind, /hooks/orders, $signed, $failures and $durable answer 202 to a signed request; $signed answers 401 to a wrong, a missing and another request's signature"
  exit 0
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk ..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# Each request: the body, the timestamp of the set and the next id's signature. Thread t of T sends ids t, t+T, ...
# The requests are formatted once, in init (before wrk's clock starts), so sending one costs wrk no more than a fixed
# request would; the same script loads every endpoint.
cat >"$work/signed.lua" <<LUA
local threads, created = {}, 0
function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end
function init(args)
  local prefix, step = args[1], tonumber(args[3])
  local lines = io.lines(args[2])
  local headers = { ["Content-Type"] = "application/json", ["webhook-timestamp"] = lines() }
  requests = {}
  local id = 0
  for line in lines do
    if id % step == tid then
      headers["webhook-id"] = prefix .. id
      headers["webhook-signature"] = "v1," .. line
      requests[#requests + 1] = wrk.format("POST", nil, headers, '$body')
    end
    id = id + 1
  end
  n, i, wraps = #requests, 0, 0
end
function request()
  if i == n then i, wraps = 0, wraps + 1 end
  i = i + 1
  return requests[i]
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    if thread:get("wraps") > 0 then io.stderr:write("warning: ids were reused (redeliveries); raise the count in webhook-ingest.sh\n") end
  end
end
LUA

# Milliseconds from a wrk latency such as 512.00us, 1.23ms or 1.01s.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

routes=(/bare /bare-bind /hooks/orders "$failures" "$signed" "$durable")
declare -A rps p50 p99 ran
for route in "${routes[@]}"; do
  # Signed just before each endpoint's load, so no signature nears the 5-minute tolerance whatever DURATION is (under
  # 4 minutes). Distinct webhook-ids: enough for 50,000 requests/s, more than any endpoint serves here.
  dotnet "$app" sign "$work" "$body" $(( 50000 * (duration > warmup ? duration : warmup) )) w m
  before=$(curl -fs "$base/count")
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/signed.lua" "$base$route" -- w "$work/w.txt" "$threads" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/signed.lua" "$base$route" -- m "$work/m.txt" "$threads" >"$work/wrk.txt"
  total=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
  seconds=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' "$work/wrk.txt")
  rejected=$(awk '/Non-2xx or 3xx responses/ { print $5 }' "$work/wrk.txt")
  errors=$(awk '/Socket errors/ { print }' "$work/wrk.txt")
  rps[$route]=$(awk -v t="$total" -v r="${rejected:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", (t - r) / s }')
  p50[$route]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")
  p99[$route]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")
  sleep 1 # let the flow run what it accepted
  ran[$route]=$(( $(curl -fs "$base/count") - before ))
  echo "$route: $total requests in ${seconds}s, ${rejected:-0} not accepted${errors:+, $errors}; executions run ${ran[$route]} (warm-up included)" >&2
done

echo "wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }'), ${threads} thread(s), ${connections} connections, ${duration} s per endpoint after ${warmup} s of warm-up; $(nproc) cores; .NET $(dotnet --version) SDK; store: $([ -n "${FLOWSDK_INGEST_POSTGRES:-}" ] && echo PostgreSQL || echo SQLite)"
echo
echo "| Endpoint | Accepted req/s | p50 (ms) | p99 (ms) | req/s ÷ bare | req/s ÷ bare-bind |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row() { # label, route
  awk -v l="$1" -v r="${rps[$2]}" -v a="${p50[$2]}" -v b="${p99[$2]}" -v x="${rps[/bare]}" -v y="${rps[/bare-bind]}" \
    'BEGIN { printf "| %s | %d | %s | %s | %.2f | %.2f |\n", l, r, a, b, r / x, r / y }'
}
row "bare \`POST /bare\` (read the body into a pooled buffer)" /bare
row "bare \`POST /bare-bind\` (read, deserialize \`OrderPlaced\`)" /bare-bind
row "FlowSdk \`POST /hooks/orders\`, unsigned (read, bind, enqueue)" /hooks/orders
row "FlowSdk \`POST $signed\`, Standard Webhooks signature verified (delivery id stored)" "$signed"
row "FlowSdk \`POST $failures\`, signed, history of failures only (delivery id stored)" "$failures"
row "FlowSdk \`POST $durable\`, signed, durable (message and delivery id stored)" "$durable"
echo
awk -v s="${rps[$signed]}" -v b="${rps[/bare]}" 'BEGIN { r = s / b; v = "missed"; if (r >= 0.8) v = "met"; printf "Goal: signed ≥ 0.8 × bare; measured %.2f × (%s)\n", r, v }'
