#!/usr/bin/env bash
# Leadwire intake benchmark. Run from anywhere after `mvn -B -DskipTests package` at the root:
#
#   bench/run.sh            # everything: 5 sweeps, closed loop, kill -9, mapping, pipeline (~14 min)
#   bench/run.sh sweep-a    # one part: sweep-a | sweep-a-zgc | sweep-jetty | sweep-b | sweep-c | closed | kill9 | p99-1000
#   bench/run.sh mapping    # JMH: buyer mapping render throughput, 1 thread (~1 min)
#   bench/run.sh pipeline   # received -> decided latency at 1000 leads/s + JMH of LeadJudge alone (~1 min)
#   bench/run.sh delivery   # delivery: throughput to a 50 ms buyer, then ack -> buyer latency at 200/s (~4 min)
#   bench/run.sh delivery-throughput | delivery-latency   # one of the two
#   bench/run.sh callback-latency   # buyer callbacks: signed event -> 202 at 300/s (~1 min)
#   bench/run.sh dashboards # 1M leads over 30 days into H2, figures catch-up, dashboard reads at 24 h/7 d/30 d (~10 min)
#   bench/run.sh nodes      # PostgreSQL scale-out: delivery throughput with one serve, then two, on one database (~6 min)
#   bench/run.sh raw sweep --config x --rates 1000 --seconds 5   # the Bench class directly
#
# Every part starts its own `leadwire serve` on 127.0.0.1 (ephemeral port, fresh data dir under
# bench/target/runs), talks only to it and stops by itself. Output is also kept in
# bench/target/results-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f target/leadwire.jar ]]; then
  echo "bench: target/leadwire.jar is missing; run 'mvn -B -DskipTests package' at the root first" >&2
  exit 1
fi
mvn -B -q -f bench/pom.xml package

CP="bench/target/classes:bench/target/lib/*:target/leadwire.jar:target/lib/*"
NODELAY="-Dsun.net.httpserver.nodelay=true"
HEAP="-Xms256m -Xmx1g"

bench() {
  java $HEAP ${BENCH_JAVA_OPTS:-} -cp "$CP" io.leadwire.bench.Bench "$@"
}

# Server JVM flags per configuration (passed to the `leadwire serve` child).
sweep_a() { # JDK HttpServer + nodelay + group commit: the shipped configuration
  bench sweep --config "a: JDK server, nodelay, group commit" \
    --server-flag "$NODELAY" --server-flag -Xmx1g --rates 500,1000,2000,3000,4000,5000
}
sweep_a_zgc() { # (a) with ZGC in the server JVM: shorter GC pauses (see README)
  bench sweep --config "a+ZGC: JDK server, nodelay, group commit, -XX:+UseZGC" \
    --server-flag "$NODELAY" --server-flag -Xmx1g --server-flag -XX:+UseZGC --rates 500,1000,2000,3000,4000,5000
}
sweep_b() { # same, one H2 commit per lead (group commit off via the benchmarking knob)
  bench sweep --config "b: JDK server, nodelay, commit per lead" \
    --server-flag "$NODELAY" --server-flag -Xmx1g --server-flag -Dleadwire.intake.maxBatch=1 \
    --rates 500,1000,2000,3000
}
sweep_c() { # JDK server without nodelay (Nagle + delayed ACK)
  bench sweep --config "c: JDK server, no nodelay, group commit" \
    --server-flag -Xmx1g --rates 500,1000,2000
}
sweep_jetty() { # bench-only Jetty 12 front end (JettyIntake) on the same IntakeService + group commit
  BENCH_JAVA_OPTS=-Dbench.server=jetty bench sweep --config "j: Jetty 12, group commit" \
    --server-flag -Xmx1g --rates 500,1000,2000,3000,4000,5000
}
closed() {
  bench closed --config "a: closed loop, 64 conns" --server-flag "$NODELAY" --server-flag -Xmx1g
}
p99_1000() { # the p99 target step alone, repeated, default G1 vs ZGC (GC pauses dominate the tail)
  for i in 1 2 3 4; do
    bench sweep --config "a (G1, default GC) #$i" --server-flag "$NODELAY" --server-flag -Xmx1g --rates 1000
    bench sweep --config "a+ZGC #$i" --server-flag "$NODELAY" --server-flag -Xmx1g --server-flag -XX:+UseZGC \
      --rates 1000
  done
}
jmh() { # JMH with the forks/iterations pinned in the benchmark classes' annotations
  java $HEAP -cp "$CP" org.openjdk.jmh.Main "$@"
}
mapping() { # MappingEngine.render, single thread: 20-field nested JSON (the issue's case), form and SOAP/XML examples
  echo
  echo "## JMH: io.leadwire.bench.jmh.MappingBench (MappingEngine.render, @Threads(1))"
  echo
  jmh 'io\.leadwire\.bench\.jmh\.MappingBench\.'
}
pipeline() { # quality stage: received -> decided at 1000 leads/s (timeline from H2), then LeadJudge.judge alone
  bench decided --config "a: JDK server, nodelay, group commit, quality stage as shipped" \
    --server-flag "$NODELAY" --server-flag -Xmx1g --rate 1000 --seconds 10
  echo
  echo "## JMH: io.leadwire.bench.jmh.JudgeBench (LeadJudge.judge, QualityPolicy.defaults(), @Threads(1))"
  echo
  jmh 'io\.leadwire\.bench\.jmh\.JudgeBench\.'
}
delivery_throughput() { # 200,000 stored ACCEPTED leads (~2 min: the first minute is JIT warm-up) -> one buyer answering in 50 ms, concurrency 256
  bench delivery-throughput --server-flag "$NODELAY" --server-flag -Xmx1g --leads 200000 --buyer-ms 50 \
    --concurrency 256 --max-seconds 300 --warm-seconds 60
}
delivery_latency() { # intake ack -> buyer receipt, whole pipeline, 200 leads/s for 60 s after 30 s warm-up, fast buyer
  bench delivery-latency --server-flag "$NODELAY" --server-flag -Xmx1g --rate 200 --seconds 60 --warmup 30
}
nodes() { # one serve vs two on one PostgreSQL: a private server in a temp dir, started and stopped here
  local pgbin dir port pw
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -x "$pgbin/postgres" ]] || { echo "bench nodes: PostgreSQL is not installed (src/test/scripts/ensure-postgres.sh installs it)" >&2; return 1; }
  dir="$(mktemp -d /tmp/leadwire-bench-pg-XXXXXX)"
  pw="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  printf '%s\n' "$pw" > "$dir/pw"
  local as=()
  if [[ "$(id -u)" == 0 ]]; then chown -R postgres "$dir"; as=(runuser -u postgres --); fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${as[@]}" "$pgbin/initdb" -D "$dir/data" -U leadwire --pwfile="$dir/pw" --auth-host=scram-sha-256 \
    --auth-local=trust -E UTF8 --locale=C >/dev/null
  "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -h 127.0.0.1 -k $dir -c max_connections=200" start >/dev/null
  echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (default durability: fsync and synchronous_commit on)"
  local rc=0
  for n in ${NODES:-1 2}; do   # NODES="2" runs only two; NODES_ARGS adds bench flags (e.g. --keep)
    "$pgbin/psql" -q -h "$dir" -p "$port" -U leadwire -d postgres -c "CREATE DATABASE nodes$n" || rc=1
    LEADWIRE_DB_PASSWORD="$pw" bench nodes --db-url "jdbc:postgresql://127.0.0.1:$port/nodes$n" --db-user leadwire \
      --nodes "$n" --server-flag "$NODELAY" --server-flag -Xmx512m ${NODES_ARGS:-} || rc=1
  done
  "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
  return $rc
}

callback_latency() { # signed buyer callbacks -> 202 at a steady 300/s for 30 s after a 10 s warm-up
  bench callback-latency --server-flag "$NODELAY" --server-flag -Xmx1g --rate 300 --seconds 30 --warmup 10
}
dashboards() { # the store in-process (no server child): generation, catch-up, then the ViewModel's reads
  bench dashboards --leads 1000000 --vendors 20 --buyers 10 --days 30
}
kill9() {
  bench kill9 --kills 3 --rate 2000 --server-flag "$NODELAY" --server-flag -Xmx1g
}

mkdir -p bench/target
out="bench/target/results-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# leadwire bench $(date -u +%FT%TZ), nproc=$(nproc), $(java -version 2>&1 | head -1)"
  case "${1:-all}" in
    all) sweep_a; sweep_a_zgc; sweep_jetty; sweep_b; sweep_c; closed; kill9; mapping; pipeline ;;
    sweep-a) sweep_a ;;
    sweep-a-zgc) sweep_a_zgc ;;
    sweep-jetty) sweep_jetty ;;
    sweep-b) sweep_b ;;
    sweep-c) sweep_c ;;
    closed) closed ;;
    kill9) kill9 ;;
    p99-1000) p99_1000 ;;
    mapping) mapping ;;
    pipeline) pipeline ;;
    delivery) delivery_throughput; delivery_latency ;;
    delivery-throughput) delivery_throughput ;;
    delivery-latency) delivery_latency ;;
    callback-latency) callback_latency ;;
    nodes) nodes ;;
    dashboards) dashboards ;;
    raw) shift; bench "$@" ;;
    *) echo "usage: bench/run.sh [all|sweep-a|sweep-a-zgc|sweep-jetty|sweep-b|sweep-c|closed|kill9|p99-1000|mapping|pipeline|delivery|delivery-throughput|delivery-latency|nodes|callback-latency|dashboards|raw ARGS...]" >&2; exit 2 ;;
  esac
} 2>&1 | tee "$out"
exit "${PIPESTATUS[0]}"
