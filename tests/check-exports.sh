#!/bin/sh
# tests/check-exports.sh - the shared library exports exactly the documented API.
#
# Environment:
#   SC_LIBRARY  path of the built shared library (lib/.libs/libstalkcase.so)
#   top_srcdir  the source tree (its include/stalkcase/*.h declare the API with SC_API)
#   NM          optional, the nm to use (default: nm)
#
# Checks:
#   1. the library exists and nm lists its dynamic symbols;
#   2. every defined dynamic symbol (code or data; linker-made symbols such as _init, _fini,
#      _edata, _end, __bss_start are ignored) starts with "sc_";
#   3. every exported symbol is declared with SC_API in a public header;
#   4. every function declared with SC_API in a public header is exported.
# Prints "ok"/"not ok" per check, the differences on failure, and "N passed, N failed".
# Exit status: 0 when all pass, 1 otherwise, 77 (skipped) when nm is not installed.

top_srcdir=${top_srcdir:-.}
NM=${NM:-nm}
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }

finish() {
    echo "$passed passed, $failed failed"
    rm -rf "$tmpdir"
    if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

if ! command -v "$NM" >/dev/null 2>&1; then
    echo "SKIP: $NM not found"
    exit 77
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/sc-exports.XXXXXX") || exit 99
trap 'rm -rf "$tmpdir"' HUP INT TERM

# ---------------------------------------------------------------- 1. the library
if [ -z "$SC_LIBRARY" ]; then
    fail "SC_LIBRARY is not set"
    finish
fi
if [ ! -f "$SC_LIBRARY" ]; then
    fail "library $SC_LIBRARY does not exist"
    finish
fi
if ! "$NM" -D --defined-only "$SC_LIBRARY" >"$tmpdir/nm.out" 2>"$tmpdir/nm.err"; then
    cat "$tmpdir/nm.err"
    fail "$NM -D --defined-only $SC_LIBRARY"
    finish
fi
pass "nm lists the dynamic symbols of $SC_LIBRARY"

# Lines look like "0000000000001234 T sc_name" (newer binutils may add "@VERSION" or
# "@@VERSION"). Absolute symbols ("A": version nodes) are not code or data.
awk 'NF >= 3 && $2 != "A" && $2 != "a" { name = $3; sub(/@.*/, "", name); print name }' \
    "$tmpdir/nm.out" |
    grep -v -x -e '_init' -e '_fini' -e '_edata' -e '_end' -e '__bss_start' \
        -e '_etext' -e '__end__' -e '_DYNAMIC' -e '_GLOBAL_OFFSET_TABLE_' \
        -e '__dso_handle' -e '__data_start' -e 'data_start' |
    LC_ALL=C sort -u >"$tmpdir/exported"

# ---------------------------------------------------------------- 2. sc_ prefix
LC_ALL=C grep -v '^sc_' "$tmpdir/exported" >"$tmpdir/unprefixed"
if [ -s "$tmpdir/exported" ] && [ ! -s "$tmpdir/unprefixed" ]; then
    pass "every exported symbol starts with sc_ ($(wc -l <"$tmpdir/exported" | tr -d ' ') symbols)"
elif [ ! -s "$tmpdir/exported" ]; then
    fail "the library exports no symbol at all"
else
    echo "exported symbols without the sc_ prefix:"
    sed 's/^/    /' "$tmpdir/unprefixed"
    fail "every exported symbol starts with sc_"
fi

# ---------------------------------------------------------------- the documented API
# Every declaration that starts with SC_API, possibly over several lines: the name is the
# identifier just before the first "(" (a function) or, without "(", before the ";"
# (a variable).
set -- "$top_srcdir"/include/stalkcase/*.h
if [ ! -f "$1" ]; then
    fail "no public header in $top_srcdir/include/stalkcase"
    finish
fi
awk '
    function emit(text,    s, p) {
        p = index(text, "(")
        if (p > 0) s = substr(text, 1, p - 1); else { p = index(text, ";"); s = substr(text, 1, p - 1) }
        sub(/[ \t]+$/, "", s)
        if (match(s, /[A-Za-z_][A-Za-z0-9_]*$/)) print substr(s, RSTART, RLENGTH)
    }
    collecting { decl = decl " " $0 }
    !collecting && /^[ \t]*SC_API([ \t]|$)/ { decl = $0; collecting = 1 }
    collecting && (index(decl, "(") > 0 || index(decl, ";") > 0) { emit(decl); collecting = 0 }
' "$@" | LC_ALL=C sort -u >"$tmpdir/declared"

if [ ! -s "$tmpdir/declared" ]; then
    fail "no SC_API declaration found in $top_srcdir/include/stalkcase/*.h"
    finish
fi

# ---------------------------------------------------------------- 3. exported => declared
LC_ALL=C comm -23 "$tmpdir/exported" "$tmpdir/declared" >"$tmpdir/undocumented"
if [ ! -s "$tmpdir/undocumented" ]; then
    pass "every exported symbol is declared with SC_API"
else
    echo "exported but not declared with SC_API in include/stalkcase/*.h:"
    sed 's/^/    /' "$tmpdir/undocumented"
    fail "every exported symbol is declared with SC_API"
fi

# ---------------------------------------------------------------- 4. declared => exported
LC_ALL=C comm -13 "$tmpdir/exported" "$tmpdir/declared" >"$tmpdir/missing"
if [ ! -s "$tmpdir/missing" ]; then
    pass "every SC_API declaration is exported ($(wc -l <"$tmpdir/declared" | tr -d ' ') declared)"
else
    echo "declared with SC_API but not exported by $SC_LIBRARY:"
    sed 's/^/    /' "$tmpdir/missing"
    fail "every SC_API declaration is exported"
fi

finish
