#!/usr/bin/env bash
# A CSV of N generated deal rows, the same bytes every time (awk's rand() with a fixed seed), as
# a spreadsheet export has them: external id, title, organization, value, stage, dates, source
# and a quoted note with a comma. For the import benchmarks (bench/import.sh, bench/bench.py).
#   bench/deals_csv.sh N FILE
set -euo pipefail
n=${1:?rows}
out=${2:?file}
awk -v n="$n" 'BEGIN {
        srand(42);
        split("Prospecting Qualification Meeting Proposal Negotiation Won Lost", stage, " ");
        split("Acme Globex Initech Umbrella Hooli Stark Wayne Tyrell Cyberdyne Soylent", org, " ");
        print "external_id,title,organization,value,stage,created_at,close_date,source,notes";
        for (i = 1; i <= n; i++) {
            s = stage[int(rand() * 7) + 1];
            o = org[int(rand() * 10) + 1];
            day = int(rand() * 700);
            created = strftime("%Y-%m-%d", 1672531200 + day * 86400, 1);
            closing = strftime("%Y-%m-%d", 1672531200 + (day + 10 + int(rand() * 90)) * 86400, 1);
            printf "EXT%07d,\"%s deal %d\",%s %d,%d.%02d,%s,%s,%s,%s,\"note, with comma\"\n",
                i, o, i, o, i % 997, int(rand() * 50000), int(rand() * 100), s, created, closing,
                (i % 3 ? "web" : "referral");
        }
    }' >"$out"
