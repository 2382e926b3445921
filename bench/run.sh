#!/usr/bin/env bash
# Benchmarks of whole `pipe` processes, as a user meets them. Prints figures and ratios; it
# asserts nothing (speed targets are read from its output, never checked in the test suite).
#   bench/run.sh [BUILD_DIR]          (default: build; needs hyperfine, sqlite3, taskwarrior)
# Environment: DEALS (default 200000), ACTIVITIES_PER_DEAL (default 5: 1M activities), RUNS (default 30).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$here/../build}
PIPE=$(realpath "$BUILD/pipe")
DEALS=${DEALS:-200000}
RUNS=${RUNS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIPE_DB=$work/bench.db XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1
export PIPE_NOW=2027-01-15T10:00:00 TZ=UTC

for tool in hyperfine sqlite3 task; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install hyperfine sqlite3 taskwarrior)" >&2; exit 1; }
done

# mean_ms NAME COMMAND: mean wall time of COMMAND in milliseconds, via hyperfine.
mean_ms() {
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$2" >/dev/null 2>&1 ||
        hyperfine --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$2" >/dev/null
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json"
}

export PIPE_STAGES=$here/../examples/stages-b2b-saas.toml
"$here/generate.sh" "$PIPE" "$PIPE_DB" "$DEALS" "${ACTIVITIES_PER_DEAL:-5}"
open_id=$(sqlite3 "$PIPE_DB" "SELECT id FROM deals WHERE status='open' LIMIT 1")

declare -A pipe_ms
pipe_ms[add]=$(mean_ms add "$PIPE -q deal add 'Bench deal' --value 1200 --org Bench")
pipe_ms[list]=$(mean_ms list "$PIPE deal list --limit 50")
pipe_ms[agenda]=$(mean_ms agenda "$PIPE agenda")
pipe_ms[show]=$(mean_ms show "$PIPE deal show $open_id")
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" \
    --prepare "sh -c '$PIPE -q deal move $open_id Proposal || true'" "$PIPE -q deal move $open_id Negotiation" >/dev/null
pipe_ms[move]=$(python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json")
# The damage check a write makes once a day (PRAGMA quick_check, which reads the whole file): a
# deal add whose check is due (the record of the last one removed first: the table `meta` holds
# only it), and quick_check alone in sqlite3.
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/h.json" \
    --prepare "sh -c 'sqlite3 $PIPE_DB \"DELETE FROM meta\" 2>/dev/null || true'" \
    "$PIPE -q deal add 'Checked deal' --value 1200" >/dev/null
pipe_ms[add_checked]=$(python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json")
pipe_ms[quick_check]=$(mean_ms quick_check "sqlite3 $PIPE_DB 'PRAGMA quick_check'")

# taskwarrior on 20k tasks: the speed peer.
export TASKRC=$work/taskrc TASKDATA=$work/task
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\nhooks=off\n' "$TASKDATA" >"$TASKRC"
python3 - "$work/tasks.json" <<'PY'
import json, sys, uuid
random_ids = [uuid.UUID(int=(i * 2654435761) % (1 << 128)) for i in range(1, 20001)]
with open(sys.argv[1], "w") as f:
    for i, u in enumerate(random_ids):
        f.write(json.dumps({"uuid": str(u), "description": f"Task {i} follow up", "status": "pending",
                            "entry": "20260101T000000Z", "project": f"p{i % 50}"}) + "\n")
PY
task import "$work/tasks.json" >/dev/null 2>&1
task_add=$(mean_ms task-add "task add 'Bench task' project:bench")
task_list=$(mean_ms task-list "task limit:50 list")

printf '\npipe on %s deals (mean of %s runs, whole processes)\n' "$DEALS" "$RUNS"
printf '  %-28s %8s ms\n' "pipe deal add" "${pipe_ms[add]}" "pipe deal list --limit 50" "${pipe_ms[list]}" \
    "pipe deal show" "${pipe_ms[show]}" "pipe deal move" "${pipe_ms[move]}" "pipe agenda (goal < 50)" "${pipe_ms[agenda]}" \
    "pipe deal add, check due" "${pipe_ms[add_checked]}" "sqlite3 PRAGMA quick_check" "${pipe_ms[quick_check]}"
printf '  (%s MB; the damage check runs before the first write of each day)\n' "$(($(stat -c %s "$PIPE_DB") / 1000000))"
printf '\ntaskwarrior %s on 20000 tasks\n' "$(task --version)"
printf '  %-28s %8s ms\n' "task add" "$task_add" "task limit:50 list" "$task_list"
printf '\nratios (taskwarrior / pipe; goal >= 10x)\n'
python3 -c "print('  add   %.1fx' % ($task_add / ${pipe_ms[add]})); print('  list  %.1fx' % ($task_list / ${pipe_ms[list]}))"
