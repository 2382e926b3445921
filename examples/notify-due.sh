#!/usr/bin/env bash
# Desktop notifications for planned activities about to start: run every 15 minutes (see
# examples/calendar-feed.md for the systemd user timer). It reads the agenda's `due_now` group
# (docs/json.md) and calls notify-send for each plan, or prints it when notify-send is missing.
# needs: pipe agenda --due-now
set -euo pipefail
PIPE=${PIPE:-pipe}
"$PIPE" agenda --due-now --window "${WINDOW:-15m}" --format json |
    jq -r '.groups[] | select(.key == "due_now") | .items[] |
        "\(.time // "")\t\(.kind): \(.detail) (\(.title))\t\(.command)"' |
    while IFS=$'\t' read -r time what command; do
        if command -v notify-send >/dev/null; then
            notify-send --app-name=pipe "$time $what" "$command"
        else
            printf '%s %s · %s\n' "$time" "$what" "$command"
        fi
    done
