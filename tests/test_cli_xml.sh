#!/bin/sh
# test_cli_xml.sh - tests of `stalkcase validate` and `stalkcase convert`, run by `make check`.
#
# Environment (set by AM_TESTS_ENVIRONMENT in Makefile.am): SC_STALKCASE (the built program),
# top_srcdir (for examples/data/sample-casebook.xml), SC_TEST_DATA (tests/data, for the
# hostile-input corpus), SC_TEST_WRAPPER (optional, e.g. valgrind).
# Expected locations are those counted by hand in tests/test_xml.c.
# Prints one line per check and finishes with "N passed, N failed"; exits 1 if any failed.

set -u

if [ -z "${SC_STALKCASE:-}" ]; then
    echo "test_cli_xml.sh: SC_STALKCASE is not set" >&2
    exit 99
fi
sample=${top_srcdir:-.}/examples/data/sample-casebook.xml
bad=${SC_TEST_DATA:-tests/data}/xml/bad

sc() {
    # shellcheck disable=SC2086 # the wrapper is a command with options
    ${SC_TEST_WRAPPER:-} "$SC_STALKCASE" "$@"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_cli_xml.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$3', got '$2'"; fi; }

out=$(sc validate "$sample" 2>"$tmp/err"); rc=$?
check "validate sample: exit 0" "$rc" 0
check "validate sample: reports valid" "$out" "$sample: valid"
check "validate sample: nothing on stderr" "$(cat "$tmp/err")" ""

sc validate "$sample" "$bad/nul.xml" "$bad/xxe-file.xml" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "validate bad files: exit 1" "$rc" 1
check "validate nul.xml: location" \
    "$(grep -c "stalkcase: $bad/nul.xml:5:15: " "$tmp/err")" 1
check "validate xxe-file.xml: location" \
    "$(grep -c "stalkcase: $bad/xxe-file.xml:2:20: document type" "$tmp/err")" 1
check "validate bad files: the good one still listed" "$(cat "$tmp/out")" "$sample: valid"

# Integrity problems (schema-valid): every problem listed.
cat >"$tmp/dup.xml" <<'XML'
<casebook xmlns="urn:libstalkcase:stalkcase:1">
  <report id="r"><reported-at>2024-01-01T00:00:00Z</reported-at><offence>other</offence>
    <victim-ref>nobody</victim-ref></report>
  <report id="r"><offence>other</offence></report>
</casebook>
XML
sc validate "$tmp/dup.xml" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "validate integrity: exit 1" "$rc" 1
check "validate integrity: three problems" "$(wc -l <"$tmp/err" | tr -d ' ')" 3

sc convert "$sample" "$tmp/s.xml.gz"; rc=$?
check "convert to .gz: exit 0" "$rc" 0
check "convert to .gz: gzip magic" "$(od -An -tx1 -N2 "$tmp/s.xml.gz" | tr -d ' ')" 1f8b
sc convert "$tmp/s.xml.gz" "$tmp/back.xml"; rc=$?
check "convert back: exit 0" "$rc" 0
if cmp -s "$sample" "$tmp/back.xml"; then ok "convert round trip: identical bytes"
else not_ok "convert round trip: identical bytes"; fi
sc convert --gzip --level 1 "$sample" "$tmp/fast.bin"
check "convert --gzip --level 1: gzip magic" "$(od -An -tx1 -N2 "$tmp/fast.bin" | tr -d ' ')" 1f8b

printf 'old' >"$tmp/keep.xml"
sc convert "$bad/billion-laughs.xml" "$tmp/keep.xml" 2>/dev/null; rc=$?
check "convert hostile input: exit 1" "$rc" 1
check "convert hostile input: output untouched" "$(cat "$tmp/keep.xml")" old
check "convert hostile input: no temporary left" "$(ls -A "$tmp" | grep -c '^\.')" 0

# Only a regular file is ever replaced: a FIFO or a symbolic link at OUT is left alone.
if mkfifo "$tmp/fifo" 2>/dev/null; then
    sc convert "$sample" "$tmp/fifo" 2>/dev/null; rc=$?
    check "convert onto a FIFO: exit 1" "$rc" 1
    if [ -p "$tmp/fifo" ]; then ok "convert onto a FIFO: FIFO untouched"
    else not_ok "convert onto a FIFO: FIFO untouched"; fi
    rm -f "$tmp/fifo"
fi
printf 'target' >"$tmp/target.txt"
ln -s "$tmp/target.txt" "$tmp/link.xml"
sc convert "$sample" "$tmp/link.xml" 2>/dev/null; rc=$?
check "convert onto a symbolic link: exit 1" "$rc" 1
if [ -L "$tmp/link.xml" ] && [ "$(cat "$tmp/target.txt")" = target ]; then
    ok "convert onto a symbolic link: link and target untouched"
else
    not_ok "convert onto a symbolic link: link and target untouched"
fi
rm -f "$tmp/link.xml" "$tmp/target.txt"

sc convert --level 0 "$sample" "$tmp/x.gz" 2>/dev/null; rc=$?
check "convert --level 0: usage error" "$rc" 2
sc convert "$sample" 2>/dev/null; rc=$?
check "convert with one argument: usage error" "$rc" 2

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
