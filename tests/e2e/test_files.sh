#!/usr/bin/env bash
# Files pipe writes besides the database: the rejects of import --skip-invalid, export -o and
# backup. None of them may destroy the input, the database or its -wal/-shm, whatever name or
# link reaches them; a failed or dry run leaves every file as it was; new files are created
# exclusively (never through a planted link) and private.
source "$(dirname "$0")/lib.sh"

run deal add "Acme rollout" --value 12,500
expect_code "a first deal" 0
cd "$TMP"
printf 'title,value\nGood,10\nBad,ten\n' >mixed.csv
printf 'title,value\nFine,10\n' >good.csv
printf 'title,value\nBad,ten\nGood,10\n"Unclosed,1\n' >late-error.csv
printf 'old rejects, kept\n' >old.csv
mixed=$(sha256sum <mixed.csv)
old=$(sha256sum <old.csv)

# file_kept DESCRIPTION FILE HASH: the file still has that content.
file_kept() { check "$1: $2 as it was" test "$(sha256sum <"$2")" = "$3"; }
# no_partials DESCRIPTION: no half-written file is left in the folder.
no_partials() { check "$1: no partial file left" test -z "$(find "$TMP" -name '*.partial-*' ! -type l)"; }

# export -o OUT: the file it writes first is created exclusively, never through a link planted
# at the name it used to be predictable by (OUT.partial-PID), and is private under umask 000.
printf 'precious\n' >victim.txt
sh -c 'ln -s "$1" "$2.partial-$$" && exec "$3" export -o "$2"' _ "$TMP/victim.txt" "$TMP/out.csv" \
    "$PIPE" >/dev/null 2>&1
check "export: the planted link's target is untouched" test "$(cat victim.txt)" = precious
check "export: OUT is a regular file, not the link" test -f out.csv -a ! -L out.csv
check "export: OUT has the deals" grep -q "Acme rollout" out.csv
rm -f "$TMP"/out.csv.partial-*
umask 000
run export -o "$TMP/private.csv"
umask 077
expect_code "export under umask 000" 0
check "the export is 0600 under umask 000" test "$(stat -c %a private.csv)" = 600
no_partials "export"

# --skip-invalid F where F is the input, by any name or link, or standard input.
ln mixed.csv hard-link.csv
ln -s mixed.csv sym-link.csv
for f in mixed.csv ./mixed.csv "$TMP/mixed.csv" hard-link.csv sym-link.csv; do
    fails_cleanly "--skip-invalid $f onto the input" 1 \
        "pipe: --skip-invalid $f: that is the file being imported (write the rejected rows to another file" \
        import mixed.csv --skip-invalid "$f"
    file_kept "--skip-invalid $f onto the input" mixed.csv "$mixed"
done
before=$(db_hash)
"$PIPE" import - --format csv --skip-invalid mixed.csv <mixed.csv >"$TMP/stdout" 2>"$TMP/stderr"
CODE=$?
ERR=$(cat "$TMP/stderr")
expect_code "--skip-invalid onto the file given as standard input" 1
expect_err "--skip-invalid onto standard input" "--skip-invalid mixed.csv: that is the file being imported"
file_kept "--skip-invalid onto standard input" mixed.csv "$mixed"
check "--skip-invalid onto standard input: database unchanged" test "$(db_hash)" = "$before"

# ... or the database or a file SQLite keeps beside it (by name, hard or symbolic link).
ln "$PIPE_DB" db-alias
ln -s "$PIPE_DB" db-symlink
for f in "$PIPE_DB" "$PIPE_DB-wal" "$PIPE_DB-shm" "$PIPE_DB-journal" db-alias db-symlink; do
    fails_cleanly "--skip-invalid onto the database ($f)" 1 \
        "--skip-invalid $f: that is the database, or a file SQLite keeps beside it" \
        import mixed.csv --skip-invalid "$f"
done
check "the database is still a pipe database" test "$(sql "SELECT count(*) FROM deals")" = 1

# A dry run writes no rejects: an existing F is left alone, a new one is not created.
run import mixed.csv --dry-run --skip-invalid old.csv
expect_code "--dry-run --skip-invalid" 0
expect_err "--dry-run --skip-invalid says so" "dry run: 1 rejected rows, old.csv not written"
file_kept "--dry-run --skip-invalid" old.csv "$old"
run import mixed.csv --dry-run --skip-invalid new.csv
check "--dry-run does not create the rejects file" test ! -e new.csv

# F is opened only when a row is rejected: no rejected row, no change to F.
run import good.csv --skip-invalid old.csv
expect_code "--skip-invalid without a bad row" 0
file_kept "--skip-invalid without a bad row" old.csv "$old"
run import good.csv --skip-invalid none.csv
check "--skip-invalid without a bad row creates no file" test ! -e none.csv

# An import that fails after rejecting a row leaves F as it was and imports nothing.
fails_cleanly "an import that fails after a rejected row" 1 "late-error.csv:4: a quoted field is never closed" \
    import late-error.csv --skip-invalid old.csv
file_kept "a failed import" old.csv "$old"
no_partials "a failed import"

# Rejects that cannot be written end the import: nothing imported.
fails_cleanly "rejects into a missing folder" 1 "cannot write $TMP/no/such/rejects.csv" \
    import mixed.csv --skip-invalid "$TMP/no/such/rejects.csv"

# With rejected rows F is replaced, private even under umask 000.
umask 000
run import mixed.csv --skip-invalid old.csv
umask 077
expect_code "--skip-invalid with a bad row" 0
expect_equal "the rejects replace F" "$(cat old.csv)" "title,value,reason
Bad,ten,\"line 3: column 'value': value 'ten': not an amount: 'ten' (e.g. 12500, 12,500.50, 12.5k)\""
check "the rejects file is 0600" test "$(stat -c %a old.csv)" = 600
no_partials "--skip-invalid"

# pipe backup of a database that does not exist: an error, no file written.
PIPE_DB=$TMP/missing/pipe.db fails_cleanly "backup of a missing database" 1 \
    "pipe: database $TMP/missing/pipe.db does not exist (check --db or PIPE_DB; nothing was backed up)" \
    backup "$TMP/nightly.db"
check "no backup written" test ! -e "$TMP/nightly.db"
check "no database created" test ! -e "$TMP/missing"
# ... nor onto the database itself.
for f in "$PIPE_DB" "$PIPE_DB-wal" "$PIPE_DB-shm" db-symlink; do
    fails_cleanly "backup onto the database ($f)" 1 \
        "is the database itself, or a file SQLite keeps beside it (back up to another file)" backup "$f"
done
run backup "$TMP/copy.db"
expect_code "a backup" 0
check "the backup has the deals" test "$(sqlite3 "$TMP/copy.db" "SELECT count(*) FROM deals")" = "$(sql "SELECT count(*) FROM deals")"

# export -o onto the database or its -wal/-shm, by any name.
for f in "$PIPE_DB" "$PIPE_DB-wal" "$PIPE_DB-shm" db-alias db-symlink; do
    fails_cleanly "export -o onto the database ($f)" 1 \
        "pipe: -o $f: that is the database, or a file SQLite keeps beside it (export to another file)" \
        export -o "$f"
done
check "the database still reads" test "$(sql "PRAGMA integrity_check")" = ok

# A device or FIFO is written as it is, never replaced; a folder is refused.
mkfifo fifo.csv
cat fifo.csv >from-fifo.csv &
run export -o "$TMP/fifo.csv"
wait
expect_code "export -o onto a FIFO" 0
check "the FIFO is still a FIFO" test -p fifo.csv
check "the rows went through the FIFO" grep -q "Acme rollout" from-fifo.csv
run export -o /dev/null
expect_code "export -o /dev/null" 0
check "/dev/null is still a device" test -c /dev/null
run import mixed.csv --skip-invalid /dev/null
expect_code "--skip-invalid /dev/null discards the rejects" 0
check "/dev/null is still a device after the rejects" test -c /dev/null
fails_cleanly "export -o onto a folder" 1 "is not a regular file (give a file name in that folder)" export -o "$TMP"
printf 'old export\n' >kept.csv
fails_cleanly "export with a bad --type" 2 "unknown type" export --type nonsense -o kept.csv
check "a failed export leaves OUT as it was" test "$(cat kept.csv)" = "old export"
finish
