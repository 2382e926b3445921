#!/usr/bin/env bash
# A damaged page anywhere in the book (an index, a table other than the one a command writes) is
# found before a write builds on it: the write fails in one line saying how to get out, and the
# file is byte-for-byte as it was. Reads still work, or fail in one line. The check (PRAGMA
# quick_check) runs before a write at most once a day; the time of the last one that passed is
# kept in the book's meta table, and only by a command that commits.
source "$(dirname "$0")/lib.sh"

"$PIPE_SOURCE_DIR/bench/generate.sh" "$PIPE" "$PIPE_DB" 3000 2 2>/dev/null
check "a book of 3000 deals" test "$(sql "SELECT count(*) FROM deals")" = 3000
check "made today, so checked today" test \
    "$(sql "SELECT value FROM meta WHERE key = 'last_quick_check'")" = 2026-03-02T09:00:00Z
good=$TMP/good.db
cp "$PIPE_DB" "$good"
page_size=$(sql "PRAGMA page_size")
tomorrow=2026-03-03T09:00:00

# damage NAME: a copy of the good book with one leaf page of table or index NAME overwritten.
damage() {
    export PIPE_DB=$TMP/damaged-$1.db
    cp "$good" "$PIPE_DB"
    local page
    page=$(sql "SELECT pageno FROM dbstat WHERE name = '$1' AND pagetype = 'leaf' LIMIT 1 OFFSET 3")
    check "$1 has a leaf page to damage" test -n "$page"
    head -c "$page_size" /dev/zero | tr '\0' '\377' |
        dd of="$PIPE_DB" bs="$page_size" seek=$((page - 1)) conv=notrunc 2>/dev/null
    DAMAGED_PAGE=$page
}

for name in events_kind_at activities deals_touch; do
    damage "$name"
    message="database $PIPE_DB is damaged: Page $DAMAGED_PAGE: "
    way_out="(nothing was written; copy your last good pipe backup over it, or use --db; commands that only read still try)"
    PIPE_NOW=$tomorrow fails_cleanly "$name damaged: deal add" 1 "$message" deal add "Acme rollout"
    expect_err "$name damaged: deal add" "$way_out"
    PIPE_NOW=$tomorrow fails_cleanly "$name damaged: deal move" 1 "$message" deal move 1 proposal
    PIPE_NOW=$tomorrow fails_cleanly "$name damaged: lead add" 1 "$message" lead add "Ada"
    PIPE_NOW=$tomorrow fails_cleanly "$name damaged: import" 1 "$message" \
        import "$PIPE_SOURCE_DIR/examples/sample-deals.csv"
    PIPE_NOW=$tomorrow fails_cleanly "$name damaged: upgrade" 1 "$message" upgrade
    before=$(db_hash)
    PIPE_NOW=$tomorrow run deal list --limit 5
    if [ "$CODE" = 0 ]; then
        expect_out "$name damaged: deal list still reads" "showing 5 of"
    else
        expect_code "$name damaged: deal list fails" 1
        check "$name damaged: deal list fails in one line" test "$(wc -l <"$TMP/stderr")" = 1
    fi
    check "$name damaged: deal list changed nothing" test "$(db_hash)" = "$before"
done

# A sound book: a write the next day checks it and records when; a write that commits nothing
# records nothing; the day after, a check that finds damage records nothing either.
export PIPE_DB=$TMP/sound.db
cp "$good" "$PIPE_DB"
PIPE_NOW=$tomorrow fails_cleanly "a failing write on a sound book" 1 "no stage" deal add X --stage Nowhere
PIPE_NOW=$tomorrow run deal add "Checked"
expect_code "a write on a sound book the next day" 0
check "records its check" test "$(sql "SELECT value FROM meta WHERE key = 'last_quick_check'")" = \
    2026-03-03T09:00:00Z
finish
