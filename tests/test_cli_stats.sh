#!/bin/sh
# test_cli_stats.sh - tests of the statistics options and commands of `stalkcase`:
# `stats --per-1000/--share/--yoy/--svg`, `compare` and `proportion`. Run by `make check`.
#
# Environment: as tests/test_cli.sh (SC_STALKCASE, top_srcdir, SC_SHARED_DATA, PYTHON,
# SC_TEST_WRAPPER).
#
# Expected values were computed independently of the C code with Python (Debian's
# /usr/bin/python3, scipy 1.10) - the one-liner is written beside each block - and printed with
# "%.10g", the format the command promises for csv. Real-data values come from
# ../shared/data/mps/EXPECTED.md and ../shared/data/population/PROVENANCE.md (Python's csv
# module). Checks that need the real data, python or rsvg-convert print "skip - ..." without
# them.
#
# Prints one line per check and finishes with "N passed, N failed"; exits 1 if any failed.

. "${top_srcdir:-.}/tests/cli-lib.sh"

# expect_file_has NAME FILE TEXT : FILE contains TEXT (fixed string).
expect_file_has() {
    if grep -q -F -e "$3" "$2"; then
        ok "$1"
    else
        not_ok "$1" "$2 does not contain: $3"
    fi
}

# ------------------------------------------------------------------------------------------
# proportion
#
# Expected: /usr/bin/python3 -c 'from scipy.stats import binomtest; ci =
#   binomtest(K, N).proportion_ci(LEVEL, method="wilson" or "exact");
#   print("%.10g,%.10g,%.10g" % (K/N, ci.low, ci.high))'

expect_out "proportion: 22676 of 22676 (wilson: high exactly 1)" \
    proportion 22676 22676 --format csv <<'EOF2'
k,n,estimate,low,high,level,method
22676,22676,1,0.9998306223,1,0.95,wilson
EOF2
expect_out "proportion: 22676 of 22676 --method exact" \
    proportion --method exact 22676 22676 --format csv <<'EOF2'
k,n,estimate,low,high,level,method
22676,22676,1,0.9998373355,1,0.95,clopper-pearson
EOF2
expect_out "proportion: 0 of 50 (low exactly 0)" proportion 0 50 --format csv <<'EOF2'
k,n,estimate,low,high,level,method
0,50,0,0,0.07134759913,0.95,wilson
EOF2
expect_out "proportion: 3 of 10 exact" proportion 3 10 --method exact --format csv <<'EOF2'
k,n,estimate,low,high,level,method
3,10,0.3,0.06673951118,0.6524528501,0.95,clopper-pearson
EOF2
expect_out "proportion: 3 of 10 wilson" proportion 3 10 --format csv <<'EOF2'
k,n,estimate,low,high,level,method
3,10,0.3,0.1077912674,0.6032218525,0.95,wilson
EOF2
expect_out "proportion: 45 of 100 --level 0.9" proportion --level 0.9 45 100 --format csv <<'EOF2'
k,n,estimate,low,high,level,method
45,100,0.45,0.3705609707,0.5320733014,0.9,wilson
EOF2
expect_out "proportion: json has the interval keys" proportion 3 10 --method exact \
    --format json <<'EOF2'
{"k": 3, "n": 10, "estimate": 0.3, "low": 0.06673951118, "high": 0.6524528501, "level": 0.95, "method": "clopper-pearson"}
EOF2
expect_out "proportion: table" proportion 22676 22676 <<'EOF2'
22676 of 22676: 1 (100.00%)
95% interval (wilson): 0.9998306223 to 1 (99.983% to 100.000%)
EOF2

# ------------------------------------------------------------------------------------------
# compare on a synthetic file spanning the 2020-04 counting-rule break
#
# One ward, 2019-04..2020-09. Stalking and harassment: 5 6 7 8 9 10 (2019-04..09),
# 10 12 9 11 10 8 (2019-10..2020-03, total 60), 15 14 16 13 17 15 (2020-04..09, total 90);
# a theft row that must not count. Expected (scipy):
#   means: k/6 with chi2.ppf(.025, 2k)/2/6 and chi2.ppf(.975, 2k+2)/2/6
#   ratio: p = binomtest(90, 150).proportion_ci(.95, method="exact"); R = p/(1-p) (t1 = t2)
#   difference: 5 -/+ norm.ppf(.975) * sqrt(60/36 + 90/36)
#   log-wald: 1.5 * exp(-/+ norm.ppf(.975) * sqrt(1/60 + 1/90))

months=''
for ym in 201904 201905 201906 201907 201908 201909 201910 201911 201912 202001 202002 \
    202003 202004 202005 202006 202007 202008 202009; do
    months="$months,$ym"
done
printf '%s\r\n' "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName$months" \
    'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Abbey Fields,E05900012,Alpha Town,5,6,7,8,9,10,10,12,9,11,10,8,15,14,16,13,17,15' \
    'THEFT,SHOPLIFTING,Abbey Fields,E05900012,Alpha Town,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50' \
    >"$tmp/span2020.csv"

allow_stderr=1
expect_out "compare: synthetic file across 2020-04, csv" \
    compare --before 2019-10..2020-03 --after 2020-04..2020-09 --format csv \
    "$tmp/span2020.csv" <<'EOF2'
measure,from,to,months,months_covered,total,estimate,low,high,level,method,breaks
before,2019-10,2020-03,6,6,60,10,7.631053492,12.87198223,0.95,poisson-exact,
after,2020-04,2020-09,6,6,90,15,12.06177136,18.43754663,0.95,poisson-exact,
ratio,2019-10,2020-09,,,,1.5,1.070098967,2.115623825,0.95,exact-conditional,ew-2020-04-ex-partner-conduct
difference,2019-10,2020-09,,,,5,0.9992402697,9.00075973,0.95,wald,ew-2020-04-ex-partner-conduct
EOF2
expect_err "compare: warning line for the 2020-04 break" \
    "stalkcase: warning: counting-rule break ew-2020-04-ex-partner-conduct (2020-04"
if [ "$(grep -c 'warning: counting-rule break' "$tmp/err")" -eq 1 ]; then
    ok "compare: exactly one warning line"
else
    not_ok "compare: exactly one warning line"
fi
run compare --before 2019-10..2020-03 --after 2020-04..2020-09 --method log-wald \
    --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: --method log-wald" \
    '^ratio,2019-10,2020-09,,,,1.5,1.081992711,2.079496448,0.95,log-wald,ew-2020-04'
run compare --before 2019-10..2020-03 --after 2020-04..2020-09 "$tmp/span2020.csv"
expect_stdout_has "compare: table shows the ratio" \
    '^Ratio after/before: +1\.5000 \(95% interval 1\.0701 to 2\.1156, exact-conditional\)$'
expect_stdout_has "compare: table lists the break" \
    '^Counting-rule breaks: +ew-2020-04-ex-partner-conduct \(2020-04\)'
# A break inside the before period goes into its own list too.
run compare --before 2019-10..2020-06 --after 2020-07..2020-09 --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: break inside the before period is listed for it" \
    '^before,2019-10,2020-06,9,9,.*,ew-2020-04-ex-partner-conduct$'
expect_err "compare: warning names the period" "lies inside the before period"
# No break between 2019-04 and 2019-09: no warning, empty breaks.
run compare --before 2019-04..2019-06 --after 2019-07..2019-09 --format json "$tmp/span2020.csv"
if [ "$rc" -eq 0 ] && ! grep -q warning "$tmp/err" && grep -q '"breaks": \[\]' "$tmp/out"; then
    ok "compare: no break, no warning, empty breaks list"
else
    not_ok "compare: no break, no warning, empty breaks list" "exit status $rc"
fi
if [ -n "${PYTHON:-}" ]; then
    run compare --before 2019-10..2020-03 --after 2020-04..2020-09 --format json \
        "$tmp/span2020.csv"
    if "$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["estimate", "low", "high", "level", "method", "breaks"]
for iv in (d["before"]["mean"], d["after"]["mean"], d["ratio"], d["difference"]):
    assert list(iv) == keys, list(iv)
assert d["ratio"]["breaks"] == ["ew-2020-04-ex-partner-conduct"]
assert d["before"]["mean"]["breaks"] == [] and d["after"]["total"] == 90
assert abs(d["ratio"]["low"] - 1.070098967) < 1e-9
assert d["break_details"][0]["month"] == "2020-04"
' "$tmp/out" 2>"$tmp/err"; then
        ok "compare: json intervals have estimate, low, high, level, method, breaks"
    else
        not_ok "compare: json intervals have estimate, low, high, level, method, breaks"
    fi
else
    echo "skip - compare json check (PYTHON not set)"
fi
# --area: a ward code or a borough, any case; --category all counts the theft row too.
run compare --before 2019-10..2020-03 --after 2020-04..2020-09 --area e05900012 \
    --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: --area ward code (any case)" '^after,2020-04,2020-09,6,6,90,'
run compare --before 2019-10..2020-03 --after 2020-04..2020-09 --area 'alpha town' \
    --category all --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: --area borough with --category all" '^after,2020-04,2020-09,6,6,390,'
# A period partly outside the file: the covered months only, and a note.
run compare --before 2019-01..2019-06 --after 2019-07..2019-09 --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: months without data are left out" '^before,2019-01,2019-06,6,3,18,6,'
expect_err "compare: note on the months left out" "has data for 3 of the 6 months"
# Extra breaks from --breaks FILE.
printf '%s\n' 'month,id,title,source' \
    '2019-08,force-x-2019-08,"Force X: new recording system","Force X notice, 2019"' \
    >"$tmp/breaks.csv"
run compare --before 2019-04..2019-06 --after 2019-07..2019-09 --breaks "$tmp/breaks.csv" \
    --format csv "$tmp/span2020.csv"
expect_stdout_has "compare: --breaks adds a break" '^ratio,.*,force-x-2019-08$'
expect_err "compare: --breaks break is warned about" "counting-rule break force-x-2019-08"
allow_stderr=0

# ------------------------------------------------------------------------------------------
# stats --yoy on the synthetic file (by hand: 2020-04 15 against 2019-04 5: +10, ratio 3;
# 2020-05 14 against 6: +8, 14/6 = 2.333333333; 2020-03 has no 2019-03 in the file)

allow_stderr=1
expect_out "stats --yoy: csv" stats --yoy --from 2020-03 --to 2020-05 --format csv \
    "$tmp/span2020.csv" <<'EOF2'
month,count,previous,difference,ratio,breaks
2020-03,8,,,,
2020-04,15,5,10,3,ew-2020-04-ex-partner-conduct
2020-05,14,6,8,2.333333333,ew-2020-04-ex-partner-conduct
EOF2
expect_err "stats --yoy: warning for the break" "warning: counting-rule break ew-2020-04"
expect_out "stats --yoy: json" stats --yoy --from 2020-04 --to 2020-04 --format json \
    "$tmp/span2020.csv" <<'EOF2'
[
  {"month": "2020-04", "count": 15, "previous": 5, "difference": 10, "ratio": 3, "breaks": ["ew-2020-04-ex-partner-conduct"]}
]
EOF2
run stats --yoy --from 2020-04 --to 2020-04 "$tmp/span2020.csv"
expect_stdout_has "stats --yoy: table" \
    '^2020-04 +15 +5 +\+10 +3\.000  ew-2020-04-ex-partner-conduct$'
allow_stderr=0

# ------------------------------------------------------------------------------------------
# stats --share and --per-1000 on the built-in sample
#
# Sample totals (Python's csv module on examples/data/mps-ward-sample.csv): Fennbrook 547,
# Larkmoor 387, total 934. Share: binomtest(c, 934).proportion_ci(.95, method="wilson").
# Rates with a population file written here (Fennbrook 120,000, Larkmoor 60,000):
# c / (P/1000) with chi2.ppf(.025, 2c)/2/(P/1000) and chi2.ppf(.975, 2c+2)/2/(P/1000);
# sorted by rate, so Larkmoor (6.45) comes before Fennbrook (4.558) although its count is lower.

expect_out "stats --share: csv" stats --by borough --share --format csv <<'EOF2'
borough,count,share,share_low,share_high,level,method
Fennbrook,547,0.5856531049,0.5537730945,0.6168314341,0.95,wilson
Larkmoor,387,0.4143468951,0.3831685659,0.4462269055,0.95,wilson
EOF2
printf 'date,geography,geography code,Age: Total\r\n2021,Fennbrook,E09900001,120000\r\n2021,Larkmoor,E09900002,60000\r\n' \
    >"$tmp/pop.csv"
expect_out "stats --per-1000: csv sorted by rate" \
    stats --by borough --per-1000 "$tmp/pop.csv" --format csv <<'EOF2'
borough,count,population,rate_per_1000,rate_low,rate_high,level,method
Larkmoor,387,60000,6.45,5.823311393,7.125751082,0.95,poisson-exact
Fennbrook,547,120000,4.558333333,4.184288996,4.956843883,0.95,poisson-exact
EOF2
expect_out "stats --per-1000 --share: prefixed level and method" \
    stats --by borough --per-1000 "$tmp/pop.csv" --share --top 1 --format csv <<'EOF2'
borough,count,population,rate_per_1000,rate_low,rate_high,rate_level,rate_method,share,share_low,share_high,share_level,share_method
Larkmoor,387,60000,6.45,5.823311393,7.125751082,0.95,poisson-exact,0.4143468951,0.3831685659,0.4462269055,0.95,wilson
EOF2
expect_out "stats --per-1000: json nests the interval" \
    stats --by borough --per-1000 "$tmp/pop.csv" --top 1 --format json <<'EOF2'
[
  {"borough": "Larkmoor", "count": 387, "population": 60000, "rate_per_1000": {"estimate": 6.45, "low": 5.823311393, "high": 7.125751082, "level": 0.95, "method": "poisson-exact"}}
]
EOF2
printf 'date,geography,geography code,Age: Total\r\n2021,Fennbrook,E09900001,120000\r\n' \
    >"$tmp/pop1.csv"
allow_stderr=1
expect_out "stats --per-1000: unmatched area last, without a rate" \
    stats --by borough --per-1000 "$tmp/pop1.csv" --format csv <<'EOF2'
borough,count,population,rate_per_1000,rate_low,rate_high,level,method
Fennbrook,547,120000,4.558333333,4.184288996,4.956843883,0.95,poisson-exact
Larkmoor,387,,,,,,
EOF2
expect_err "stats --per-1000: unmatched area named on stderr" "no population in"
expect_err "stats --per-1000: unmatched area named" "Larkmoor"
run stats --by borough --per-1000 "$tmp/pop1.csv" --format json
expect_stdout_has "stats --per-1000: json null rate for an unmatched area" \
    '"borough": "Larkmoor", "count": 387, "population": null, "rate_per_1000": null'
allow_stderr=0
run stats --by borough --per-1000 "$tmp/pop.csv"
expect_stdout_has "stats --per-1000: table" \
    '^Larkmoor +387 +60000 +6\.4500 +5\.8233 to 7\.1258$'

# ------------------------------------------------------------------------------------------
# stats --svg

if command -v rsvg-convert >/dev/null 2>&1 && [ -n "${PYTHON:-}" ]; then
    # check_svg NAME FILE : parses as XML and renders to an 800 x 450 PNG.
    check_svg() {
        if ! /usr/bin/python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' \
            "$2" 2>"$tmp/err"; then
            not_ok "$1: SVG parses as XML"
            return
        fi
        ok "$1: SVG parses as XML"
        rm -f "$tmp/chart.png"
        if ! rsvg-convert -o "$tmp/chart.png" "$2" 2>"$tmp/err" || [ ! -s "$tmp/chart.png" ]; then
            not_ok "$1: rsvg-convert renders it"
            return
        fi
        size=$("$PYTHON" -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$tmp/chart.png" 2>"$tmp/err")
        if [ "$size" = "800x450" ]; then
            ok "$1: renders to an 800x450 PNG"
        else
            not_ok "$1: renders to an 800x450 PNG" "got '$size'"
        fi
    }
    allow_stderr=1
    run stats --svg "$tmp/sample.svg"
    if [ "$rc" -eq 0 ] && [ -s "$tmp/sample.svg" ] && grep -q -E '^Total +934$' "$tmp/out"; then
        ok "stats --svg: writes the chart and still prints the table"
    else
        not_ok "stats --svg: writes the chart and still prints the table" "exit status $rc"
    fi
    check_svg "stats --svg (sample)" "$tmp/sample.svg"
    expect_file_has "stats --svg: title says what is counted" "$tmp/sample.svg" \
        "Stalking and harassment offences per month"
    expect_file_has "stats --svg: axis label" "$tmp/sample.svg" "Offences recorded per month"
    run stats --svg "$tmp/span.svg" --svg-interval "$tmp/span2020.csv"
    expect_err "stats --svg: warning for the break" "warning: counting-rule break ew-2020-04"
    check_svg "stats --svg --svg-interval (across 2020-04)" "$tmp/span.svg"
    expect_file_has "stats --svg: marker for the break" "$tmp/span.svg" \
        "Counting rules changed 2020-04"
    expect_file_has "stats --svg: band label" "$tmp/span.svg" "95% interval of each month"
    run stats --by borough --top 2 --svg "$tmp/areas.svg" --title 'Two <areas> & more'
    check_svg "stats --svg one line per area" "$tmp/areas.svg"
    expect_file_has "stats --svg: --title, escaped" "$tmp/areas.svg" "Two &lt;areas&gt; &amp; more"
    expect_file_has "stats --svg: a line per area (legend)" "$tmp/areas.svg" "Larkmoor"
    allow_stderr=0
    expect_status "stats --svg: directory that does not exist" 1 \
        stats --svg "$tmp/no/such/dir/x.svg"
else
    echo "skip - stats --svg (rsvg-convert or PYTHON not available)"
fi

# ------------------------------------------------------------------------------------------
# usage errors: exit 2, message and a hint on stderr

expect_status "usage: proportion with one argument" 2 proportion 3
expect_status "usage: proportion with three arguments" 2 proportion 1 2 3
expect_status "usage: proportion K > N" 2 proportion 11 10
expect_status "usage: proportion N = 0" 2 proportion 0 0
expect_status "usage: proportion K not a number" 2 proportion 1.5 10
expect_status "usage: proportion K negative" 2 proportion -- -1 10
expect_status "usage: proportion N too large" 2 proportion 1 18446744073709551616
expect_status "usage: proportion --level 1" 2 proportion --level 1 3 10
expect_status "usage: proportion --level 95" 2 proportion --level 95 3 10
expect_status "usage: proportion --level abc" 2 proportion --level abc 3 10
expect_status "usage: proportion --level 0.05 (the error rate)" 2 proportion --level 0.05 3 10
expect_err "usage: proportion --level 0.05: says why" "the confidence level, not the error rate"
expect_status "usage: proportion --level 1e-300" 2 proportion --level 1e-300 1 2
expect_status "usage: proportion --method bogus" 2 proportion --method bogus 3 10
expect_status "usage: proportion --format xml" 2 proportion --format xml 3 10
expect_status "usage: compare without --before" 2 compare --after 2025 "$tmp/span2020.csv"
expect_status "usage: compare without --after" 2 compare --before 2024 "$tmp/span2020.csv"
expect_status "usage: compare bad period" 2 compare --before 2024-13..2024-12 --after 2025
expect_status "usage: compare period backwards" 2 compare --before 2024-12..2024-01 --after 2025
expect_status "usage: compare periods overlap" 2 compare --before 2024 --after 2024-06..2025-06
expect_status "usage: compare --method bogus" 2 compare --before 2024 --after 2025 --method x
expect_status "usage: compare empty --area" 2 compare --before 2024 --after 2025 --area ''
expect_status "usage: compare extra argument" 2 compare --before 2024 --after 2025 a b
expect_status "usage: stats --per-1000 with --by month" 2 stats --per-1000 "$tmp/pop.csv"
expect_status "usage: stats --yoy with --by borough" 2 stats --yoy --by borough
expect_status "usage: stats --svg-interval without --svg" 2 stats --svg-interval
expect_status "usage: stats --svg without a file" 2 stats --svg
expect_status "usage: stats --level 0" 2 stats --share --level 0

# ------------------------------------------------------------------------------------------
# bad input: exit 1

expect_status "bad input: compare --area not in the file" 1 \
    compare --before 2019-10..2020-03 --after 2020-04..2020-09 --area Nowhere "$tmp/span2020.csv"
expect_err "bad input: the area is named" "no borough or ward code 'Nowhere'"
expect_status "bad input: compare --category not in the file" 1 \
    compare --before 2019-10..2020-03 --after 2020-04..2020-09 --category burglary \
    "$tmp/span2020.csv"
expect_status "bad input: compare period without data" 1 \
    compare --before 2015 --after 2016 "$tmp/span2020.csv"
expect_status "bad input: compare bad --breaks file" 1 \
    compare --before 2019-10..2020-03 --after 2020-04..2020-09 --breaks "$tmp/pop.csv" \
    "$tmp/span2020.csv"
expect_status "bad input: compare missing file" 1 \
    compare --before 2024 --after 2025 "$tmp/does-not-exist.csv"
expect_status "bad input: --per-1000 missing file" 1 \
    stats --by borough --per-1000 "$tmp/does-not-exist.csv"
printf 'date,geography,geography code,Age: Total\n2021,Fennbrook,E09900001,12x\n' >"$tmp/badpop.csv"
expect_status "bad input: --per-1000 bad population" 1 stats --by borough --per-1000 "$tmp/badpop.csv"
expect_err "bad input: bad population located" "badpop.csv:2:4: "

# ------------------------------------------------------------------------------------------
# --help

expect_status "compare --help exits 0" 0 compare --help
expect_stdout_has "compare --help prints usage" '^Usage: stalkcase compare '
expect_status "proportion --help exits 0" 0 proportion --help
expect_stdout_has "proportion --help prints usage" '^Usage: stalkcase proportion '
expect_status "--help exits 0" 0 --help
expect_stdout_has "--help lists compare" '^ +compare '
expect_stdout_has "--help lists proportion" '^ +proportion '
expect_status "stats --help exits 0" 0 stats --help
expect_stdout_has "stats --help documents --per-1000 order" 'sorted'

# ------------------------------------------------------------------------------------------
# the real files, when present

shared=${SC_SHARED_DATA:-../shared/data}
real=$shared/mps/mps-ward-2024-01_2025-12.csv
population=$shared/population/census2021-ts007a-ltla.csv
if [ -f "$real" ]; then
    # Expected: EXPECTED.md totals 2024 = 52,966, 2025 = 58,355; means k/12 with Garwood
    # intervals and the exact conditional ratio, computed with scipy as for the synthetic file:
    #   p = binomtest(58355, 111321).proportion_ci(.95, method="exact"); p/(1-p)
    expect_out "real data: compare 2024 with 2025 (csv)" \
        compare --before 2024-01..2024-12 --after 2025-01..2025-12 --format csv "$real" <<'EOF2'
measure,from,to,months,months_covered,total,estimate,low,high,level,method,breaks
before,2024-01,2024-12,12,12,52966,4413.833333,4376.322921,4451.585292,0.95,poisson-exact,
after,2025-01,2025-12,12,12,58355,4862.916667,4823.540307,4902.534556,0.95,poisson-exact,
ratio,2024-01,2025-12,,,,1.101744515,1.088842471,1.114801293,0.95,exact-conditional,
difference,2024-01,2025-12,,,,449.0833333,394.5884917,503.5781749,0.95,wald,
EOF2
    run compare --before 2024-01..2024-12 --after 2025-01..2025-12 "$real"
    expect_stdout_has "real data: compare table, ratio 1.1017" \
        '^Ratio after/before: +1\.1017 \(95% interval 1\.0888 to 1\.1148'
    expect_stdout_has "real data: compare table, no break" '^Counting-rule breaks: +none$'
    if grep -q warning "$tmp/err"; then
        not_ok "real data: compare prints no break warning"
    else
        ok "real data: compare prints no break warning"
    fi
    if [ -f "$population" ]; then
        # PROVENANCE.md: Westminster 10.3753, Tower Hamlets 8.6689, Islington 8.1953,
        # Lewisham 8.0951, Barking and Dagenham 8.0870; SO18 has no population.
        run stats --by borough --from 2025-01 --to 2025-12 --per-1000 "$population" \
            --format csv "$real"
        awk -F, 'NR > 1 && NR <= 6 { printf "%s %.4f\n", $1, $4 }' "$tmp/out" >"$tmp/top5"
        cat >"$tmp/want5" <<'EOF2'
Westminster 10.3753
Tower Hamlets 8.6689
Islington 8.1953
Lewisham 8.0951
Barking and Dagenham 8.0870
EOF2
        if [ "$rc" -eq 0 ] && head -n 1 "$tmp/out" | grep -q '^borough,count,population,rate_per_1000,' \
            && cmp -s "$tmp/top5" "$tmp/want5"; then
            ok "real data: --per-1000 top five match PROVENANCE.md"
        else
            not_ok "real data: --per-1000 top five match PROVENANCE.md" "$(cat "$tmp/top5")"
        fi
        if tail -n 1 "$tmp/out" | grep -q -x -F 'Aviation Security (SO18),155,,,,,,'; then
            ok "real data: Aviation Security (SO18) last, with no rate"
        else
            not_ok "real data: Aviation Security (SO18) last, with no rate" "$(tail -n 1 "$tmp/out")"
        fi
        expect_err "real data: SO18 named on stderr" "Aviation Security (SO18)"
        if [ "$(wc -l <"$tmp/out")" -eq 34 ]; then
            ok "real data: --per-1000 keeps all 33 areas"
        else
            not_ok "real data: --per-1000 keeps all 33 areas"
        fi
    else
        echo "skip - real data --per-1000 ($population not found)"
    fi
    if command -v rsvg-convert >/dev/null 2>&1 && [ -n "${PYTHON:-}" ]; then
        run stats --svg "$tmp/trend.svg" "$real"
        check_svg "real data: stats --svg" "$tmp/trend.svg"
    fi
else
    echo "skip - real data ($real not found)"
fi

# ------------------------------------------------------------------ casebooks that cannot be counted
# Locations counted by hand: the reader reports the end of the report, the column after the
# '>' of "  </report>" (11 characters), on the line of that end tag.
ns='urn:libstalkcase:stalkcase:1'
report_xml() { # ID DATE [OFFENCE]
    echo "  <report id=\"$1\">"
    [ -n "$2" ] && echo "    <reported-at>$2</reported-at>"
    echo "    <offence>stalking</offence>"
    echo "  </report>"
}
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<casebook xmlns=\"$ns\">"
    report_xml r-1 ''
    echo '</casebook>'
} >"$tmp/uncountable.xml"
# lines: 1 decl, 2 casebook, 3 report, 4 offence, 5 </report>
expect_status "stats on a report without reported_at: exit 1" 1 stats --by offence "$tmp/uncountable.xml"
expect_err "stats on a report without reported_at: the reason, located" \
    "stalkcase: $tmp/uncountable.xml:5:12: report \"r-1\" cannot be counted: reported_at is missing"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<casebook xmlns=\"$ns\">"
    report_xml r-1 2024-03-01T10:00:00Z
    report_xml r-2 2024-03-02T10:00:00Z
    report_xml r-1 2024-04-01T10:00:00Z
    echo '</casebook>'
} >"$tmp/dupids.xml"
# lines: 1, 2, then four per report: 3-6, 7-10, 11-14; the third ends on line 14
for cmd in "stats --by offence" "compare --before 2024-03..2024-03 --after 2024-04..2024-04"; do
    # shellcheck disable=SC2086 # cmd is a command and its options
    expect_status "$cmd on duplicate report ids: exit 1" 1 $cmd "$tmp/dupids.xml"
    expect_err "$cmd on duplicate report ids: id and place" \
        "stalkcase: $tmp/dupids.xml:14:12: report id \"r-1\" is used again (report 3; first by report 1)"
    expect_err "$cmd on duplicate report ids: points to validate" \
        'run "stalkcase validate" for the victim-reference and incident-order checks'
done
# distinct ids: counted (two reports in 2024-03, one in 2024-04, by hand)
sed -e '11,14s/r-1/r-3/' "$tmp/dupids.xml" >"$tmp/distinct.xml"
run stats --by offence --format csv "$tmp/distinct.xml"
check_total() {
    if [ "$rc" -eq 0 ] && [ "$(awk -F, 'NR > 1 { s += $NF } END { print s }' "$tmp/out")" = 3 ]; then
        ok "$1"
    else
        not_ok "$1" "exit $rc, stdout: $(cat "$tmp/out")"
    fi
}
check_total "stats on distinct report ids: three reports counted"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
