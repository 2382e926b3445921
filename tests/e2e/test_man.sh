#!/usr/bin/env bash
# The manual: every page in man/ passes `mandoc -T lint -W warning` silently; every
# subcommand and option that `pipe ... --help` lists is in its page; `pipe help COMMAND`
# opens `man pipe-COMMAND`, or prints the command's --help when man is missing.
source "$(dirname "$0")/lib.sh"
MAN=$PIPE_SOURCE_DIR/man
if ! command -v mandoc >/dev/null; then
    echo "skip: mandoc is not installed (apt-get install mandoc)"
    exit 77
fi

pages=("$MAN"/*.[15])
check "man/ holds the ten pages" test "${#pages[@]}" -ge 9
for page in pipe.1 pipe-lead.1 pipe-deal.1 pipe-agenda.1 pipe-review.1 pipe-forecast.1 \
    pipe-import.1 pipe-export.1 pipe-stages.5; do
    check "man/$page exists" test -f "$MAN/$page"
done
for page in "${pages[@]}"; do
    lint=$(mandoc -T lint -W warning "$page" 2>&1)
    check "mandoc -T lint -W warning $(basename "$page") is silent: $lint" test -z "$lint"
done

# The page text as a reader sees it (no overstrike, no wrapping).
declare -A text
for page in "${pages[@]}"; do
    text[$(basename "$page")]=$(mandoc -T ascii -O width=400 "$page" | sed 's/.\x08//g')
done
page_of() { # page_of COMMAND: the page that documents a top-level command
    if [ -f "$MAN/pipe-$1.1" ]; then echo "pipe-$1.1"; else echo pipe.1; fi
}
mentions() { # mentions PAGE WORD: WORD appears in PAGE as a whole word
    grep -qE -- "(^|[^-[:alnum:]_])$2([^-[:alnum:]_]|$)" <<<"${text[$1]}"
}

# Walk the command tree through --help: "  -x,--long TYPE" lines are options, "  name  desc"
# lines outside Options/Positionals are subcommands.
walk() {
    local help section line page sub name
    help=$("$PIPE" "$@" --help) || {
        check "pipe $* --help works" false
        return
    }
    page=$([ $# = 0 ] && echo pipe.1 || page_of "$1")
    section=""
    while IFS= read -r line; do
        if [[ $line =~ ^([A-Z][A-Za-z ]*):$ ]]; then
            section=${BASH_REMATCH[1]}
        elif [[ $line =~ ^\ \ (-[^ ]+) ]]; then
            for name in ${BASH_REMATCH[1]//,/ }; do
                [ "$name" = -h ] || [ "$name" = --help ] && continue
                check "'$name' of 'pipe $*' is in $page" mentions "$page" "$name"
            done
        elif [[ $line =~ ^\ \ ([a-z][a-z-]*)\  && $section != Positionals && $section != Options ]]; then
            sub=${BASH_REMATCH[1]}
            check "'pipe $* $sub' is in $page" grep -qF -- "pipe${*:+ $*} $sub" <<<"${text[$([ $# = 0 ] && page_of "$sub" || echo "$page")]}${text[pipe.1]}"
            walk "$@" "$sub"
        fi
    done <<<"$help"
}
walk
check "the walk found commands and options" test "$PASSES" -gt 100

# pipe help COMMAND runs man (no shell) with the command's page and its section.
mkdir -p "$TMP/bin" "$TMP/empty"
cat >"$TMP/bin/man" <<'SH'
#!/bin/sh
[ "$1" = -w ] && exit 0
echo "MAN $*"
SH
chmod +x "$TMP/bin/man"
PATH=$TMP/bin:$PATH run help deal
expect_equal "pipe help deal runs man 1 pipe-deal" "$OUT" "MAN 1 pipe-deal"
PATH=$TMP/bin:$PATH run help stages
expect_equal "pipe help stages runs man 5 pipe-stages" "$OUT" "MAN 5 pipe-stages"
PATH=$TMP/bin:$PATH run help init
expect_equal "pipe help init runs man 1 pipe" "$OUT" "MAN 1 pipe"
PATH=$TMP/bin:$PATH run help
expect_equal "pipe help runs man 1 pipe" "$OUT" "MAN 1 pipe"
# A system with only the system call's page pipe(2): pipe help must not open it.
cat >"$TMP/bin/man" <<'SH'
#!/bin/sh
if [ "$1" = -w ]; then [ "$2" = pipe ] && exit 0; exit 16; fi
echo "MAN $*"
SH
PATH=$TMP/bin:$PATH run help
expect_code "pipe help where only pipe(2) is installed" 0
expect_no_out "pipe help never opens pipe(2)" "MAN pipe"
expect_out "pipe help without pipe(1) prints pipe --help" "Pipeline:"
for command in "" deal lead agenda review forecast import export stages init; do
    printf '#!/bin/sh\necho "$*" >>"%s"\n[ "$1" = -w ] && exit 16\nexit 0\n' "$TMP/man.log" >"$TMP/bin/man"
    : >"$TMP/man.log"
    # shellcheck disable=SC2086
    PATH=$TMP/bin:$PATH run help $command
    check "pipe help $command: every man call names the section" \
        test -z "$(grep -vE '^(-w )?[15] pipe(-[a-z]+)?$' "$TMP/man.log")"
done
fails_cleanly "pipe help of a mistyped command" 2 "no command 'dael' (did you mean deal?" help dael
OUT=$(PATH=$TMP/empty "$PIPE" help deal)
CODE=$?
expect_code "pipe help without man" 0
expect_out "pipe help without man prints --help" "Usage: pipe deal"
printf '#!/bin/sh\n[ "$1" = -w ] && exit 16\necho MAN "$*"\n' >"$TMP/bin/man"
PATH=$TMP/bin:$PATH run help review
expect_out "pipe help: page not installed prints --help" "Usage: pipe review"
fails_cleanly "pipe help of an unknown command" 2 "no command 'nosuch'" help nosuch

# With the real man and the pages on MANPATH, the real page comes out.
if command -v man >/dev/null && man --version >/dev/null 2>&1; then
    mkdir -p "$TMP/share/man/man1" "$TMP/share/man/man5"
    cp "$MAN"/*.1 "$TMP/share/man/man1/"
    cp "$MAN"/*.5 "$TMP/share/man/man5/"
    MANPATH=$TMP/share/man MANPAGER=cat PAGER=cat MANWIDTH=100 run help stages
    expect_out "pipe help stages shows pipe-stages(5)" "rot_days"
fi
finish
