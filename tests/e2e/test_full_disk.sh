#!/usr/bin/env bash
# A full disk: the write fails with one line and exit 1, and the database is as it was.
# Needs a small tmpfs (root and permission to mount); skipped otherwise.
source "$(dirname "$0")/lib.sh"

disk=$TMP/disk
mkdir -p "$disk"
mount -t tmpfs -o size=640k tmpfs "$disk" 2>/dev/null || { echo "cannot mount a tmpfs here"; exit 77; }
trap 'umount "$disk"; rm -rf "$TMP"' EXIT
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
finish
