#!/usr/bin/env bash
# Stage files: init, listing, --check, validation errors, undefined stages and rename.
source "$(dirname "$0")/lib.sh"

run init
expect_code "init" 0
expect_out "init creates the database" "created database $PIPE_DB"
expect_out "init writes the stage file" "wrote stage file $XDG_CONFIG_HOME/pipe/stages.toml"
check "stage file written" test -f "$XDG_CONFIG_HOME/pipe/stages.toml"
run init
expect_out "init twice leaves the stage file alone" "(left as it was)"

run stages
expect_out "stages lists the pipeline" "Pipeline sales"
expect_out "stages lists probabilities" "Negotiation"
run stages --check
expect_out "check" "ok (1 pipeline, 7 stages)"

cat >"$TMP/bad.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Talk", probability = 140 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
run deal add X
fails_cleanly "invalid stage file" 1 "$TMP/bad.toml:4:34: probability must be between 0 and 100, not 140" --stages "$TMP/bad.toml" stages --check
fails_cleanly "invalid stage file on any command" 1 "probability must be between 0 and 100" --stages "$TMP/bad.toml" deal add Y
fails_cleanly "missing stage file" 1 "cannot read stage file" --stages "$TMP/none.toml" deal list

# Regular files of at most 1 MiB only, however the file is named: /dev/zero ate all memory, a
# FIFO never answered.
PIPE_STAGES=/dev/zero fails_cleanly "PIPE_STAGES=/dev/zero" 1 \
    "pipe: stage file /dev/zero is not a regular file (give the path of a TOML file" deal list
mkdir -p "$TMP/fifo-config/pipe"
mkfifo "$TMP/fifo-config/pipe/stages.toml"
start=$(date +%s)
XDG_CONFIG_HOME=$TMP/fifo-config fails_cleanly "a FIFO as the XDG stage file" 1 \
    "stage file $TMP/fifo-config/pipe/stages.toml is not a regular file" deal list
check "a FIFO is refused at once" test $(($(date +%s) - start)) -lt 5
{ cat "$TMP/bad.toml"; head -c $((1 << 20)) /dev/zero | tr '\0' '#'; } >"$TMP/huge.toml"
PIPE_STAGES=$TMP/huge.toml fails_cleanly "a stage file over 1 MiB" 1 \
    "stage file $TMP/huge.toml is larger than 1 MiB (a stage file is a few kilobytes: check the path)" deal list
fails_cleanly "a folder as the stage file" 1 "stage file $TMP is a folder" --stages "$TMP" stages --check

cat >"$TMP/renamed.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Discovery", probability = 15, rot_days = 7 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/renamed.toml
run deal list
expect_code "list with an undefined stage" 0
expect_err "warns about the undefined stage" 'stage "sales/Prospecting" is not defined'
expect_err "names the deal and the fix" 'holds deal 1 (pipe stages rename "Prospecting" NEW)'
expect_out "the deal is still listed" "X"
run stages rename Prospecting disc
expect_code "rename" 0
expect_out "rename names the new stage as the file spells it" "renamed stage \"Prospecting\" to \"Discovery\" on 1 deal"
check "deal moved" test "$(sql "SELECT stage FROM deals WHERE id=1")" = Discovery
run deal list
check "no more warning" test -z "$ERR"

# A rename whose single UPDATE rewrites megabytes: SQLite 3.40 once reported a false "disk
# full" when such a statement's journal spilled to a file (seen on a book of 200,000 deals).
sql "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 60001)
     INSERT INTO deals (id, title, currency, pipeline, stage, status, created_at,
                        stage_entered_at, last_touch_at)
     SELECT i, 'Deal ' || i, 'EUR', 'sales', 'Discovery', 'open', 1700000000, 1700000000,
            1700000000 FROM n;
     INSERT INTO events (at, deal_id, kind, to_value)
     SELECT 1700000000, id, 'created', 'Discovery' FROM deals WHERE id > 1;"
sed 's/"Discovery"/"Qualified"/' "$TMP/renamed.toml" >"$TMP/renamed2.toml"
export PIPE_STAGES=$TMP/renamed2.toml
run stages rename Discovery Qualified
expect_code "rename of 60,001 deals" 0
expect_out "rename of 60,001 deals" 'on 60001 deals'
check "every deal and event renamed" test \
    "$(sql "SELECT (SELECT count(*) FROM deals WHERE stage = 'Qualified') || ' ' ||
                   (SELECT count(*) FROM events WHERE to_value = 'Discovery')")" = "60001 0"
finish
