#!/usr/bin/env bash
# A full disk: the write fails with one line and exit 1, and the database is as it was.
# Needs a small tmpfs (root and permission to mount); skipped otherwise.
source "$(dirname "$0")/lib.sh"

disk=$TMP/disk
mkdir -p "$disk"
mount -t tmpfs -o size=1200k tmpfs "$disk" 2>/dev/null || { echo "cannot mount a tmpfs here"; exit 77; }
files=$TMP/files # a second small disk, for the files written beside the database
mkdir -p "$files"
mount -t tmpfs -o size=64k tmpfs "$files" || { umount "$disk"; exit 77; }
trap 'umount "$disk" "$files"; rm -rf "$TMP"' EXIT
export PIPE_DB=$disk/pipe.db
run deal add "Acme rollout" --value 12,500
expect_code "a deal on the small disk" 0
dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null
check "the disk is full" test "$(df --output=avail "$disk" | tail -1)" -lt 8
note=$(head -c 90000 /dev/urandom | base64 -w0)
fails_cleanly "a deal too big for the full disk" 1 "disk full while writing $PIPE_DB (free some space" \
    deal add "Big" --org "$note"
fails_cleanly "a small write on the full disk" 1 "(free some space and try again)" \
    lead add "Someone" --org "Small Co"
rm -f "$disk/filler"
run deal add "After cleaning up" --value 1
expect_code "writes work again once there is space" 0
check "integrity" test "$(sql "PRAGMA integrity_check")" = ok
check "both deals, nothing of the failed ones" test "$(sql "SELECT group_concat(title, '|') FROM deals")" = "Acme rollout|After cleaning up"

# Rejected rows and exports that do not fit: nothing imported, the old files as they were.
printf 'old rejects\n' >"$files/rejects.csv"
printf 'old export\n' >"$files/export.csv"
dd if=/dev/zero of="$files/filler" bs=4k 2>/dev/null
{ echo "title,value"; for i in $(seq 1 300); do echo "Bad $i,not money at all $i"; done; echo "Good,1"; } \
    >"$TMP/mixed.csv"
fails_cleanly "rejected rows on a full disk" 1 "cannot write $files/rejects.csv (check the disk has room)" \
    import "$TMP/mixed.csv" --skip-invalid "$files/rejects.csv"
check "the rejects file as it was" test "$(cat "$files/rejects.csv")" = "old rejects"
for i in $(seq 1 200); do run deal add "Deal $i" --org "$(printf 'Organization %0100d' "$i")"; done
fails_cleanly "an export on a full disk" 1 "cannot write $files/export.csv (check the disk has room)" \
    export -o "$files/export.csv"
check "the export file as it was" test "$(cat "$files/export.csv")" = "old export"
check "no partial file left" test -z "$(find "$files" -name '*.partial-*')"
finish
