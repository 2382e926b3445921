# fish completion for pipe. The words and their descriptions come from `pipe __complete`,
# which knows the command tree, the stage file and the database.
# Installed as share/fish/vendor_completions.d/pipe.fish; or: pipe completion fish | source

function __pipe_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($tokens[1] __complete -- $tokens[2..-1] "$current" 2>/dev/null)
    if test "$out[1]" = ":file"
        __fish_complete_path "$current"
        set -e out[1]
    end
    test (count $out) -gt 0; and printf '%s\n' $out
end

complete -c pipe -f -a '(__pipe_complete)'
