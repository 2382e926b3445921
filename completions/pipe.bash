# bash completion for pipe. The words come from `pipe __complete`, which knows the command
# tree, the stage file and the database; this script only passes the line and shows them.
# Installed as share/bash-completion/completions/pipe; or: source <(pipe completion bash)

_pipe() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
    fi
    local line IFS=$'\n'
    local -a lines
    lines=($("${words[0]}" __complete -- "${words[@]:1:cword-1}" "$cur" 2>/dev/null))
    COMPREPLY=()
    if [[ ${lines[0]-} == :file ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        lines=("${lines[@]:1}")
    fi
    for line in "${lines[@]}"; do
        line=${line%%$'\t'*}
        # bash breaks words at '=' and ':'; replace only the part after the last break.
        [[ $cur == *[=:]* && $line == "${cur%[=:]*}"[=:]* ]] && line=${line#"${cur%[=:]*}"?}
        COMPREPLY+=("$(printf '%q' "$line")")
    done
    return 0
}

complete -F _pipe pipe
