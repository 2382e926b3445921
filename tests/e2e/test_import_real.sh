#!/usr/bin/env bash
# Import the real CRM exports in $PIPE_SHARED_DATA and compare pipe's figures with ones
# computed here straight from the CSV files with sqlite3 (not with pipe). Skips without the data.
source "$(dirname "$0")/lib.sh"
DATA=${PIPE_SHARED_DATA:-}
[ -n "$DATA" ] && [ -d "$DATA" ] || exit 77
command -v jq >/dev/null || exit 77
command -v sqlite3 >/dev/null || exit 77
EXAMPLES=$PIPE_SOURCE_DIR/examples

# csv_query FILE TABLE SQL: load a CSV into an in-memory sqlite3 table and query it.
csv_query() { sqlite3 :memory: ".import --csv '$1' $2" "$3"; }

# --- Maven CRM sales_pipeline.csv (CRLF, 8,800 deals) ---
MAVEN=$DATA/maven-crm/sales_pipeline.csv
if [ -f "$MAVEN" ]; then
    export PIPE_DB=$TMP/maven.db PIPE_STAGES=$EXAMPLES/stages-maven.toml
    tr -d '\r' <"$MAVEN" >"$TMP/maven.csv"
    expected=$(csv_query "$TMP/maven.csv" p "SELECT count(*), sum(deal_stage = 'Won'),
        sum(CASE WHEN deal_stage = 'Won' THEN close_value END), sum(deal_stage = 'Lost'),
        sum(deal_stage IN ('Prospecting', 'Engaging')) FROM p")
    run import "$MAVEN"
    expect_code "maven import" 0
    expect_err "maven import" "8800 rows: 8800 new, 0 updated, 0 unchanged"
    run deal list --status all --json --limit 100000
    actual=$(jq -r '[length, (map(select(.status == "won")) | length),
        (map(select(.status == "won") | .value | tonumber) | add),
        (map(select(.status == "lost")) | length), (map(select(.status == "open")) | length)]
        | join("|")' <<<"$OUT")
    expect_equal "maven: deals, won, won value, lost, open" "$actual" "$expected"

    expected=$(csv_query "$TMP/maven.csv" p "SELECT group_concat(m || '=' || v, ' ') FROM (
        SELECT substr(close_date, 1, 7) m, sum(close_value) v FROM p WHERE deal_stage = 'Won'
        GROUP BY m ORDER BY m)")
    actual=$("$PIPE" export --format json | jq -r '[.[] | select(.stage == "Won")]
        | group_by(.closed_at[0:7]) | map("\(.[0].closed_at[0:7])=\(map(.value | tonumber) | add)")
        | join(" ")')
    expect_equal "maven: won value per month" "$actual" "$expected"

    expected=$(csv_query "$TMP/maven.csv" p "SELECT printf('%.4f|%.3f',
        1.0 * sum(deal_stage = 'Won') / sum(deal_stage IN ('Won', 'Lost')),
        avg(CASE WHEN deal_stage = 'Won' THEN julianday(close_date) - julianday(engage_date) END))
        FROM p")
    run review --since 2016-10-01 --until 2017-12-31 --json
    if [ "$CODE" = 0 ] && jq -e '.current.win_rate' <<<"$OUT" >/dev/null 2>&1; then
        actual=$(jq -r '.current | "\(.win_rate * 10000 | round / 10000)|\(.cycle_days_mean)"' <<<"$OUT")
        check "maven: win rate and mean cycle ($actual vs $expected)" \
            awk -v a="$actual" -v e="$expected" 'BEGIN { split(a, x, "|"); split(e, y, "|");
                exit !((x[1] - y[1])^2 < 1e-8 && (x[2] - y[2])^2 < 1e-6) }'
    fi

    run import "$MAVEN"
    expect_err "maven re-import" "8800 rows: 0 new, 0 updated, 8800 unchanged"
    "$PIPE" export -o "$TMP/maven-1.csv" 2>/dev/null
    PIPE_DB=$TMP/maven-copy.db "$PIPE" import "$TMP/maven-1.csv" 2>/dev/null
    PIPE_DB=$TMP/maven-copy.db "$PIPE" export -o "$TMP/maven-2.csv" 2>/dev/null
    check "maven: export round trip" cmp -s "$TMP/maven-1.csv" "$TMP/maven-2.csv"
fi

# --- sparklesquad variant: In_Progress stage, 19 Won rows without a value ---
SPARKLE=$DATA/sparklesquad-crm/sales-pipeline.csv
if [ -f "$SPARKLE" ]; then
    export PIPE_DB=$TMP/sparkle.db PIPE_STAGES=$EXAMPLES/stages-maven.toml
    expected=$(csv_query "$SPARKLE" p "SELECT count(*), sum(Deal_Stage = 'Won'),
        sum(CASE WHEN Deal_Stage = 'Won' THEN Close_Value END),
        sum(Deal_Stage = 'Won' AND Close_Value = ''), sum(Deal_Stage = 'Lost') FROM p")
    run import "$SPARKLE"
    expect_code "sparklesquad without --stage-map" 1
    in_progress=$(csv_query "$SPARKLE" p "SELECT printf('%,d', count(*)) FROM p WHERE Deal_Stage = 'In_Progress'")
    expect_err "sparklesquad without --stage-map: one line for every row of the unknown stage" \
        "column 'Deal_Stage': $in_progress rows: unknown stage in pipeline sales"
    expect_err "sparklesquad without --stage-map: the stage and its --stage-map" \
        "or --stage-map 'In_Progress=STAGE'): 'In_Progress' (lines "
    run import "$SPARKLE" --stage-map In_Progress=Engaging
    expect_code "sparklesquad import" 0
    expect_err "sparklesquad: won rows without a value are imported as 0, with a warning" \
        "a won deal without a value: imported as 0"
    check "sparklesquad: one warning per won row without a value" \
        test "$(grep -c 'imported as 0' "$TMP/stderr")" = "$(cut -d'|' -f4 <<<"$expected")"
    run deal list --status all --json --limit 100000
    actual=$(jq -r '[length, (map(select(.status == "won")) | length),
        (map(select(.status == "won") | .value | tonumber) | add | floor),
        (map(select(.status == "won" and .value == "0.00")) | length),
        (map(select(.status == "lost")) | length)] | join("|")' <<<"$OUT")
    expect_equal "sparklesquad: deals, won, won value, won without value, lost" "$actual" \
        "$(awk -F'|' '{ printf "%s|%s|%d|%s|%s", $1, $2, $3, $4, $5 }' <<<"$expected")"
fi

# --- Salesforce sample: opportunities, then their stage history as events ---
SFDC=$DATA/sfdc-dev-sample
if [ -f "$SFDC/opportunity.csv" ]; then
    export PIPE_DB=$TMP/sfdc.db PIPE_STAGES=$EXAMPLES/stages-salesforce.toml
    expected=$(csv_query "$SFDC/opportunity.csv" o "SELECT count(*), sum(IsWon = '1'),
        sum(CASE WHEN IsWon = '1' THEN Amount END), sum(IsClosed = '0') FROM o")
    run import "$SFDC/opportunity.csv"
    expect_code "salesforce opportunities" 0
    run deal list --status all --json
    actual=$(jq -r '[length, (map(select(.status == "won")) | length),
        (map(select(.status == "won") | .value | tonumber) | add),
        (map(select(.status == "open")) | length)] | join("|")' <<<"$OUT")
    expect_equal "salesforce: deals, won, won value, open" "$actual" "$expected"
    run import --type events "$SFDC/OpportunityHistory.csv"
    expect_code "salesforce stage history" 0
    expect_err "salesforce stage history" "OpportunityHistory.csv: 62 rows:"
    deals_with_history=$(csv_query "$SFDC/OpportunityHistory.csv" h "SELECT count(DISTINCT OpportunityId) FROM h")
    expect_equal "salesforce: every deal has a created event" \
        "$(sql "SELECT count(DISTINCT deal_id) FROM events WHERE kind = 'created'")" "$deals_with_history"
    expect_equal "salesforce: won events match won deals" \
        "$(sql "SELECT count(*) FROM events WHERE kind = 'won'")" "$(sql "SELECT count(*) FROM deals WHERE status = 'won'")"
    run import --type events "$SFDC/OpportunityHistory.csv"
    expect_err "salesforce stage history is idempotent" "0 new, 0 updated, $deals_with_history unchanged"
fi

# --- X Education Leads.csv: 9,240 leads, a 38th unnamed empty column from trailing commas ---
LEADS=$DATA/xeducation-leads/Leads.csv
if [ -f "$LEADS" ]; then
    export PIPE_DB=$TMP/leads.db
    unset PIPE_STAGES
    expected=$(tr -d '\r' <"$LEADS" | csv_query /dev/stdin l "SELECT count(*), count(DISTINCT \"Prospect ID\"),
        sum(\"Lead Source\" = 'Google') FROM l")
    run import --type leads "$LEADS"
    expect_code "x education leads" 0
    expect_err "x education leads" "9240 rows: 9240 new, 0 updated, 0 unchanged"
    actual="$(sql 'SELECT count(*), count(DISTINCT external_id), sum(source = '\''Google'\'') FROM leads')"
    expect_equal "x education: leads, distinct ids, from Google" "$actual" "$expected"
    expect_equal "x education: the unnamed empty column adds nothing to notes" \
        "$(sql "SELECT count(*) FROM leads WHERE notes LIKE '%column 38%'")" 0
fi

finish
