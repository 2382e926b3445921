#!/usr/bin/env bash
# A command that printed success has its change on disk: the WAL is synced after its commit and
# before it prints (synchronous=FULL). Seen from outside with strace: the last write to the
# -wal file is followed by an fsync/fdatasync of it, and that comes before the message. Another
# program holds the book open meanwhile, so pipe's own checkpoint at exit (which syncs too)
# cannot hide a commit that was not synced.
source "$(dirname "$0")/lib.sh"

command -v strace >/dev/null || { echo "no strace"; exit 77; }
strace -qq -o /dev/null true 2>/dev/null || { echo "strace cannot trace here"; exit 77; }

run init
expect_code "init" 0
run deal add "Acme rollout" --value 12,500
expect_code "a first deal" 0

# synced_before_output DESCRIPTION TEXT ARGS...: pipe ARGS prints TEXT after syncing its -wal.
synced_before_output() {
    local description=$1 text=$2
    shift 2
    { echo "BEGIN; SELECT count(*) FROM deals;"; sleep 3; echo "COMMIT;"; } | sqlite3 "$PIPE_DB" >/dev/null &
    local reader=$!
    sleep 0.3
    # LeakSanitizer cannot run under ptrace; the sanitizer build checks leaks in every other test.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -s 256 -o "$TMP/trace" -e trace=write,pwrite64,pwritev,fsync,fdatasync -y \
        "$PIPE" "$@" >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    CODE=$?
    OUT=$(cat "$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
    wait "$reader"
    expect_code "$description" 0
    check "$description: says '$text'" contains "$OUT$ERR" "$text"
    local verdict
    verdict=$(awk -v text="$text" '
        /^[0-9]+ +pwrite(64|v)?\([0-9]+<[^>]*-wal>/ { last_write = NR }
        /^[0-9]+ +f(data)?sync\([0-9]+<[^>]*-wal>/ { if (last_write && NR > last_write) synced = NR }
        /^[0-9]+ +write\([12]</ && index($0, text) && !printed { printed = NR }
        END {
            if (!last_write) print "no write to the -wal"
            else if (!printed) print "no output"
            else if (!synced || synced < last_write) print "the -wal was not synced after its last write"
            else if (synced > printed) print "the -wal was synced only after the output"
            else print "ok"
        }' "$TMP/trace")
    check "$description: $verdict" test "$verdict" = ok
}

synced_before_output "deal add" "added deal 2" deal add "Globex pilot" --value 3,200
synced_before_output "deal move" "moved deal 1" deal move 1 proposal
synced_before_output "lead add" "added lead 1" lead add "Ada Lovelace"
printf 'title,value\nInitech renewal,900\n' >"$TMP/deals.csv"
synced_before_output "import" "1 new" import "$TMP/deals.csv"
finish
