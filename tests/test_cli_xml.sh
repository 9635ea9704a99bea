#!/bin/sh
# test_cli_xml.sh - tests of `stalkcase validate`, `stalkcase convert` (casebooks, and Met CSV to
# counts documents), `stalkcase stats` and `compare` on casebooks, and examples/casebook_demo,
# run by `make check`.
#
# Environment (set by AM_TESTS_ENVIRONMENT in Makefile.am): SC_STALKCASE (the built program),
# top_srcdir (for examples/data/sample-casebook.xml), SC_TEST_DATA (tests/data, for the
# hostile-input corpus), SC_CASEBOOK_DEMO (the demo program), PYTHON (Debian's python3, for
# expected values), SC_TEST_WRAPPER (optional, e.g. valgrind).
# Expected locations are those counted by hand in tests/test_xml.c. Expected statistics of the
# sample casebook are computed here, independently of the library, with Python's
# xml.etree.ElementTree (see expected_stats below); the totals of a counts document are checked
# against the CSV's with Python's csv module.
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

# '-' is standard input for validate and convert IN, standard output for convert OUT. The
# sample was written by the library, so the bytes come back unchanged (gzip: as inflated by
# gzip -dc).
out=$(sc validate - <"$sample" 2>"$tmp/err"); rc=$?
check "validate -: exit 0" "$rc" 0
check "validate -: named <stdin>" "$out" "<stdin>: valid"
sc validate - <"$bad/invalid-utf8.xml" >/dev/null 2>"$tmp/err"; rc=$?
check "validate - of a bad file: exit 1" "$rc" 1
check "validate - of a bad file: located in <stdin>" "$(cut -d: -f1-2 "$tmp/err" | head -n 1)" "stalkcase: <stdin>"
sc convert "$sample" - >"$tmp/stdout.xml"; rc=$?
check "convert IN -: exit 0" "$rc" 0
cmp -s "$sample" "$tmp/stdout.xml" && ok "convert IN -: the same bytes on standard output" || not_ok "convert IN -: the same bytes on standard output"
sc convert - - <"$sample" >"$tmp/stdout2.xml"; rc=$?
check "convert - -: exit 0" "$rc" 0
cmp -s "$sample" "$tmp/stdout2.xml" && ok "convert - -: the same bytes" || not_ok "convert - -: the same bytes"
sc convert --gzip "$sample" - | gzip -dc >"$tmp/stdout3.xml"
cmp -s "$sample" "$tmp/stdout3.xml" && ok "convert --gzip IN -: inflates to the same bytes" || not_ok "convert --gzip IN -: inflates to the same bytes"
test ! -e ./- && ok "convert IN -: no file named '-'" || not_ok "convert IN -: no file named '-'"
sc convert "$sample" - >/dev/full 2>"$tmp/err"; rc=$?
check "convert IN - to a full device: exit 1" "$rc" 1

# ------------------------------------------------------------------ stats on a casebook

py=${PYTHON:-/usr/bin/python3}

# expected_stats GROUP FILE: the csv `stats --by GROUP --format csv` must print for the casebook
# FILE, computed with ElementTree. Each report counts once, in the month of its reported-at's
# local date (the first 7 characters of the timestamp). --by month lists every month from the
# first to the last report (0 when none); the other groupings list the groups with a count, by
# count descending, then by name in byte order (ward: name, code, borough). Offence labels are
# those of vocab.h; the cyber element is "yes" when any evidence kind is digital (every kind but
# "other"), else the recorded cyber-element, else "unknown" (report.h).
expected_stats() {
    "$py" - "$1" "$2" <<'PY'
import sys, collections, xml.etree.ElementTree as ET
group, path = sys.argv[1], sys.argv[2]
ns = {"s": "urn:libstalkcase:stalkcase:1"}
labels = {
    "harassment": "Harassment (PHA 1997 s.2)",
    "fear-of-violence": "Fear of violence (PHA 1997 s.4)",
    "stalking": "Stalking (PHA 1997 s.2A)",
    "stalking-fear-alarm-distress":
        "Stalking with fear of violence or serious alarm or distress (PHA 1997 s.4A)",
    "malicious-communications": "Malicious communications (MCA 1988)",
    "other": "Other offence",
}
def text(r, tag):
    e = r.find("s:" + tag, ns)
    return e.text or "" if e is not None else ""
counts = collections.Counter()
for r in ET.parse(path).getroot().findall("s:report", ns):
    if group == "month":
        key = (text(r, "reported-at")[:7],)
    elif group == "ward":
        key = (text(r, "ward-code"), text(r, "ward-name"), text(r, "borough"))
    elif group == "offence":
        key = (labels[text(r, "offence")],)
    elif group == "cyber":
        kinds = [k.text for k in r.findall("s:evidence/s:kind", ns)]
        if any(k != "other" for k in kinds):
            key = ("yes",)
        else:
            key = (text(r, "cyber-element") or "unknown",)
    counts[key] += 1
def q(f):
    return '"' + f.replace('"', '""') + '"' if any(c in f for c in ',"\r\n') else f
head = {"month": "month", "ward": "ward_code,ward_name,borough", "offence": "offence",
        "cyber": "cyber"}[group]
print(head + ",count")
if group == "month":
    months = sorted(k[0] for k in counts)
    y, m = map(int, months[0].split("-"))
    while "%04d-%02d" % (y, m) <= months[-1]:
        k = ("%04d-%02d" % (y, m),)
        print("%s,%d" % (k[0], counts.get(k, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
else:
    def order(item):
        k, n = item
        if group == "ward":
            k = (k[1], k[0], k[2])
        return (-n, tuple(f.encode() for f in k))
    for k, n in sorted(counts.items(), key=order):
        print(",".join(q(f) for f in k) + ",%d" % n)
PY
}

gzip -c "$sample" >"$tmp/sample.xml.gz"
for group in month ward offence cyber; do
    expected_stats "$group" "$sample" >"$tmp/expected.csv"
    for input in plain gzip; do
        f=$sample
        [ "$input" = gzip ] && f=$tmp/sample.xml.gz
        sc stats --by "$group" --format csv "$f" >"$tmp/out.csv" 2>"$tmp/err"; rc=$?
        check "stats --by $group on the sample casebook ($input): exit 0" "$rc" 0
        if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then
            ok "stats --by $group on the sample casebook ($input): as computed with ElementTree"
        else
            not_ok "stats --by $group on the sample casebook ($input): as computed with ElementTree"
            diff "$tmp/expected.csv" "$tmp/out.csv" | head -20
        fi
    done
done
# The total over every grouping is the number of reports (50 in the sample).
check "stats on the sample casebook: 50 reports" \
    "$(sc stats --by offence --format csv "$sample" | awk -F, 'NR > 1 { s += $NF } END { print s }')" 50
check "stats --by cyber: every report" \
    "$(sc stats --by cyber --format csv "$sample" | awk -F, 'NR > 1 { s += $NF } END { print s }')" 50

# Standard input, plain and gzip (a pipe: recognised by its first bytes, pushed back).
expected_stats month "$sample" >"$tmp/expected.csv"
cat "$sample" | sc stats --format csv - >"$tmp/out.csv" 2>/dev/null
if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then ok "stats - (casebook through a pipe)"
else not_ok "stats - (casebook through a pipe)"; fi
cat "$tmp/sample.xml.gz" | sc stats --format csv - >"$tmp/out.csv" 2>/dev/null
if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then ok "stats - (gzip casebook through a pipe)"
else not_ok "stats - (gzip casebook through a pipe)"; fi
sc stats --format csv - <"$sample" >"$tmp/out.csv" 2>/dev/null
if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then ok "stats - (casebook redirected from a file)"
else not_ok "stats - (casebook redirected from a file)"; fi
# A byte-order mark and white space before '<' still make a casebook.
{ printf '\357\273\277\n  '; sed 1d "$sample"; } >"$tmp/bom.xml"
sc stats --format csv "$tmp/bom.xml" >"$tmp/out.csv" 2>/dev/null
if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then ok "stats: BOM and white space before '<'"
else not_ok "stats: BOM and white space before '<'"; fi
{ printf '\357\273\277\n  '; sed 1d "$sample"; } | sc stats --format csv - >"$tmp/out.csv" 2>/dev/null
if cmp -s "$tmp/expected.csv" "$tmp/out.csv"; then ok "stats -: BOM and white space through a pipe"
else not_ok "stats -: BOM and white space through a pipe"; fi

# Options that apply to casebooks as to CSV; casebook-only groupings refused for CSV.
sc stats --by offence --category 'Stalking (PHA 1997 s.2A)' --format csv "$sample" >"$tmp/out.csv"
check "stats --by offence --category LABEL: one row" "$(sed 1d "$tmp/out.csv")" \
    "$(expected_stats offence "$sample" | grep '^Stalking (PHA 1997 s.2A),')"
sc stats --by cyber --category stalking "$sample" >/dev/null 2>&1; rc=$?
check "stats --by cyber --category: usage error" "$rc" 2
sc stats --by offence "${top_srcdir:-.}/examples/data/mps-ward-sample.csv" >/dev/null 2>"$tmp/err"; rc=$?
check "stats --by offence on CSV: usage error" "$rc" 2
check "stats --by offence on CSV: says why" "$(grep -c 'needs a casebook' "$tmp/err")" 1
sc stats --by month --yoy --format csv "$sample" >/dev/null 2>&1; rc=$?
check "stats --yoy on a casebook: exit 0" "$rc" 0
sc stats --svg "$tmp/chart.svg" "$sample" >/dev/null 2>&1; rc=$?
check "stats --svg on a casebook: exit 0" "$rc" 0
if grep -q 'per month, reports in the casebook' "$tmp/chart.svg"; then
    ok "stats --svg on a casebook: titled for the casebook"
else not_ok "stats --svg on a casebook: titled for the casebook"; fi
printf '<casebook xmlns="urn:libstalkcase:stalkcase:1"><report id="a"></casebook>' >"$tmp/broken.xml"
sc stats "$tmp/broken.xml" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "stats on a broken casebook: exit 1" "$rc" 1
check "stats on a broken casebook: location" "$(grep -c "^stalkcase: $tmp/broken.xml:1:" "$tmp/err")" 1
check "stats on a broken casebook: nothing on stdout" "$(cat "$tmp/out")" ""

# compare reads casebooks too: 25 reports in 2024 and 25 in 2025 (ElementTree, as above).
check "compare on a casebook: totals" \
    "$(sc compare --before 2024-01..2024-12 --after 2025-01..2025-12 --format csv "$sample" |
       awk -F, '$1 == "before" || $1 == "after" { printf "%s=%s ", $1, $6 }')" \
    "$(expected_stats month "$sample" | awk -F, 'NR > 1 { if ($1 < "2025") b += $2; else a += $2 }
       END { printf "before=%d after=%d ", b, a }')"

# ------------------------------------------------------------------ convert CSV -> counts

csv=${top_srcdir:-.}/examples/data/mps-ward-sample.csv
sc convert "$csv" "$tmp/counts.xml"; rc=$?
check "convert CSV to counts: exit 0" "$rc" 0
if command -v xmllint >/dev/null 2>&1; then
    # xmllint --schema validates with xmlSchemaValidateDoc (tests/test_xml_counts.c does too).
    if xmllint --noout --nonet --schema "${top_srcdir:-.}/lib/schema/stalkcase-1.xsd" \
        "$tmp/counts.xml" 2>"$tmp/err"; then ok "convert CSV to counts: valid (xmllint --schema)"
    else not_ok "convert CSV to counts: valid (xmllint --schema)"; cat "$tmp/err"; fi
else
    echo "skipped: xmllint not installed (validity is also checked by test_xml_counts)"
fi
# Totals by month and by category, and the covered months, from the CSV (csv module) and from
# the document (ElementTree) must be equal.
"$py" - "$csv" "$tmp/counts.xml" >"$tmp/cmp" <<'PY'
import csv, sys, collections, xml.etree.ElementTree as ET
ns = {"s": "urn:libstalkcase:stalkcase:1"}
a, b = collections.Counter(), collections.Counter()
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = csv.DictReader(f)
    months = [h for h in rows.fieldnames if len(h) == 6 and h.isdigit()]
    for r in rows:
        for m in months:
            key = (m[:4] + "-" + m[4:], r["MajorText"].upper(), r["MinorText"].upper())
            a[key] += int(r[m])
root = ET.parse(sys.argv[2]).getroot()
for c in root.findall("s:cell", ns):
    b[(c.get("month"), c.get("major").upper(), c.get("minor").upper())] += int(c.get("count"))
covered = [m.text for m in root.findall("s:coverage/s:month", ns)]
a = +a  # drop zeros
print("cells", "equal" if a == b else "differ")
print("total", sum(a.values()), sum(b.values()))
print("coverage", "equal" if covered == [m[:4] + "-" + m[4:] for m in sorted(months)] else "differs")
PY
check "convert CSV to counts: totals by month and category equal the CSV's" \
    "$(sed -n 1p "$tmp/cmp")" "cells equal"
check "convert CSV to counts: grand total equals the CSV's" \
    "$(sed -n 2p "$tmp/cmp" | awk '{ print ($2 == $3 && $2 > 0) ? "equal" : $0 }')" equal
check "convert CSV to counts: coverage is the CSV's month columns" "$(sed -n 3p "$tmp/cmp")" \
    "coverage equal"
sc convert "$csv" "$tmp/counts2.xml"
if cmp -s "$tmp/counts.xml" "$tmp/counts2.xml"; then ok "convert CSV to counts: deterministic"
else not_ok "convert CSV to counts: deterministic"; fi
sc convert "$csv" "$tmp/counts.xml.gz"; rc=$?
check "convert CSV to counts.gz: exit 0" "$rc" 0
check "convert CSV to counts.gz: gzip magic" "$(od -An -tx1 -N2 "$tmp/counts.xml.gz" | tr -d ' ')" 1f8b
if gzip -dc "$tmp/counts.xml.gz" | cmp -s - "$tmp/counts.xml"; then
    ok "convert CSV to counts.gz: inflates to the plain document"
else not_ok "convert CSV to counts.gz: inflates to the plain document"; fi
sc convert - - <"$csv" >"$tmp/counts3.xml"; rc=$?
check "convert CSV from standard input to standard output: exit 0" "$rc" 0
if cmp -s "$tmp/counts.xml" "$tmp/counts3.xml"; then ok "convert CSV - -: the same document"
else not_ok "convert CSV - -: the same document"; fi
printf 'old' >"$tmp/keep.xml"
printf 'MajorText,MinorText\nx\n' >"$tmp/bad.csv"
sc convert "$tmp/bad.csv" "$tmp/keep.xml" 2>/dev/null; rc=$?
check "convert bad CSV: exit 1" "$rc" 1
check "convert bad CSV: output untouched" "$(cat "$tmp/keep.xml")" old
sc validate "$tmp/counts.xml" >/dev/null 2>&1; rc=$?
check "validate a counts document: not a casebook, exit 1" "$rc" 1

# ------------------------------------------------------------------ examples/casebook_demo

if [ -n "${SC_CASEBOOK_DEMO:-}" ]; then
    # shellcheck disable=SC2086
    ${SC_TEST_WRAPPER:-} "$SC_CASEBOOK_DEMO" "$tmp" >"$tmp/demo.out" 2>"$tmp/err"; rc=$?
    check "casebook_demo: exit 0" "$rc" 0
    check "casebook_demo: nothing on stderr" "$(cat "$tmp/err")" ""
    check "casebook_demo: read back equal" "$(grep -c '^read back: equal$' "$tmp/demo.out")" 1
    check "casebook_demo: counts" "$(grep -E '^(victims|reports):' "$tmp/demo.out" | tr '\n' ' ')" \
        "victims: 1 reports: 1 "
    # The digest of the demo's buffer, by Python's hashlib.
    digest=$("$py" -c 'import hashlib; print(hashlib.sha256(b"PNG bytes of a screenshot of 14 messages sent overnight").hexdigest())')
    check "casebook_demo: evidence digest (hashlib)" \
        "$(grep -c "^evidence e-001: messaging-app, 55 bytes, sha256 $digest, custody entries 2$" "$tmp/demo.out")" 1
    check "casebook_demo: report summary" \
        "$(grep -c '^report r-001: Stalking (PHA 1997 s.2A), reported 2025-03-01T22:40:00+00:00, ward E05900001, victims 1, evidence items 1, cyber element yes$' "$tmp/demo.out")" 1
    check "casebook_demo: temporary file removed" "$(ls "$tmp" | grep -c '^casebook_demo')" 0
else
    not_ok "casebook_demo: SC_CASEBOOK_DEMO is not set"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
