# Shared helpers for the end-to-end tests: each test runs the built binary as a user would,
# on a fresh temporary database, with a fixed clock, and checks stdout, stderr, exit codes and
# the database file. Source it from a test_*.sh script; end the script with `finish`.
set -u
: "${PIPE:?set PIPE to the pipe binary}"
PIPE_SOURCE_DIR=${PIPE_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data
export PIPE_DB=$TMP/pipe.db PIPE_NOW=2026-03-02T09:00:00 TZ=UTC NO_COLOR=1 COLUMNS=120
unset PIPE_STAGES EDITOR VISUAL
mkdir -p "$HOME"
PASSES=0
FAILS=0
CODE=0
OUT=""
ERR=""

# run ARGS...: run pipe, keeping its exit code in CODE, stdout in OUT, stderr in ERR.
run() {
    "$PIPE" "$@" >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    CODE=$?
    OUT=$(cat "$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
}

# on_terminal ARGS...: like run, with stdout and stderr on a pseudo-terminal (script(1)), as a
# user at a terminal sees it (CR LF read back as LF); both land in OUT. Returns 77 (skip) when
# script(1) is missing.
on_terminal() {
    command -v script >/dev/null || return 77
    script -qec "$(printf '%q ' "$PIPE" "$@")" /dev/null </dev/null >"$TMP/stdout" 2>"$TMP/stderr"
    CODE=$?
    OUT=$(tr -d '\r' <"$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
}

# The book's tables as a dump, without the journal's own tables, the id counters (undo never
# lowers them) and meta (the time of the last damage check).
# The indexes and triggers, which .dump prints last in the order they were made, by name: an
# import recreates the search index's triggers (the same SQL), which moves them to the end.
book_dump() {
    sqlite3 "$PIPE_DB" .dump | grep -Ev '^INSERT INTO (journal|journal_rows|journal_now|id_counters|meta|search_data|search_idx|search_docsize|search_config) ' |
        awk '/^CREATE (UNIQUE INDEX|INDEX|TRIGGER|VIEW) / { exit } { print }'
    sqlite3 "$PIPE_DB" "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY type, name"
    # The search index by its content (its storage, FTS5 segments, is not the same bytes after
    # an undo, only the same index).
    sqlite3 "$PIPE_DB" "SELECT rowid, * FROM search ORDER BY rowid"
}

# two_stages OFFER_PROBABILITY [OFFER_ROT_DAYS]: use a stage file of one pipeline, "sales": Talk
# (30%, rotting after 5 days), Offer (OFFER_PROBABILITY, rotting after OFFER_ROT_DAYS if given),
# Won and Lost.
two_stages() {
    local offer="{ name = \"Offer\", probability = $1${2:+, rot_days = $2} },"
    cat >"$TMP/stages.toml" <<TOML
[[pipeline]]
name = "sales"
stages = [
  { name = "Talk",  probability = 30, rot_days = 5 },
  $offer
  { name = "Won",  kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
    export PIPE_STAGES=$TMP/stages.toml
}

# at TIME ARGS...: run pipe with the clock at TIME.
at() {
    local when=$1
    shift
    PIPE_NOW=$when run "$@"
}

check() {
    local description=$1
    shift
    if "$@"; then
        PASSES=$((PASSES + 1))
    else
        FAILS=$((FAILS + 1))
        printf 'FAIL: %s\n  exit: %s\n  stdout: %s\n  stderr: %s\n' "$description" "$CODE" "$OUT" "$ERR"
    fi
}

contains() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }

expect_code() { check "$1 exits $2" test "$CODE" = "$2"; }
expect_out() { check "$1: stdout has '$2'" contains "$OUT" "$2"; }
expect_no_out() { check "$1: stdout lacks '$2'" lacks "$OUT" "$2"; }
expect_err() { check "$1: stderr has '$2'" contains "$ERR" "$2"; }
expect_equal() { check "$1: '$2' = '$3'" test "$2" = "$3"; }

# A fingerprint of the database files (main file plus any WAL), to prove nothing changed.
db_hash() { cat "$PIPE_DB" "$PIPE_DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# sql QUERY: run a query on the test database with sqlite3.
sql() { sqlite3 "$PIPE_DB" "$1"; }

# fails_cleanly DESCRIPTION CODE MESSAGE ARGS...: the command fails with CODE, says MESSAGE on
# stderr in one line starting "pipe: ", and leaves the database byte-for-byte unchanged.
fails_cleanly() {
    local description=$1 code=$2 message=$3
    shift 3
    local before
    before=$(db_hash)
    run "$@"
    expect_code "$description" "$code"
    expect_err "$description" "$message"
    check "$description: one line on stderr starting with 'pipe: '" \
        test "$(wc -l <"$TMP/stderr")" = 1 -a "${ERR#pipe: }" != "$ERR"
    check "$description: database unchanged" test "$(db_hash)" = "$before"
}

finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" = 0 ]
}
