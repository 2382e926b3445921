#!/usr/bin/env bash
# Bulk import speed and memory: `pipe import` of generated deal CSVs (100k and 1M rows) against
# sqlite3's own `.import --csv` of the same file into a bare table, with peak RSS from
# /usr/bin/time -v, and the time sqlite3 itself takes to load the same rows into pipe's schema
# with plain SQL (the last column; bench/schema_load.sh). Prints figures and the ratio; asserts
# nothing.
#   bench/import.sh [BUILD_DIR]      (default: build; use a Release build)
# Environment: SIZES (default "100000 1000000").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$here/../build}
PIPE=$(realpath "$BUILD/pipe")
SIZES=${SIZES:-"100000 1000000"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1 TZ=UTC
export PIPE_NOW=2027-01-15T10:00:00 PIPE_STAGES=$here/../examples/stages-b2b-saas.toml
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench needs sqlite3" >&2; exit 1; }

# generate N FILE: N deal rows, the same bytes every time.
generate() { "$here/deals_csv.sh" "$1" "$2"; }

# measure LABEL COMMAND...: prints seconds and peak RSS (KiB) of one run.
measure() {
    local label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    echo "$label $wall $rss"
}

printf '%-10s %12s %12s %8s %14s %14s %18s\n' rows "pipe s" "sqlite3 s" ratio "pipe RSS MiB" \
    "sqlite3 MiB" "sqlite3 schema s"
for n in $SIZES; do
    csv=$work/deals-$n.csv
    generate "$n" "$csv"
    rm -f "$work/pipe.db"* "$work/bare.db"
    read -r _ pipe_s pipe_kb < <(measure pipe env PIPE_DB="$work/pipe.db" "$PIPE" -q import "$csv")
    rows=$(sqlite3 "$work/pipe.db" 'SELECT count(*) FROM deals')
    [ "$rows" = "$n" ] || { echo "pipe imported $rows of $n rows" >&2; exit 1; }
    read -r _ sql_s sql_kb < <(measure sqlite3 sqlite3 "$work/bare.db" ".import --csv $csv deals")
    rm -f "$work/schema.db"*
    PIPE_DB="$work/schema.db" "$PIPE" -q init >/dev/null
    "$here/schema_load.sh" "$work/schema.db" "$csv" >"$work/load.sql"
    read -r _ schema_s _ < <(measure schema sqlite3 "$work/schema.db" ".read $work/load.sql")
    printf '%-10s %12.2f %12.2f %8.2f %14.1f %14.1f %18.2f\n' "$n" "$pipe_s" "$sql_s" \
        "$(awk -v a="$pipe_s" -v b="$sql_s" 'BEGIN { print (b > 0 ? a / b : 0) }')" \
        "$(awk -v k="$pipe_kb" 'BEGIN { print k / 1024 }')" "$(awk -v k="$sql_kb" 'BEGIN { print k / 1024 }')" \
        "$schema_s"
    rm -f "$csv" "$work/schema.db"*
done
