#!/usr/bin/env bash
# A write to a book that was there leaves its commit in the -wal beside it (synced there) instead
# of copying it into the main file at every close, and copies the -wal back and empties it once
# it has grown past 128 pages. Here: the main file stays byte for byte as it was after such a
# write while every command sees the change, a backup has it, a write that fails or commits
# nothing leaves the files alone, and the -wal never grows much past its limit.
source "$(dirname "$0")/lib.sh"

page=4096
frame=$((page + 24))
limit=128
wal_size() { stat -c %s "$PIPE_DB-wal" 2>/dev/null || echo 0; }
file_hash() { sha256sum <"$PIPE_DB" | cut -d' ' -f1; }

# The first write makes the book and closes it the ordinary way: no -wal is left.
run deal add "Acme rollout" --value 12,500
expect_code "the first deal add" 0
check "a new book leaves no -wal" test ! -e "$PIPE_DB-wal"

main=$(file_hash)
run deal add "Globex pilot" --value 3,200
expect_code "a second deal add" 0
check "its commit is in the -wal" test "$(wal_size)" -gt 0
check "the main file is as it was" test "$(file_hash)" = "$main"
run deal list --json
check "a read sees the commit" test "$(jq -r '.[1].title' <<<"$OUT")" = "Globex pilot"
run backup "$TMP/copy.db"
expect_code "backup" 0
check "the backup has the commit" test "$(sqlite3 "$TMP/copy.db" "SELECT title FROM deals WHERE id = 2")" = "Globex pilot"

# A write that fails leaves both files as they were.
before=$(db_hash)
run deal add "Nowhere" --stage Nowhere
expect_code "a refused deal add" 1
check "a refused write: both files as they were" test "$(db_hash)" = "$before"

# Writes until the -wal passes its limit: then it is copied into the file and emptied.
largest=0
emptied=no
for i in $(seq 1 40); do
    run deal log 1 call "Call number $i"
    size=$(wal_size)
    [ "$size" -gt "$largest" ] && largest=$size
    if [ "$size" = 0 ]; then
        emptied=yes
        break
    fi
done
check "the -wal was emptied once it passed $limit pages" test "$emptied" = yes
check "the -wal grew to near $limit pages and no further ($largest bytes)" \
    test "$largest" -lt $((32 + limit * frame)) -a "$largest" -gt $((32 + (limit - 40) * frame))
check "the main file has the commits" test "$(file_hash)" != "$main"
run deal show 1 --json
check "every call is there after the copy" test "$(jq '[.activities[] | select(.kind == "call")] | length' <<<"$OUT")" = "$i"

# sqlite3 itself, the other program a user may open the book with, reads the -wal too.
run deal add "Initech renewal" --value 900
check "sqlite3 sees the last commit" test "$(sqlite3 "$PIPE_DB" "SELECT title FROM deals WHERE id = 3")" = "Initech renewal"

finish
