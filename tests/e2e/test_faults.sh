#!/usr/bin/env bash
# Foreign, damaged, read-only, locked and newer-schema databases: one line on stderr, exit 1,
# and the file byte-for-byte as it was.
source "$(dirname "$0")/lib.sh"

run deal add "Acme rollout" --value 12,500
expect_code "a first deal" 0
good=$TMP/good.db
cp "$PIPE_DB" "$good"

# file_fails DESCRIPTION MESSAGE DB ARGS...: like fails_cleanly, for the database at DB.
file_fails() {
    local description=$1 message=$2 db=$3
    shift 3
    PIPE_DB=$db fails_cleanly "$description" 1 "$message" "$@"
}

foreign=$TMP/foreign.db
sqlite3 "$foreign" "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'mine')"
file_fails "another program's database, write" "is not a pipe database (use --db" "$foreign" deal add X
file_fails "another program's database, read" "is not a pipe database" "$foreign" deal list
printf 'just some text, not a database at all\n%.0s' {1..200} >"$TMP/text.db"
file_fails "a text file" "is damaged or not a database (restore it from a backup" "$TMP/text.db" deal list

damaged=$TMP/damaged.db
cp "$good" "$damaged"
size=$(stat -c %s "$damaged")
head -c $((size - 4096)) /dev/urandom | dd of="$damaged" bs=4096 seek=1 conv=notrunc 2>/dev/null
file_fails "a damaged database, read" "is damaged or not a database" "$damaged" deal list
file_fails "a damaged database, write" "is damaged or not a database" "$damaged" deal add X
file_fails "a damaged database, show" "is damaged or not a database" "$damaged" deal show 1

newer=$TMP/newer.db
cp "$good" "$newer"
sqlite3 "$newer" "PRAGMA user_version = 99"
file_fails "a newer schema, read" "has schema version 99, newer than this pipe" "$newer" deal list
file_fails "a newer schema, write" "(upgrade pipe to open it)" "$newer" deal add X
check "the newer database still says 99" test "$(sqlite3 "$newer" "PRAGMA user_version")" = 99

file_fails "a folder as database" "is a folder (give a file path with --db)" "$TMP" deal list

# Locked: another process holds a write transaction.
locked=$TMP/locked.db
cp "$good" "$locked"
hold_lock() { # hold_lock SECONDS: BEGIN EXCLUSIVE on $locked for that long
    { echo "BEGIN EXCLUSIVE;"; sleep "$1"; echo "COMMIT;"; } | sqlite3 "$locked" &
    sleep 0.3
}
hold_lock 3
start=$(date +%s%N)
PIPE_BUSY_TIMEOUT_MS=300 file_fails "a locked database, short timeout" \
    "database $locked is locked by another program (wait for it to finish and try again)" \
    "$locked" deal add "Waits in vain"
elapsed=$((($(date +%s%N) - start) / 1000000))
check "it waited about the timeout ($elapsed ms)" test "$elapsed" -ge 250 -a "$elapsed" -lt 2500
wait
hold_lock 1.5
PIPE_DB=$locked run deal add "Waits, then succeeds"
expect_code "with the default timeout the second writer waits" 0
expect_out "the waiting writer" "added deal 2"
wait
PIPE_BUSY_TIMEOUT_MS=soon fails_cleanly "a bad PIPE_BUSY_TIMEOUT_MS" 1 \
    "PIPE_BUSY_TIMEOUT_MS: 'soon' is not a number (give milliseconds" deal list

# Read-only file and read-only folder: as an unprivileged user (root may write anything).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
elif [ "$(id -u)" != 0 ]; then
    as_user() { "$@"; }
else
    as_user() { return 77; }
fi
shared=$(mktemp -d /tmp/pipe-ro.XXXXXX)
trap 'rm -rf "$TMP" "$shared"' EXIT
chmod 755 "$shared"
mkdir "$shared/file" "$shared/folder"
cp "$good" "$shared/file/pipe.db"
cp "$good" "$shared/folder/pipe.db"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$shared"
chmod 0400 "$shared/file/pipe.db"
chmod 0555 "$shared/folder"
user_fails() { # user_fails DESCRIPTION MESSAGE DB ARGS...
    local description=$1 message=$2 db=$3
    shift 3
    local before
    before=$(cat "$db" 2>/dev/null | sha256sum)
    PIPE_DB=$db HOME=$shared as_user "$PIPE" "$@" >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    CODE=$?
    OUT=$(cat "$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
    [ "$CODE" = 77 ] && return
    expect_code "$description" 1
    expect_err "$description" "$message"
    check "$description: one line" test "$(wc -l <"$TMP/stderr")" = 1
    check "$description: file unchanged" test "$(cat "$db" 2>/dev/null | sha256sum)" = "$before"
}
user_fails "a read-only file (0400), write" \
    "is read-only (check the permissions of the file and its folder, or use --db)" \
    "$shared/file/pipe.db" deal add X
user_fails "a read-only folder, write" "is read-only" "$shared/folder/pipe.db" deal add X
user_fails "a new database in a read-only folder" \
    "cannot create folder $shared/folder/sub (check permissions" "$shared/folder/sub/pipe.db" deal add X

# Reads work where nothing can be written (SQLite's read-only or immutable opening, as no -shm
# can be made) and create no file; writes fail in one line. The folders: a WAL-mode book alone;
# with its -wal (holding a commit the main file lacks) and -shm, writable by the user or not;
# with a -wal but no -shm.
listing() { (cd "$1" && find . -printf '%p %m %s\n' | sort && find . -type f ! -name '*-shm' -exec sha256sum {} + | sort -k2); }
user_reads() { # user_reads DESCRIPTION DB TEXT: deal list as the user shows TEXT, and no file changes
    local description=$1 db=$2 text=$3 before
    before=$(listing "$(dirname "$db")")
    PIPE_DB=$db HOME=$shared as_user "$PIPE" deal list >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    CODE=$?
    OUT=$(cat "$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
    [ "$CODE" = 77 ] && return
    expect_code "$description" 0
    expect_out "$description" "$text"
    check "$description: nothing on stderr" test ! -s "$TMP/stderr"
    check "$description: no file made or changed" test "$(listing "$(dirname "$db")")" = "$before"
}
user_reads "a read-only file (0400)" "$shared/file/pipe.db" "Acme rollout"
user_reads "a read-only folder" "$shared/folder/pipe.db" "Acme rollout"
wal_mode() { test "$(od -An -tu1 -j18 -N2 "$1" | tr -s ' ')" = " 2 2"; } # header: WAL read and write
check "the book in the read-only folder is in WAL mode" wal_mode "$shared/folder/pipe.db"

# A copy of a book taken while another program had it open: its last commit only in the -wal.
{ echo "BEGIN; SELECT count(*) FROM deals;"; sleep 3; echo "COMMIT;"; } | sqlite3 "$good" >/dev/null &
holder=$!
sleep 0.5
PIPE_DB=$good run deal add "Only in the wal"
expect_code "a deal added while another program reads" 0
for variant in wal wal-readonly wal-alone; do
    mkdir "$shared/$variant"
    cp "$good" "$shared/$variant/pipe.db"
    cp "$good-wal" "$shared/$variant/pipe.db-wal"
    [ "$variant" != wal-alone ] && cp "$good-shm" "$shared/$variant/pipe.db-shm"
done
wait "$holder"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$shared/wal" "$shared/wal-alone"
chmod 0444 "$shared/wal-readonly"/*
chmod 0555 "$shared/wal" "$shared/wal-readonly" "$shared/wal-alone"
check "the copies have a commit in their -wal" test -s "$shared/wal/pipe.db-wal"
user_reads "a read-only folder with -wal and -shm" "$shared/wal/pipe.db" "Only in the wal"
user_reads "a read-only folder with -wal and -shm the user cannot write" \
    "$shared/wal-readonly/pipe.db" "Only in the wal"
user_fails "a read-only folder with -wal and -shm, write" "is read-only" "$shared/wal/pipe.db" deal add X
user_fails "a read-only folder with a -wal and no -shm, read" \
    "has changes in $shared/wal-alone/pipe.db-wal that cannot be read while its folder cannot be written" \
    "$shared/wal-alone/pipe.db" deal list
check "no -shm was made" test ! -e "$shared/wal-alone/pipe.db-shm"
mkdir "$shared/journal"
cp "$good" "$shared/journal/pipe.db"
printf 'an unfinished write\n' >"$shared/journal/pipe.db-journal"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$shared/journal"
chmod 0555 "$shared/journal"
user_fails "a read-only folder with a rollback journal, read" \
    "has an unfinished write in $shared/journal/pipe.db-journal that cannot be undone" \
    "$shared/journal/pipe.db" deal list

# A read-only mount (as root, in a private mount namespace that ends with the command): reads
# work, a write fails in one line.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
    mkdir "$TMP/mount"
    cp "$good" "$TMP/mounted.db"
    unshare -m bash -c '
        mount -t tmpfs -o size=16m tmpfs "$1/mount" && cp "$1/mounted.db" "$1/mount/pipe.db" &&
            mount -o remount,ro "$1/mount" || exit 77
        PIPE_DB=$1/mount/pipe.db "$2" deal list >"$1/ro-list.out" 2>"$1/ro-list.err"
        echo $? >"$1/ro-list.code"
        PIPE_DB=$1/mount/pipe.db "$2" deal add X >"$1/ro-add.out" 2>"$1/ro-add.err"
        echo $? >"$1/ro-add.code"
        ls -A "$1/mount" >"$1/ro.files"' _ "$TMP" "$PIPE" 2>/dev/null
    if [ $? != 77 ] && [ -f "$TMP/ro.files" ]; then
        check "a read-only mount, read: exits 0" test "$(cat "$TMP/ro-list.code")" = 0
        check "a read-only mount, read: lists the deal" grep -q "Acme rollout" "$TMP/ro-list.out"
        check "a read-only mount, write: exits 1" test "$(cat "$TMP/ro-add.code")" = 1
        check "a read-only mount, write: one line" test "$(wc -l <"$TMP/ro-add.err")" = 1
        check "a read-only mount, write: says so" grep -q "is read-only" "$TMP/ro-add.err"
        check "a read-only mount: only the database there" test "$(cat "$TMP/ro.files")" = pipe.db
    fi
fi

chmod 000 "$TMP/good.db"
if [ "$(id -u)" != 0 ]; then
    file_fails "an unreadable file" "cannot read database" "$TMP/good.db" deal list
fi
finish
