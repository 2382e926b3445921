#!/usr/bin/env bash
# A process killed (SIGKILL) in the middle of a long write or of a migration leaves the database
# consistent and exactly as before. The long writes are `pipe import` of a large file, `pipe
# undo` of that import and `pipe deal restore` of a deal with thousands of activities (or, with
# no import command, `pipe stages rename` of a stage that holds thousands of deals).
#   PIPE_CRASH_KILLS (default 10): kills that must land mid-write, for each scenario.
#   PIPE_CRASH_DEALS (default 20000): size of the generated book.
source "$(dirname "$0")/lib.sh"

command -v cc >/dev/null || { echo "no C compiler for the slow-I/O shim"; exit 77; }
# pipe itself is linked statically and ignores LD_PRELOAD; its twin from the same objects,
# linked against the shared libc, takes the shim (tests/CMakeLists.txt).
PIPE=${PIPE_PRELOADABLE:-$PIPE}
SHIM=$TMP/slow_io.so
cc -shared -fPIC -O1 -o "$SHIM" "$PIPE_SOURCE_DIR/tests/e2e/shim/slow_io.c" -ldl || exit 77
KILLS=${PIPE_CRASH_KILLS:-10}
DEALS=${PIPE_CRASH_DEALS:-5000}

# The data, without what differs between two runs of the same command: the journal's entry
# (its pid) and meta (a new book's random id, the time of the last damage check).
fingerprint() {
    sqlite3 "$1" ".dump" | grep -Ev '^INSERT INTO (journal|journal_rows|meta|search_data|search_idx|search_docsize|search_config) ' | sha256sum | cut -d' ' -f1
}
integrity() { sqlite3 "$1" "PRAGMA integrity_check"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
pause_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# kill_loop NAME PRISTINE [ENV=VALUE...] -- ARGS...: run pipe ARGS on a copy of PRISTINE and
# SIGKILL it after a random part of its usual run time, until KILLS kills landed while it was
# writing (its WAL or rollback journal already had data, nothing committed). After every kill:
# integrity ok, and the dump identical to PRISTINE's, or (killed after its commit) to a
# finished run's.
kill_loop() {
    local name=$1 pristine=$2
    shift 2
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    local db=$TMP/$name.db before after t0 duration landed=0 attempts=0 early=0 done_first=0
    local committed=0
    before=$(fingerprint "$pristine")
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    cp "$pristine" "$db"
    t0=$(now_ms)
    env "${envs[@]}" PIPE_DB="$db" "$PIPE" "$@" >/dev/null 2>"$TMP/calibrate.err"
    check "$name: an uninterrupted run succeeds" test $? = 0
    duration=$(($(now_ms) - t0))
    after=$(fingerprint "$db")
    check "$name: an uninterrupted run changes the data" test "$after" != "$before"
    echo "$name: an uninterrupted run takes $duration ms"
    # The first run's time is only an estimate (caches, a loaded machine): a run that finishes
    # before its kill shortens it, a kill before any write lengthens it.
    while [ "$landed" -lt "$KILLS" ] && [ "$attempts" -lt $((KILLS * 10)) ]; do
        attempts=$((attempts + 1))
        rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
        cp "$pristine" "$db"
        local delay=$((duration * (5 + RANDOM % 90) / 100))
        env "${envs[@]}" PIPE_DB="$db" "$PIPE" "$@" >/dev/null 2>&1 &
        local pid=$!
        pause_ms "$delay"
        local written
        written=$(($(stat -c %s "$db-wal" 2>/dev/null || echo 0) + $(stat -c %s "$db-journal" 2>/dev/null || echo 0)))
        if kill -KILL "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null
            check "$name: kill at $delay ms: integrity" test "$(integrity "$db")" = ok
            local now
            now=$(fingerprint "$db")
            if [ "$now" = "$after" ]; then
                committed=$((committed + 1))
            elif [ "$written" -gt 0 ]; then
                landed=$((landed + 1))
            else
                early=$((early + 1))
                duration=$((duration * 11 / 10 + 1))
            fi
            check "$name: kill at $delay ms: data exactly as before" test "$now" = "$before" -o "$now" = "$after"
        else
            wait "$pid"
            done_first=$((done_first + 1))
            duration=$((duration * 4 / 5 + 1))
            check "$name: finished before the kill at $delay ms: integrity" test "$(integrity "$db")" = ok
        fi
    done
    echo "$name: $landed kills landed mid-write, data as before ($early before writing, $committed after the commit, $done_first after finishing) in $attempts attempts"
    check "$name: at least $KILLS kills landed mid-write" test "$landed" -ge "$KILLS"
    check "$name: the database works after the last kill" works "$db" "${envs[@]}"
}

# works DB [ENV=VALUE...]: pipe reads DB (upgraded first if it must be), or says on stdout why
# not, where a failed check shows it.
works() {
    local db=$1
    shift
    env "$@" PIPE_DB="$db" sh -c '"$0" deal list --limit 1 || { "$0" upgrade && "$0" deal list --limit 1; }' "$PIPE" \
        >/dev/null 2>"$TMP/works.err" && return 0
    echo "pipe on $db after the last kill said:"
    cat "$TMP/works.err"
    return 1
}

# 1. A long write: import of a large file, or a stage rename over a large book; the shim slows
# each page written so that kills also land while the commit is being written.
book=$TMP/book.db
bash "$PIPE_SOURCE_DIR/bench/generate.sh" "$PIPE" "$book" "$DEALS" >/dev/null 2>&1
check "generated a book of $DEALS deals" test "$(sqlite3 "$book" "SELECT count(*) FROM deals")" = "$DEALS"
if "$PIPE" import --help 2>&1 | grep -q "Usage:.*import"; then
    csv=$TMP/big.csv
    {
        echo "external_id,title,organization,value,stage,expected_close"
        for ((i = 1; i <= DEALS; i++)); do
            echo "crash-$i,Imported deal $i,Org $((i % 97)),$((i * 7 % 50000)).50,Proposal,2026-0$((i % 9 + 1))-15"
        done
    } >"$csv"
    kill_loop import "$book" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=1000 -- import "$csv"
    # The undo of that import, and the restore of a deal with many activities from the trash:
    # both write thousands of rows back in one change.
    imported=$TMP/imported.db
    cp "$book" "$imported"
    PIPE_DB=$imported "$PIPE" import "$csv" >/dev/null 2>&1
    kill_loop undo "$imported" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=1000 -- undo
    trashed=$TMP/trashed.db
    cp "$book" "$trashed"
    for ((i = 1; i <= DEALS / 5; i++)); do echo "pipe:$(sqlite3 "$trashed" "SELECT value FROM meta WHERE key = 'book_id'"):deal:1,call,2026-01-01T09:00:00Z,Call $i"; done |
        { echo "deal_external_id,kind,at,text"; cat; } >"$TMP/calls.csv"
    PIPE_DB=$trashed "$PIPE" import "$TMP/calls.csv" --type activities >/dev/null 2>&1
    PIPE_DB=$trashed "$PIPE" deal rm 1 >/dev/null 2>&1
    check "the deal to restore has its activities in the trash" \
        test "$(sqlite3 "$trashed" "SELECT json_array_length(payload, '$.activities') FROM trash")" -ge $((DEALS / 5))
    kill_loop restore "$trashed" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=1000 -- deal restore 1
else
    echo "pipe import does not exist yet: killing a stage rename over $DEALS deals instead"
    renamed=$TMP/renamed.toml
    cat >"$renamed" <<'TOML'
default_pipeline = "sales"
currency = "EUR"
[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting", probability = 10 },
  { name = "Qualification", probability = 20 },
  { name = "Meeting", probability = 40 },
  { name = "Offer", probability = 60 },
  { name = "Negotiation", probability = 80 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
    kill_loop rename "$book" PIPE_STAGES="$renamed" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=1000 \
        -- stages rename Proposal Offer
fi

# 2. A migration: creating the schema in an empty file (pipe init), and upgrading the committed
# version-1 fixture (pipe upgrade), slowed down by the shim so kills land inside it.
empty=$TMP/empty.db
: >"$empty"
kill_loop migration "$empty" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=5000 -- init
fixture=$PIPE_SOURCE_DIR/tests/fixtures/v1.db
current=$(PIPE_DB=$TMP/probe.db "$PIPE" -q init >/dev/null 2>&1; sqlite3 "$TMP/probe.db" "PRAGMA user_version")
if [ -f "$fixture" ] && [ "$(sqlite3 "$fixture" "PRAGMA user_version")" -lt "$current" ]; then
    kill_loop upgrade "$fixture" LD_PRELOAD="$SHIM" PIPE_TEST_IO_DELAY_US=5000 -- upgrade
else
    echo "schema is still version 1: no upgrade to interrupt yet"
fi
finish
