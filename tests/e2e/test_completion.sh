#!/usr/bin/env bash
# Tab completion: the hidden `pipe __complete` word source, the bash script driven through
# COMP_WORDS/COMP_CWORD/COMPREPLY (with and without bash-completion loaded), zsh and fish
# syntax, and `pipe completion SHELL` printing exactly the files in completions/.
source "$(dirname "$0")/lib.sh"
SCRIPTS=$PIPE_SOURCE_DIR/completions

run deal add "Acme rollout" --value 12500 --org "Acme GmbH"
run deal add "Globex pilot"
run deal won 2
run lead add "Ada Lovelace" --org "Analytical Engines"

run __complete deal move 1 Nego
expect_equal "stage by prefix" "$OUT" $'Negotiation\t80%'
run __complete -- deal move 1 ne
expect_equal "stage by case-insensitive prefix" "$OUT" $'Negotiation\t80%'
run __complete -- deal move ""
expect_equal "open deal ids with titles" "$OUT" $'1\tAcme rollout (Acme GmbH, Prospecting)'
run __complete -- deal reopen ""
expect_out "reopen offers closed deals" $'2\tGlobex pilot'
expect_no_out "reopen skips open deals" "Acme"
run __complete -- lead qualify ""
expect_equal "lead ids" "$OUT" $'1\tAda Lovelace (Analytical Engines)'
run __complete -- deal log 1 m
expect_equal "activity kinds" "$OUT" "meeting"
run __complete -- deal list --status ""
expect_equal "statuses" "$(echo $OUT)" "open won lost all"
run __complete -- --format=j
expect_equal "--option=value" "$OUT" "--format=json"
run __complete -- deal add --st
expect_out "options of a subcommand" "--stage"
expect_out "global options on every level" "--stages"
run __complete -- ""
expect_out "top level" $'deal\t'
expect_no_out "hidden command stays hidden" "__complete"
run __complete -- --db ""
expect_equal "file arguments" "$OUT" ":file"
cat >"$TMP/two.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [ { name = "Pitch", probability = 30 }, { name = "Won", kind = "won" }, { name = "Lost", kind = "lost" } ]
TOML
run __complete -- --stages "$TMP/two.toml" deal add --stage ""
expect_equal "stages of the file given with --stages" "$(echo $OUT | tr '\t' ' ')" "Pitch 30% Won won Lost lost"
PIPE_DB=$TMP/missing.db run __complete -- deal show ""
expect_equal "no database: no ids, no noise" "$OUT$ERR$CODE" "0"

for shell in bash zsh fish; do
    file=$SCRIPTS/pipe.bash
    [ $shell = zsh ] && file=$SCRIPTS/_pipe
    [ $shell = fish ] && file=$SCRIPTS/pipe.fish
    "$PIPE" completion $shell >"$TMP/script"
    check "pipe completion $shell prints $file" cmp -s "$TMP/script" "$file"
done

# Drive the bash function as bash does on TAB: COMP_LINE/COMP_POINT for bash-completion's
# word splitting, COMP_WORDS/COMP_CWORD for plain bash.
mkdir -p "$TMP/bin"
ln -s "$PIPE" "$TMP/bin/pipe"
complete_bash() { # complete_bash WITH_BASH_COMPLETION WORDS...: COMPREPLY, one per line
    local loader=:
    [ "$1" = yes ] && loader="source /usr/share/bash-completion/bash_completion"
    shift
    PATH=$TMP/bin:$PATH bash --norc --noprofile -c '
        '"$loader"' 2>/dev/null
        source "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _pipe pipe "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' "$SCRIPTS/pipe.bash" "$@"
}
modes=(no)
[ -r /usr/share/bash-completion/bash_completion ] && modes+=(yes)
for with in "${modes[@]}"; do
    what="bash (bash-completion loaded: $with)"
    expect_equal "$what: pipe deal move 1 Nego<TAB>" "$(complete_bash $with pipe deal move 1 Nego)" Negotiation
    expect_equal "$what: pipe de<TAB>" "$(complete_bash $with pipe de)" deal
    expect_equal "$what: pipe deal mo<TAB>" "$(complete_bash $with pipe deal mo)" move
    expect_equal "$what: pipe deal next <TAB> gives ids" "$(complete_bash $with pipe deal next '')" 1
    expect_equal "$what: pipe deal log 1 <TAB>" "$(complete_bash $with pipe deal log 1 '' | xargs)" "call email meeting note task"
    check "$what: pipe --db <TAB> completes files" test -n "$(cd "$TMP" && complete_bash $with pipe --db 'pi' | grep -x 'pipe.db')"
done
expect_equal "bash with bash-completion: --format=j<TAB>" "$(complete_bash yes pipe --format=j)" json

if command -v zsh >/dev/null; then
    check "zsh -n _pipe" zsh -n "$SCRIPTS/_pipe"
else
    echo "skip: zsh is not installed"
fi
if command -v fish >/dev/null; then
    check "fish -n pipe.fish" fish -n "$SCRIPTS/pipe.fish"
    # fish runs the script for real: the completion function gives the words.
    out=$(PATH=$TMP/bin:$PATH HOME=$TMP fish --no-config -c "source $SCRIPTS/pipe.fish; complete -C 'pipe deal move 1 Nego'" 2>&1)
    expect_equal "fish: pipe deal move 1 Nego<TAB>" "$out" $'Negotiation\t80%'
else
    echo "skip: fish is not installed"
fi
finish
