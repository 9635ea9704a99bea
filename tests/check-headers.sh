#!/bin/sh
# tests/check-headers.sh - every public header compiles on its own, strictly, as C and C++.
#
# Environment:
#   CC            the C compiler (default: cc)
#   CXX           optional C++ compiler; default g++ when installed (C++ checks skipped if none)
#   top_srcdir    the source tree (include/stalkcase/*.h)
#   top_builddir  the build tree (include/stalkcase/version.h is generated there)
#
# For each header X, a file holding `#include <stalkcase/X>` (and a dummy typedef, so that a
# macros-only header does not leave an empty translation unit) must compile with
#   $CC -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only
# and, when a C++ compiler exists, with -x c++ -std=c++11 and the same warnings; the header
# included twice must compile too (include guard). Prints "ok"/"not ok" per check and
# "N passed, N failed"; exit status 0 when all pass, 1 otherwise.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
CC=${CC:-cc}
if [ -z "$CXX" ] && command -v g++ >/dev/null 2>&1; then
    CXX=g++
fi
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/sc-headers.XXXXXX") || exit 99
trap 'rm -rf "$tmpdir"' EXIT HUP INT TERM

# The headers: every *.h in the source tree, plus the generated version.h from the build
# tree (in an in-tree build both are the same folder; each name is checked once).
names=
for f in "$top_srcdir"/include/stalkcase/*.h "$top_builddir"/include/stalkcase/version.h; do
    [ -f "$f" ] || continue
    n=$(basename "$f")
    case " $names " in
        *" $n "*) ;;
        *) names="$names $n" ;;
    esac
done
case " $names " in
    *" version.h "*) ;;
    *) fail "version.h not generated in $top_builddir/include/stalkcase (run configure)" ;;
esac
case " $names " in
    *" stalkcase.h "*) ;;
    *) fail "no stalkcase.h in $top_srcdir/include/stalkcase" ;;
esac

# compile LANGUAGE-LABEL FILE COMPILER FLAGS...
check() {
    label=$1
    src=$2
    shift 2
    if "$@" -I"$top_builddir/include" -I"$top_srcdir/include" "$src" \
        >"$tmpdir/out" 2>&1; then
        pass "$label"
    else
        sed 's/^/    /' "$tmpdir/out"
        fail "$label"
    fi
}

for n in $names; do
    # The include is the only line that matters. A typedef follows it because ISO C forbids
    # an empty translation unit, which is what a macros-only header (version.h) leaves, and
    # -pedantic -Werror would reject that for reasons that have nothing to do with the header.
    printf '#include <stalkcase/%s>\ntypedef int sc_check_headers_tu_;\n' "$n" >"$tmpdir/once.c"
    printf '#include <stalkcase/%s>\n#include <stalkcase/%s>\ntypedef int sc_check_headers_tu_;\n' \
        "$n" "$n" >"$tmpdir/twice.c"
    # $CC may carry options (e.g. "gcc -m32"): split it on purpose.
    # shellcheck disable=SC2086
    check "$n alone (C11)" "$tmpdir/once.c" \
        $CC -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only
    # shellcheck disable=SC2086
    check "$n twice (C11)" "$tmpdir/twice.c" \
        $CC -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only
    if [ -n "$CXX" ]; then
        # shellcheck disable=SC2086
        check "$n alone (C++11)" "$tmpdir/once.c" \
            $CXX -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only
    fi
done
if [ -z "$CXX" ]; then
    echo "# no C++ compiler (g++) found: C++ checks skipped"
fi

echo "$passed passed, $failed failed"
if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
