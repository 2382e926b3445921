#!/usr/bin/env bash
# Every example a user would copy works: each examples/stages-*.toml passes `pipe stages
# --check`, the sample CSV imports, and every examples/*.sh runs on a fresh database (with
# the files next to it as input). A script whose `# needs: pipe CMD` is not built yet is
# skipped with a message; exit 77 only when nothing could run.
source "$(dirname "$0")/lib.sh"
EX=$PIPE_SOURCE_DIR/examples
export PIPE
ran=0
has() { "$PIPE" "$@" --help >/dev/null 2>&1; }

for toml in "$EX"/stages-*.toml; do
    run --stages "$toml" stages --check
    expect_code "$(basename "$toml") is valid" 0
    ran=$((ran + 1))
done
if has import; then
    run import "$EX/sample-deals.csv"
    expect_code "sample-deals.csv imports" 0
    run deal list --json
    check "sample-deals.csv gives 5 deals" test "$(jq length <<<"$OUT")" = 5
    ran=$((ran + 1))
fi

DATA=${PIPE_SHARED_DATA:-$PIPE_SOURCE_DIR/../shared/data}
input_for() { # the input file an example script is run with
    case $(basename "$1") in
    bulk-add.sh) echo "$EX/bulk-deals.txt" ;;
    import-pipedrive.sh) echo "$EX/pipedrive-deals.csv" ;;
    weekly-summary.sh) echo "$TMP/notes" ;;
    import-maven.sh) echo "$DATA/maven-crm/sales_pipeline.csv" ;;
    import-salesforce.sh) echo "$DATA/sfdc-dev-sample/opportunity.csv" ;;
    import-sparklesquad.sh) echo "$DATA/sparklesquad-crm/sales-pipeline.csv" ;;
    import-xeducation.sh) echo "$DATA/xeducation-leads/Leads.csv" ;;
    esac
}
for script in "$EX"/*.sh; do
    name=$(basename "$script")
    needs=$(sed -n 's/^# needs: pipe //p' "$script")
    if [ -n "$needs" ] && ! has $needs; then
        echo "skip: $name needs 'pipe $needs', which this build does not have yet"
        continue
    fi
    if grep -q jq "$script" && ! command -v jq >/dev/null; then
        echo "skip: $name needs jq"
        continue
    fi
    if [[ $name == import-maven.sh || $name == import-salesforce.sh || $name == import-sparklesquad.sh ||
        $name == import-xeducation.sh ]] && [ ! -d "$DATA" ]; then
        echo "skip: $name needs the real exports in $DATA"
        continue
    fi
    export PIPE_DB=$TMP/$name.db
    # A little data first, so reports and jq have something to show.
    "$PIPE" -q deal add "Example deal" --value 1000 --org "Example Ltd" >/dev/null
    "$PIPE" -q deal add "Stepped deal" --value 2000 >/dev/null
    "$PIPE" deal next 2 "Call back" --due tomorrow >/dev/null
    input=$(input_for "$script")
    extra=()
    [ "$name" = import-salesforce.sh ] && extra=("$DATA/sfdc-dev-sample/OpportunityHistory.csv")
    (cd "$TMP" && bash "$script" ${input:+"$input"} "${extra[@]}") >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    CODE=$? OUT=$(cat "$TMP/stdout") ERR=$(cat "$TMP/stderr")
    expect_code "examples/$name" 0
    ran=$((ran + 1))
    case $name in
    bulk-add.sh)
        expect_equal "bulk-add prints the new ids" "$(echo $OUT)" "3 4 5 6"
        run deal show 4 --json
        expect_out "bulk-add: value with k" '"value": "1200.00"'
        ;;
    import-pipedrive.sh)
        run deal list --json
        check "pipedrive: 5 imported deals" test "$(jq '[.[] | select(.external_id != null)] | length' <<<"$OUT")" = 5
        expect_out "pipedrive: stage mapped" '"stage": "Negotiation"'
        expect_out "pipedrive: dd/mm/yyyy dates read" '"expected_close": "2026-03-20"'
        (cd "$TMP" && bash "$script" "$EX/pipedrive-deals.csv") >"$TMP/again" 2>&1
        check "pipedrive: re-import changes nothing" grep -q '0 new, 0 updated, 5 unchanged' "$TMP/again"
        run deal list --json
        check "pipedrive: still 5 imported deals" test "$(jq '[.[] | select(.external_id != null)] | length' <<<"$OUT")" = 5
        ;;
    jq-open-without-next-step.sh)
        expect_equal "jq: open deals without a next step" "$OUT" $'1\tExample deal\t1000.00 EUR'
        ;;
    weekly-summary.sh)
        check "weekly summary wrote a Markdown file" test -s "$(ls "$TMP"/notes/review-*.md 2>/dev/null | head -1)"
        ;;
    esac
done
if [ "$ran" = 0 ]; then
    echo "skip: no example could run with this build"
    exit 77
fi
finish
