#!/usr/bin/env bash
# Search and the organization view on a big book with organizations and people, and what
# linking a new deal to an organization costs: medians of alternating runs of whole `pipe`
# processes, beside the floors of the sqlite3 CLI (reading one deal by id, committing one
# row). Prints figures; asserts nothing.
#   bench/people.sh [BUILD_DIR]      (default: build; needs sqlite3, python3)
# Environment: DEALS (default 200000), ACTIVITIES_PER_DEAL (default 5: 1M activities), ORGS
# (default 50000), PEOPLE (default 150000), RUNS (default 21), RARE and COMMON (the words
# searched; default `12345`, in two records, and `rollout`, in one deal title of seven), BOOK
# (a book generated before with the same settings, copied instead of generating one).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PIPE=$(realpath "${1:-$here/../build}/pipe")
DEALS=${DEALS:-200000}
RUNS=${RUNS:-21}
RARE=${RARE:-12345}
COMMON=${COMMON:-rollout}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIPE_DB=$work/bench.db XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1
export PIPE_NOW=2027-01-15T10:00:00 TZ=UTC PIPE_STAGES=$here/../examples/stages-b2b-saas.toml
if [ -n "${BOOK:-}" ]; then
    cp "$BOOK" "$PIPE_DB" # a book made before by this script's generate.sh call
else
    ORGS=${ORGS:-50000} PEOPLE=${PEOPLE:-150000} "$here/generate.sh" "$PIPE" "$PIPE_DB" "$DEALS" "${ACTIVITIES_PER_DEAL:-5}"
fi
org=$(sqlite3 "$PIPE_DB" "SELECT name FROM organizations WHERE id = 123")
"$PIPE" -q deal add warm-up >/dev/null # the day's damage check, timed by bench/run.sh
printf 'matches: %s %s, %s %s\n' "$RARE" "$("$PIPE" search "$RARE" | tail -1)" "$COMMON" "$("$PIPE" search "$COMMON" | tail -1)"
python3 - "$RUNS" "$PIPE" "$PIPE_DB" "$RARE" "$COMMON" "$org" <<'PY'
import os, statistics, subprocess, sys, time
runs, pipe, db, rare, common, org = int(sys.argv[1]), *sys.argv[2:]
commands = {
    f"pipe search {rare} (rare)": [pipe, "search", rare],
    f"pipe search {common} (common)": [pipe, "search", common],
    f"pipe org show '{org}'": [pipe, "org", "show", org],
    "sqlite3: one deal by id (read floor)": ["sqlite3", db, "SELECT * FROM deals WHERE id = 4242"],
    "pipe deal add": [pipe, "-q", "deal", "add", "Bench deal", "--value", "1200"],
    f"pipe deal add --org '{org}'": [pipe, "-q", "deal", "add", "Bench deal", "--value", "1200", "--org", org],
    "sqlite3: commit one row (write floor)": ["sqlite3", db, "INSERT INTO meta (key, value) VALUES ('bench', 'x') "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"],
}
times = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for run in range(runs + 2):  # two warm-up rounds
    for name, argv in commands.items():  # alternating: one run of each in turn
        t0 = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = (time.perf_counter() - t0) * 1000
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{name} failed")
        if run >= 2:
            times[name].append(elapsed)
            cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
print(f"\nmedians of {runs} alternating runs (whole processes, ms; cpu = user + system time)")
print(f"  {'':<48} {'wall':>7} {'cpu':>7}")
for name, t in times.items():
    print(f"  {name:<48} {statistics.median(t):7.2f} {statistics.median(cpu[name]):7.2f}")
keys = ("pipe deal add", f"pipe deal add --org '{org}'")
add, add_org = (statistics.median(times[k]) for k in keys)
cpu_add, cpu_org = (statistics.median(cpu[k]) for k in keys)
print(f"  deal add --org minus deal add: {add_org - add:+.2f} ms wall, {cpu_org - cpu_add:+.2f} ms cpu (goal: at most +1)")
PY
