#!/usr/bin/env bash
# Commands that only read create and change no file: on a missing database, an empty
# (zero-byte) file, a current book, one whose -wal holds changes, and a book of an older schema
# (which they refuse in one line saying how to upgrade it). A write command that commits
# nothing to a path that did not exist leaves nothing behind (no database, -wal, -shm, .bak, nor
# the folders made for it), and one on an empty file leaves it empty.
source "$(dirname "$0")/lib.sh"

# listing DIR: every file and folder under DIR with its type, mode and size, and the content of
# each file except -shm (SQLite's shared memory index, which readers update).
listing() {
    (cd "$1" && find . -mindepth 1 -printf '%p %y %m %s\n' | sort &&
        find . -type f ! -name '*-shm' -exec sha256sum {} + | sort -k2)
}

# untouched DESCRIPTION DIR DB ARGS...: pipe ARGS on database DB changes nothing under DIR.
untouched() {
    local description=$1 dir=$2 db=$3
    shift 3
    local before
    before=$(listing "$dir")
    PIPE_DB=$db run "$@"
    check "$description: every file and folder as it was" test "$(listing "$dir")" = "$before"
}

reads=("deal list" "deal list --status all --json" "deal show 1" "deal show 999" "lead list"
    "lead show 1" "agenda" "review" "forecast --json" "export" "export --type events"
    "import list" "stages" "__complete deal show ''")

# A missing database: reads answer from an empty book and create nothing.
mkdir "$TMP/missing"
for args in "${reads[@]}"; do
    eval "untouched \"missing database: $args\" \"$TMP/missing\" \"$TMP/missing/sub/pipe.db\" $args"
done
check "no database or folder was made" test -z "$(ls -A "$TMP/missing")"

# An empty file is an empty book, and stays empty.
mkdir "$TMP/empty"
: >"$TMP/empty/pipe.db"
for args in "${reads[@]}"; do
    eval "untouched \"empty file: $args\" \"$TMP/empty\" \"$TMP/empty/pipe.db\" $args"
done
PIPE_DB=$TMP/empty/pipe.db run deal list --json
expect_equal "an empty file lists no deals" "$OUT" "[]"

# A current book.
mkdir "$TMP/current"
PIPE_DB=$TMP/current/pipe.db run deal add "Acme rollout" --value 12,500
expect_code "a first deal" 0
for args in "${reads[@]}"; do
    eval "untouched \"current book: $args\" \"$TMP/current\" \"$TMP/current/pipe.db\" $args"
done

# A book whose last commit is still in its -wal (copied while another program had it open):
# reads see that commit and leave both files as they were.
mkdir "$TMP/wal"
cp "$TMP/current/pipe.db" "$TMP/wal.db"
{ echo "BEGIN; SELECT count(*) FROM deals;"; sleep 3; echo "COMMIT;"; } | sqlite3 "$TMP/wal.db" >/dev/null &
holder=$!
sleep 0.5
PIPE_DB=$TMP/wal.db run deal add "Globex pilot" --value 3,200
expect_code "a deal added while another program reads" 0
cp "$TMP/wal.db" "$TMP/wal.db-wal" "$TMP/wal.db-shm" "$TMP/wal/"
wait "$holder"
mv "$TMP/wal/wal.db" "$TMP/wal/pipe.db"
mv "$TMP/wal/wal.db-wal" "$TMP/wal/pipe.db-wal"
mv "$TMP/wal/wal.db-shm" "$TMP/wal/pipe.db-shm"
check "the copy has its last commit in the -wal" test -s "$TMP/wal/pipe.db-wal"
for args in "${reads[@]}"; do
    eval "untouched \"a -wal with changes: $args\" \"$TMP/wal\" \"$TMP/wal/pipe.db\" $args"
done
PIPE_DB=$TMP/wal/pipe.db run deal list
expect_out "the commit in the -wal is read" "Globex pilot"

# A book of schema version 1 (the committed fixture, copied): reads refuse in one line.
mkdir "$TMP/old"
cp "$PIPE_SOURCE_DIR/tests/fixtures/v1.db" "$TMP/old/pipe.db"
latest=$(sqlite3 "$TMP/current/pipe.db" "PRAGMA user_version")
for args in "${reads[@]}" "import --dry-run $PIPE_SOURCE_DIR/examples/sample-deals.csv"; do
    [ "$args" = "__complete deal show ''" ] && continue
    eval "untouched \"old book: $args\" \"$TMP/old\" \"$TMP/old/pipe.db\" $args"
    expect_code "old book: $args" 1
    expect_err "old book: $args" "pipe: database $TMP/old/pipe.db has schema version 1; this pipe reads version $latest (run pipe upgrade; a backup is written first)"
    check "old book: $args: one line" test "$(wc -l <"$TMP/stderr")" = 1
done
eval "untouched \"old book: completion\" \"$TMP/old\" \"$TMP/old/pipe.db\" __complete deal show ''"
expect_code "old book: completion still exits" 0

# Writes that commit nothing, on a path that did not exist: no file, no folder made for it.
printf 'title,value\nGood,100\nBad,12x\n' >"$TMP/bad.csv"
no_trace() { # no_trace DESCRIPTION ARGS...
    local description=$1
    shift
    PIPE_DB=$TMP/missing/a/b/pipe.db run "$@"
    check "$description: nothing left behind" test -z "$(ls -A "$TMP/missing")"
}
no_trace "a failing deal add" deal add "Acme" --stage Nowhere
expect_code "a failing deal add" 1
no_trace "a deal move of a missing deal" deal move 1 won
no_trace "a dry-run import" import --dry-run "$PIPE_SOURCE_DIR/examples/sample-deals.csv"
expect_code "a dry-run import" 0
no_trace "a failed import" import "$TMP/bad.csv"
expect_code "a failed import" 1
no_trace "an import of nothing new" import --skip-invalid "$TMP/rejects.csv" /dev/null --format csv
no_trace "an undo with nothing to undo" import undo
no_trace "a lead edit of a missing lead" lead edit 7 --name X
no_trace "an upgrade of nothing" upgrade
expect_code "an upgrade of nothing" 1
expect_err "an upgrade of nothing" "no database at $TMP/missing/a/b/pipe.db (nothing to upgrade; pipe init creates one)"
no_trace "a stage rename of an unknown stage" stages rename Nowhere Elsewhere

# ... while a write that commits, and pipe init, keep theirs.
PIPE_DB=$TMP/kept/pipe.db run init
expect_code "init" 0
check "init keeps the database it made" test -s "$TMP/kept/pipe.db"
PIPE_DB=$TMP/added/pipe.db run deal add "Kept"
check "a deal add keeps the database it made" test -s "$TMP/added/pipe.db"

# A write that commits nothing to an empty file leaves it empty; one that commits fills it.
untouched "empty file: a failing deal add" "$TMP/empty" "$TMP/empty/pipe.db" deal add X --stage Nowhere
expect_code "empty file: a failing deal add" 1
check "the file is still empty" test ! -s "$TMP/empty/pipe.db"
PIPE_DB=$TMP/empty/pipe.db run deal add "Filled"
expect_code "empty file: a deal add" 0
check "the file became a book" test "$(sqlite3 "$TMP/empty/pipe.db" "SELECT title FROM deals")" = Filled

# pipe upgrade: the old book, with a backup first; then it has nothing to do.
run upgrade --db "$TMP/old/pipe.db"
expect_code "upgrade" 0
expect_out "upgrade" "upgraded database $TMP/old/pipe.db from schema version 1 to $latest; the old version is kept in $TMP/old/pipe.db.bak-v1"
check "the backup is the old file's data" test \
    "$(sqlite3 "$PIPE_SOURCE_DIR/tests/fixtures/v1.db" .dump | sha256sum)" = "$(sqlite3 "$TMP/old/pipe.db.bak-v1" .dump | sha256sum)"
check "the book is at version $latest" test "$(sqlite3 "$TMP/old/pipe.db" "PRAGMA user_version")" = "$latest"
PIPE_DB=$TMP/old/pipe.db run deal list --status all --json
check "reads work after the upgrade" test "$(jq length <<<"$OUT")" = 5
untouched "upgrade again" "$TMP/old" "$TMP/old/pipe.db" upgrade
expect_out "upgrade again" "database $TMP/old/pipe.db is at schema version $latest already (nothing to do)"
cp "$PIPE_SOURCE_DIR/tests/fixtures/v1.db" "$TMP/old2.db"
run upgrade --db "$TMP/old2.db" --json
expect_code "upgrade --json" 0
check "upgrade --json" test "$(jq -c . <<<"$OUT")" = \
    "{\"database\":\"$TMP/old2.db\",\"upgraded\":true,\"from_version\":1,\"to_version\":$latest,\"backup\":\"$TMP/old2.db.bak-v1\"}"
run upgrade --db "$TMP/empty/pipe.db"
expect_out "upgrade of a current book" "already (nothing to do)"
: >"$TMP/zero.db"
PIPE_DB=$TMP/zero.db fails_cleanly "upgrade of an empty file" 1 \
    "database $TMP/zero.db is empty (nothing to upgrade; pipe init makes it a book)" upgrade
finish
