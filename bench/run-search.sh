#!/usr/bin/env bash
# Runs `tauar bench search` side by side with PostgreSQL and SQLite FTS5 (issue 4).
#
#   bench/run-search.sh GOODS [DATA_DIR] [extra tauar bench search flags…]
#
# Builds tauar in release, starts a throw-away PostgreSQL cluster (installed from Debian
# packages when absent) unless TAUAR_BENCH_PG_URL is set, and writes
# bench-results/search-<GOODS>.json. Datasets are kept in DATA_DIR (default
# ../bench-data-<GOODS> beside the clone) and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
goods="${1:?number of goods}"; shift
dir="${1:-../bench-data-$goods}"; [ $# -gt 0 ] && shift
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tauar/target}"
cargo build --release --locked -p tauar
bin="$CARGO_TARGET_DIR/release/tauar"
mkdir -p bench-results
if [ -z "${TAUAR_BENCH_PG_URL:-}" ]; then
  source .ci/postgres.sh
  trap pg_stop EXIT
  pg_start
  export TAUAR_BENCH_PG_URL="$TAUAR_TEST_DATABASE_URL"
fi
"$bin" bench search --data-dir "$dir" --goods "$goods" --out "bench-results/search-$goods.json" "$@"
