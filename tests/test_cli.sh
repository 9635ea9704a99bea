#!/bin/sh
# test_cli.sh - tests of the `stalkcase` command, run by `make check`.
#
# Environment (set by AM_TESTS_ENVIRONMENT in Makefile.am):
#   SC_STALKCASE     path of the built examples/stalkcase (required)
#   top_srcdir       source tree (for examples/data/mps-ward-sample.csv)
#   SC_TEST_DATA     srcdir/tests/data (not needed yet: bad inputs are written to a temp dir)
#   SC_SHARED_DATA   folder holding the real Met data; those checks say "skip" when it is absent
#   PYTHON           when set, JSON output is also parsed with Python's json module
#   SC_TEST_WRAPPER  when set, a command every run goes through (make check-valgrind sets it to
#                    "libtool --mode=execute valgrind ...")
#
# Expected outputs for the bundled sample were computed independently of the C code, with
# Python's csv module reading examples/data/mps-ward-sample.csv (summing the month columns of
# the matching rows, then sorting by count descending and name ascending in byte order), and
# written here by hand; they were never copied from the program's output. The real-data values
# come from ../shared/data/mps/EXPECTED.md (also computed with Python's csv module).
#
# Prints one line per check and finishes with "N passed, N failed"; exits 1 if any failed.

. "${top_srcdir:-.}/tests/cli-lib.sh"

# check_json NAME ARGS... : the json output of ARGS has the same rows and numbers as the csv
# output of ARGS (compared with Python's json and csv modules when PYTHON is set, and always by
# comparing the list of counts).
check_json() {
    name=$1
    shift
    run "$@" --format csv
    cp "$tmp/out" "$tmp/csv"
    csv_rc=$rc
    run "$@" --format json
    if [ "$csv_rc" -ne 0 ] || [ "$rc" -ne 0 ]; then
        not_ok "$name" "exit status csv $csv_rc, json $rc"
        return
    fi
    # (a quoted line break splits a csv record over lines; only its last line ends in a count)
    sed -n -e 1d -e 's/.*,\([0-9][0-9]*\)$/\1/p' "$tmp/csv" >"$tmp/csv-counts"
    sed -n -e 's/.*"count": *\([0-9][0-9]*\)}.*/\1/p' "$tmp/out" >"$tmp/json-counts"
    if ! cmp -s "$tmp/csv-counts" "$tmp/json-counts"; then
        not_ok "$name" "json counts differ from csv counts"
        return
    fi
    if [ -n "${PYTHON:-}" ]; then
        if ! "$PYTHON" -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out" 2>"$tmp/err"; then
            not_ok "$name" "json does not parse"
            return
        fi
        if ! "$PYTHON" -c '
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
table = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
header, body = table[0], table[1:]
want = [dict(zip(header, r[:-1]), count=int(r[-1])) for r in body]
for row in rows:
    if list(row) != header or type(row["count"]) is not int:
        sys.exit("keys %r or count type differ from %r" % (list(row), header))
if rows != want:
    sys.exit("json rows differ from csv rows")
' "$tmp/out" "$tmp/csv" 2>"$tmp/err"; then
            not_ok "$name" "json rows differ from csv rows"
            return
        fi
    fi
    ok "$name"
}

# ------------------------------------------------------------------------------------------
# csv output on the bundled sample (built in): each --by, filters, --top

expect_out "csv --by month (default category)" stats --format csv <<'EOF'
month,count
2024-01,44
2024-02,37
2024-03,34
2024-04,38
2024-05,34
2024-06,29
2024-07,41
2024-08,36
2024-09,34
2024-10,42
2024-11,38
2024-12,40
2025-01,39
2025-02,38
2025-03,31
2025-04,33
2025-05,42
2025-06,35
2025-07,43
2025-08,60
2025-09,36
2025-10,38
2025-11,36
2025-12,56
EOF
cp "$tmp/expected" "$tmp/sample-month.csv"

run stats --format csv --by month --category 'stalking and harassment'
if cmp -s "$tmp/sample-month.csv" "$tmp/out" && [ "$rc" -eq 0 ]; then
    ok "--category matches case-insensitively"
else
    not_ok "--category matches case-insensitively" "exit status $rc or output differs"
fi

expect_out "csv --by borough" stats --by borough --format csv <<'EOF'
borough,count
Fennbrook,547
Larkmoor,387
EOF

expect_out "csv --by ward (quoted comma, unquoted apostrophe)" stats --by ward --format csv <<'EOF'
ward_code,ward_name,borough,count
E05900001,Fennbrook Central,Fennbrook,300
E05900004,Larkmoor Common,Larkmoor,186
E05900002,St Aldric's,Fennbrook,133
E05900005,"Quay, Lock & Towpath",Larkmoor,117
E05900003,Otterwick Green,Fennbrook,114
E05900006,Thornfield,Larkmoor,84
EOF

expect_out "csv --by category" stats --by category --format csv <<'EOF'
major,minor,count
VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,934
EOF

expect_out "csv --category all --by category" stats --category all --by category --format csv <<'EOF'
major,minor,count
THEFT,SHOPLIFTING,1203
ARSON AND CRIMINAL DAMAGE,CRIMINAL DAMAGE,1075
VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,934
BURGLARY,RES BURGLARY OF A HOME,607
ARSON AND CRIMINAL DAMAGE,ARSON,42
EOF

expect_out "csv --category all --by month" stats --category all --format csv <<'EOF'
month,count
2024-01,166
2024-02,149
2024-03,164
2024-04,147
2024-05,162
2024-06,159
2024-07,158
2024-08,159
2024-09,152
2024-10,158
2024-11,143
2024-12,179
2025-01,165
2025-02,158
2025-03,152
2025-04,151
2025-05,149
2025-06,161
2025-07,163
2025-08,194
2025-09,176
2025-10,165
2025-11,162
2025-12,169
EOF

expect_out "csv --category by major text (THEFT)" stats --category theft --by ward --format csv <<'EOF'
ward_code,ward_name,borough,count
E05900001,Fennbrook Central,Fennbrook,461
E05900004,Larkmoor Common,Larkmoor,305
E05900002,St Aldric's,Fennbrook,222
E05900005,"Quay, Lock & Towpath",Larkmoor,215
EOF

expect_out "csv --from/--to" stats --from 2025-01 --to 2025-06 --format csv <<'EOF'
month,count
2025-01,39
2025-02,38
2025-03,31
2025-04,33
2025-05,42
2025-06,35
EOF

expect_out "csv --from only" stats --from 2025-10 --format csv <<'EOF'
month,count
2025-10,38
2025-11,36
2025-12,56
EOF

expect_out "csv --to only" stats --to 2024-02 --format csv <<'EOF'
month,count
2024-01,44
2024-02,37
EOF

expect_out "csv --by borough --from 2025-01 --to 2025-12" \
    stats --by borough --from 2025-01 --to 2025-12 --format csv <<'EOF'
borough,count
Fennbrook,289
Larkmoor,198
EOF

expect_out "csv --by ward --top 3" stats --by ward --top 3 --format csv <<'EOF'
ward_code,ward_name,borough,count
E05900001,Fennbrook Central,Fennbrook,300
E05900004,Larkmoor Common,Larkmoor,186
E05900002,St Aldric's,Fennbrook,133
EOF

expect_out "csv --by month --top 3 (first 3 months)" stats --top 3 --format csv <<'EOF'
month,count
2024-01,44
2024-02,37
2024-03,34
EOF

expect_out "csv --top larger than the rows" stats --by borough --top 99 --format csv <<'EOF'
borough,count
Fennbrook,547
Larkmoor,387
EOF

# The same file read from its path, from standard input, and with FILE before the options.
run stats --format csv "$sample"
if [ "$rc" -eq 0 ] && cmp -s "$tmp/sample-month.csv" "$tmp/out"; then
    ok "FILE path gives the same as the built-in sample"
else
    not_ok "FILE path gives the same as the built-in sample" "exit status $rc or output differs"
fi
sc stats --format csv - <"$sample" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && cmp -s "$tmp/sample-month.csv" "$tmp/out"; then
    ok "FILE '-' reads standard input"
else
    not_ok "FILE '-' reads standard input" "exit status $rc or output differs"
fi
run stats "$sample" --format csv
if [ "$rc" -eq 0 ] && cmp -s "$tmp/sample-month.csv" "$tmp/out"; then
    ok "options after FILE"
else
    not_ok "options after FILE" "exit status $rc or output differs"
fi

# ------------------------------------------------------------------------------------------
# json

check_json "json --by month parses, same numbers as csv" stats
check_json "json --by borough parses, same numbers as csv" stats --by borough
check_json "json --by ward parses, same numbers as csv" stats --by ward
check_json "json --by category --category all parses, same numbers as csv" \
    stats --by category --category all
check_json "json --top 2 parses, same numbers as csv" stats --by ward --top 2

run stats --format json --by borough
if [ "$rc" -eq 0 ] && grep -q -F '"borough": "Fennbrook", "count": 547' "$tmp/out" \
    && grep -q -F '"borough": "Larkmoor", "count": 387' "$tmp/out"; then
    ok "json --by borough holds the borough totals"
else
    not_ok "json --by borough holds the borough totals"
fi

# ------------------------------------------------------------------------------------------
# table (the default format)

run stats
if [ "$rc" -eq 0 ]; then ok "table exits 0"; else not_ok "table exits 0" "exit status $rc"; fi
expect_stdout_has "table has column titles" '^Month +Count$'
expect_stdout_has "table has a right-aligned month row" '^2024-01 +44$'
expect_stdout_has "table has the total line" '^Total +934$'

run stats --by borough
expect_stdout_has "table --by borough has Fennbrook 547" '^Fennbrook +547$'
expect_stdout_has "table --by borough has the total" '^Total +934$'

run stats --by ward --top 2
expect_stdout_has "table --top shows the shown total" '^Shown .* 486$'
expect_stdout_has "table --top still shows the whole total" '^Total +934$'
if grep -q 'Thornfield' "$tmp/out"; then
    not_ok "table --top 2 leaves out the other rows"
else
    ok "table --top 2 leaves out the other rows"
fi

run stats --by category --category all
expect_stdout_has "table --category all has the total" '^Total +3861$'

# ------------------------------------------------------------------------------------------
# a file with ties, quotes, a line break in a name and mixed-case category text

printf '%s\n' \
    'MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502' \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Abbey Fields,E05900012,Alpha Town,2,3' \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,"The ""Old"" Mill, East",E05900011,Beta Town,4,1' \
    'Violence Against The Person,Stalking and Harassment,"North' \
    'South",E05900014,Alpha Town,1,0' \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Gamma Ward,E05900016,Beta Town,0,1' \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Zed Ward,E05900013,Alpha Town,0,0' \
    'THEFT,SHOPLIFTING,Abbey Fields,E05900012,Alpha Town,7,0' >"$tmp/ties.csv"

expect_out "ties: ward order by name, csv quoting of quotes, commas, LF" \
    stats --by ward --format csv "$tmp/ties.csv" <<'EOF'
ward_code,ward_name,borough,count
E05900012,Abbey Fields,Alpha Town,5
E05900011,"The ""Old"" Mill, East",Beta Town,5
E05900016,Gamma Ward,Beta Town,1
E05900014,"North
South",Alpha Town,1
EOF

expect_out "ties: borough order by name" stats --by borough --format csv "$tmp/ties.csv" <<'EOF'
borough,count
Alpha Town,6
Beta Town,6
EOF

expect_out "ties: month totals" stats --format csv "$tmp/ties.csv" <<'EOF'
month,count
2025-01,7
2025-02,5
EOF

check_json "ties: json parses, same rows as csv" stats --by ward "$tmp/ties.csv"
run stats --by ward --format json "$tmp/ties.csv"
if grep -q -F '"The \"Old\" Mill, East"' "$tmp/out" \
    && grep -q -F '"North\u000aSouth"' "$tmp/out"; then
    ok "json escapes quotes and control characters"
else
    not_ok "json escapes quotes and control characters"
    sed -e 's/^/    /' "$tmp/out"
fi
run stats --by ward "$tmp/ties.csv"
expect_stdout_has "table shows a line break in a name as '?'" 'North\?South +Alpha Town +1$'

# ------------------------------------------------------------------------------------------
# a category that matches nothing

# Given with --category, an unknown category is bad input (a typo must not read as zero).
expect_status "unknown --category: exit 1" 1 stats --by borough --format csv "$tmp/ties.csv" \
    --category 'NO SUCH CATEGORY'
expect_err "unknown --category: the message names it" "has no category 'NO SUCH CATEGORY'"
# The default category on a release that does not carry it (as before 2024): zero rows for
# every covered month (2024-01, 2024-02: 0 and 0) and a note.
printf 'MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\nBurglary,Burglary in a Dwelling,Ward,E05000001,Borough,3,4\n' >"$tmp/old.csv"
run stats --format csv "$tmp/old.csv"
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "$(printf 'month,count\n2024-01,0\n2024-02,0')" ]; then
    ok "default category absent: zero rows"
else
    not_ok "default category absent: zero rows" "exit status $rc"
fi
expect_err "default category absent: note on stderr" "has no rows of category 'STALKING AND HARASSMENT'"
# No FILE: the note says the figures are the synthetic sample's; with FILE it does not.
run stats --format csv
expect_err "no FILE: note names the synthetic sample" "built-in sample, which is synthetic"
run stats --format csv "$tmp/old.csv"
if grep -q 'no FILE given' "$tmp/err"; then
    not_ok "with FILE: no sample note"
else
    ok "with FILE: no sample note"
fi
# The category is in the file, but every count is zero: the note says so (rows: 0 + 0 = 0).
printf 'MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\nVIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Ward,E05000001,Borough,0,0\n' >"$tmp/zero.csv"
run stats --format csv "$tmp/zero.csv"
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "$(printf 'month,count\n2024-01,0\n2024-02,0')" ]; then
    ok "all-zero category: two zero months"
else
    not_ok "all-zero category: two zero months" "exit status $rc"
fi
expect_err "all-zero category: note says every count is zero" "every count in the range is zero"
# A month missing from the header (2024-02 between 2024-01 and 2024-03) is a gap: left out,
# with a note.
printf 'MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202403\nVIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Ward,E05000001,Borough,5,7\n' >"$tmp/gap.csv"
run stats --format csv "$tmp/gap.csv"
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "$(printf 'month,count\n2024-01,5\n2024-03,7')" ]; then
    ok "month gap: covered months only"
else
    not_ok "month gap: covered months only" "exit status $rc"
fi
expect_err "month gap: note names the first missing month" "no column for 1 month(s) in the range (the first is 2024-02)"
# Months asked for beyond the file: a note.
run stats --format csv --from 2023-12 "$tmp/gap.csv"
expect_err "range beyond the file: note" "covers 2024-01 to 2024-03; months outside that are unknown"
# A range wholly outside the file's months (2024-01..2024-03) is an error, with nothing on
# stdout: a table of zeros would read as no offences.
expect_status "range after the file: error" 1 stats --from 2024-04 "$tmp/gap.csv"
expect_err "range after the file: names the months covered" "covers 2024-01 to 2024-03; no month asked for"
expect_status "range before the file: error" 1 stats --to 2023-12 --format json "$tmp/gap.csv"
expect_status "range before the file, both ends: error" 1 stats --from 2023-01 --to 2023-12 "$tmp/gap.csv"
# A span that crosses a counting-rule break (2020-04, built in) is warned about; a span that
# starts at the break does not cross it.
printf 'MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202003,202004\nVIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Ward,E05000001,Borough,200,900\n' >"$tmp/break.csv"
run stats --format csv "$tmp/break.csv"
expect_err "span across 2020-04: warning names the break" "warning: counting-rule break ew-2020-04"
run stats --format csv --from 2020-04 "$tmp/break.csv"
if grep -q 'counting-rule break' "$tmp/err"; then
    not_ok "span starting at 2020-04: no break warning"
else
    ok "span starting at 2020-04: no break warning"
fi
# --svg never replaces something that is not a regular file (here a FIFO): exit 1, and the
# FIFO is still there; '-' is a usage error.
if mkfifo "$tmp/fifo" 2>/dev/null; then
    run stats --svg "$tmp/fifo"
    if [ "$rc" -eq 1 ] && [ -p "$tmp/fifo" ]; then
        ok "--svg onto a FIFO: exit 1, FIFO untouched"
    else
        not_ok "--svg onto a FIFO: exit 1, FIFO untouched" "exit status $rc"
    fi
fi
expect_status "--svg -: usage error" 2 stats --svg -
# Options in the wrong place get a hint.
expect_status "global position of a stats option: exit 2" 2 --by borough stats
expect_err "global position of a stats option: hint" "options go after it"
expect_status "--category without its value: exit 2" 2 stats --category --by borough
expect_err "--category without its value: hint" "is the value missing?"
# --svg with --by borough and no --top, or --top over 8: one line for all areas, and a note.
run stats --by borough --top 9 --svg "$tmp/b9.svg"
if [ "$rc" -eq 0 ] && [ -s "$tmp/b9.svg" ]; then ok "--svg --top 9: chart written"; else not_ok "--svg --top 9: chart written" "exit status $rc"; fi
expect_err "--svg --top 9: note on the single line" "one line per borough needs --top N with N <= 8"
run stats --by ward --svg "$tmp/w.svg"
expect_err "--svg --by ward without --top: note" "one line per ward needs --top N"
# A range outside the file's months: an error (nothing on stdout), not a table of no rows.
expect_status "range outside the file's months: exit 1" 1 stats --from 2025-03 --to 2025-03 --format csv "$tmp/ties.csv"

# ------------------------------------------------------------------------------------------
# usage errors: exit 2, message and a hint on stderr

expect_status "usage: no command" 2
expect_status "usage: unknown command" 2 frobnicate
expect_status "usage: unknown global option" 2 --bogus
expect_status "usage: unknown option" 2 stats --bogus
expect_status "usage: unknown short option" 2 stats -x
expect_status "usage: option missing its argument (--top)" 2 stats --top
expect_status "usage: option missing its argument (--category)" 2 stats --category
expect_status "usage: argument to a flag (--help=x)" 2 stats --help=x
expect_status "usage: extra argument" 2 stats "$sample" "$sample"
expect_status "usage: invalid month 2024-13 (--from)" 2 stats --from 2024-13
expect_status "usage: invalid month 2024-13 (--to)" 2 stats --to 2024-13
expect_status "usage: invalid month 2024-1" 2 stats --from 2024-1
expect_status "usage: --from after --to" 2 stats --from 2025-02 --to 2025-01
expect_status "usage: --top 0" 2 stats --top 0
expect_status "usage: --top -1" 2 stats --top -1
expect_status "usage: --top abc" 2 stats --top abc
expect_status "usage: --top 5x" 2 stats --top 5x
expect_status "usage: --top ''" 2 stats --top ''
expect_status "usage: unknown --by" 2 stats --by street
expect_status "usage: unknown --format" 2 stats --format xml
expect_status "usage: empty --category" 2 stats --category ''

# ------------------------------------------------------------------------------------------
# bad input: exit 1, "stalkcase: FILE:LINE:COLUMN: MESSAGE" on stderr

header='MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402'
good='VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Abbey Fields,E05900012,Alpha Town,2,3'
printf '%s\r\n' "$header" "$good" \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Gamma Ward,E05900016,Beta Town,12x,3' \
    >"$tmp/bad-count.csv"
expect_status "bad input: bad count exits 1" 1 stats "$tmp/bad-count.csv"
expect_err "bad input: message names file, line and column" "stalkcase: $tmp/bad-count.csv:3:6: "
sc stats - <"$tmp/bad-count.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q -F 'stalkcase: <stdin>:3:6: ' "$tmp/err"; then
    ok "bad input on stdin: exit 1, message names <stdin>, line and column"
else
    not_ok "bad input on stdin: exit 1, message names <stdin>, line and column" "exit status $rc"
fi

printf '%s\r\n' "$header" "$good" \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Gamma Ward,E05900016,Beta Town,1,-3' \
    >"$tmp/negative.csv"
expect_status "bad input: negative count" 1 stats "$tmp/negative.csv"
expect_err "bad input: negative count located" "negative.csv:3:7: "

printf '%s\r\n' "$header" "$good" \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Gamma Ward,E05900016,Beta Town,,3' \
    >"$tmp/empty-count.csv"
expect_status "bad input: empty count" 1 stats "$tmp/empty-count.csv"

printf '%s\r\n' 'MajorText,MinorText,WardName,LookUp_BoroughName,202401' \
    'THEFT,SHOPLIFTING,Abbey Fields,Alpha Town,2' >"$tmp/no-wardcode.csv"
expect_status "bad input: missing WardCode column" 1 stats "$tmp/no-wardcode.csv"

printf '%s\r\n' "$header" 'THEFT,SHOPLIFTING,"Abbey Fields,E05900012,Alpha Town,2,3' \
    >"$tmp/unterminated.csv"
expect_status "bad input: unterminated quoted field" 1 stats "$tmp/unterminated.csv"

printf '%s\r\n' "$header" 'THEFT,SHOPLIFTING,Abbey Fields,E05900012,Alpha Town,2' \
    >"$tmp/short-row.csv"
expect_status "bad input: row with too few fields" 1 stats "$tmp/short-row.csv"

expect_status "bad input: missing file" 1 stats "$tmp/does-not-exist.csv"
expect_err "bad input: missing file is named" "does-not-exist.csv"
expect_status "bad input: a directory" 1 stats "$tmp"

# ------------------------------------------------------------------------------------------
# write errors

if [ -c /dev/full ] && [ -w /dev/full ]; then
    for args in "stats" "stats --format csv" "stats --format json --by ward" "--help" \
        "stats --help" "--version"; do
        # shellcheck disable=SC2086 # split the argument list on purpose
        sc $args </dev/null >/dev/full 2>"$tmp/err"
        rc=$?
        if [ "$rc" -eq 1 ] && grep -q '^stalkcase: .*writ' "$tmp/err"; then
            ok "write error: '$args > /dev/full' exits 1 with a message"
        else
            not_ok "write error: '$args > /dev/full' exits 1 with a message" "exit status $rc"
        fi
    done
else
    echo "skip - write errors (/dev/full is not available)"
fi

# ------------------------------------------------------------------------------------------
# --help and --version

expect_status "--help exits 0" 0 --help
expect_stdout_has "--help prints usage" '^Usage: stalkcase '
expect_stdout_has "--help lists stats" '^ +stats '
expect_status "-h exits 0" 0 -h
expect_status "stats --help exits 0" 0 stats --help
expect_stdout_has "stats --help prints usage" '^Usage: stalkcase stats '
expect_status "stats -h exits 0" 0 stats -h
expect_status "--version exits 0" 0 --version
expect_stdout_has "--version format" \
    '^stalkcase [0-9]+\.[0-9]+\.[0-9]+ \(libstalkcase [0-9]+\.[0-9]+\.[0-9]+\)$'

# ------------------------------------------------------------------------------------------
# the real Met file, when present (values from ../shared/data/mps/EXPECTED.md)

real=${SC_SHARED_DATA:-$srcdir_top/../shared/data}/mps/mps-ward-2024-01_2025-12.csv
if [ -f "$real" ]; then
    expect_out "real data: London-wide monthly totals" stats --format csv "$real" <<'EOF'
month,count
2024-01,4725
2024-02,4839
2024-03,4294
2024-04,4104
2024-05,4462
2024-06,4260
2024-07,4369
2024-08,4506
2024-09,4457
2024-10,4466
2024-11,4246
2024-12,4238
2025-01,4265
2025-02,4321
2025-03,4746
2025-04,4410
2025-05,4815
2025-06,4920
2025-07,5469
2025-08,4973
2025-09,4846
2025-10,5499
2025-11,5146
2025-12,4945
EOF
    expect_out "real data: 2025 top 5 boroughs" \
        stats --by borough --from 2025-01 --to 2025-12 --top 5 --format csv "$real" <<'EOF'
borough,count
Tower Hamlets,2690
Croydon,2687
Newham,2541
Lewisham,2433
Ealing,2321
EOF
    expect_out "real data: 2025 top 5 wards" \
        stats --by ward --from 2025-01 --to 2025-12 --top 5 --format csv "$real" <<'EOF'
ward_code,ward_name,borough,count
E05013806,St James's,Westminster,442
E05013808,West End,Westminster,308
E05011468,Fairfield,Croydon,226
E05013724,Hither Green,Lewisham,220
E05013633,Colindale South,Barnet,212
EOF
    run stats --from 2025-01 --to 2025-12 "$real"
    expect_stdout_has "real data: table total for 2025" '^Total +58355$'
else
    echo "skip - real data ($real not found)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
