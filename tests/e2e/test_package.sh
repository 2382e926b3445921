#!/usr/bin/env bash
# Install and package: `cmake --install` puts the binary, the man pages and the completions
# where man and the shells look; `cpack -G DEB` (make package) builds a .deb that holds them,
# with Depends computed from what the binary links. Uses build/*.deb when it is newer than the
# binary, else builds one into a temporary directory (about 10 s).
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$PIPE")
if [ ! -f "$BUILD/cmake_install.cmake" ]; then
    echo "skip: $BUILD is not a CMake build directory"
    exit 77
fi
expected=(bin/pipe share/man/man1/pipe.1 share/man/man1/pipe-deal.1 share/man/man1/pipe-lead.1
    share/man/man1/pipe-agenda.1 share/man/man1/pipe-review.1 share/man/man1/pipe-forecast.1
    share/man/man1/pipe-import.1 share/man/man1/pipe-export.1 share/man/man1/pipe-undo.1
    share/man/man1/pipe-trash.1 share/man/man1/pipe-doctor.1 share/man/man5/pipe-stages.5
    share/bash-completion/completions/pipe share/zsh/site-functions/_pipe
    share/fish/vendor_completions.d/pipe.fish)

cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1
check "cmake --install works: $(tail -3 "$TMP/install.log")" test $? = 0
for f in "${expected[@]}"; do check "installed $f" test -s "$TMP/prefix/$f"; done
check "installed binary runs" test "$("$TMP/prefix/bin/pipe" --version)" = "$("$PIPE" --version)"
check "installed bash completion is the one pipe prints" \
    cmp -s "$TMP/prefix/share/bash-completion/completions/pipe" <("$PIPE" completion bash)
if command -v man >/dev/null && man --version >/dev/null 2>&1; then
    out=$(MANPATH=$TMP/prefix/share/man MANPAGER=cat PAGER=cat man -w pipe-stages 2>&1)
    expect_equal "man finds pipe-stages(5) in the prefix" "$out" "$TMP/prefix/share/man/man5/pipe-stages.5"
fi

if ! command -v cpack >/dev/null || ! command -v dpkg-deb >/dev/null; then
    echo "skip part: cpack or dpkg-deb missing, no .deb check"
    finish
    exit $?
fi
deb=$(ls -t "$BUILD"/*.deb 2>/dev/null | head -1)
if [ -z "$deb" ] || [ "$deb" -ot "$PIPE" ]; then
    (cd "$BUILD" && cpack -G DEB -B "$TMP/package") >"$TMP/cpack.log" 2>&1
    check "cpack -G DEB works: $(tail -3 "$TMP/cpack.log")" test $? = 0
    deb=$(ls "$TMP"/package/*.deb 2>/dev/null | head -1)
fi
check "a .deb was built" test -f "$deb"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in "${expected[@]}"; do
    check "the .deb holds /usr/$f" grep -qx "./usr/$f" <<<"$contents"
done
check "the .deb holds the zsh completion where Debian's zsh looks" \
    grep -qx "./usr/share/zsh/vendor-completions/_pipe" <<<"$contents"
check "the .deb holds the example stage files" \
    grep -q "^./usr/share/doc/pipe/examples/stages-.*\.toml$" <<<"$contents"
depends=$(dpkg-deb -f "$deb" Depends)
if ! readelf -d "$PIPE" | grep -q NEEDED; then
    # Linked whole (static-pie): it needs no shared library, so no package for one.
    check "a static binary needs no library package: '$depends'" test -z "$depends"
else
    check "Depends names libc6: '$depends'" grep -q "libc6" <<<"$depends"
fi
# Every shared library the binary needs (other than the loader) is covered by Depends.
for lib in $(ldd "$PIPE" | awk '/=>/ {print $1}'); do
    pkg=$(dpkg -S "$(ldd "$PIPE" | awk -v l="$lib" '$1 == l {print $3}')" 2>/dev/null | head -1 | cut -d: -f1)
    [ -z "$pkg" ] && continue
    check "Depends covers $lib (package $pkg): '$depends'" grep -q "$pkg" <<<"$depends"
done
check "package is named pipe" test "$(dpkg-deb -f "$deb" Package)" = pipe
finish
