#!/bin/sh
# run-bench-xml.sh - the XML part of `make bench`: casebook streaming, full load and export.
#
# Generates a deterministic casebook of N reports (~220 bytes each) plain and gzip in a temporary
# folder, then runs in rounds (one run of each measurement per round, so that load from
# elsewhere falls on all alike) and keeps each one's best wall time:
#   bare        a bare libxml2 SAX2 pass written for the benchmark (bench_xml.c), the same
#               aggregation (reports by ward and month), no validation
#   lxml        Python lxml iterparse, the same aggregation ("skipped" when lxml is absent)
#   stream      sc_xml_stream + sc_report_count, without and with validation
#   load        sc_xml_load (validation and check on), on a file of SC_BENCH_XML_LOAD_REPORTS
#   export      sc_xml_write_path of the loaded casebook, plain and gzip (level 6); export.null:
#               sc_xml_write_file to /dev/null (the writer without the file system)
#   hostile     sc_xml_load of documents libxml2 alone takes quadratic time on (text in a
#               million pieces, 200,000 attributes on one tag), once, after the table
# (The Python bindings are measured by the next part of `make bench`, run-bench-py.sh.)
# Before the rounds, the exported files are compared with the generated one (written by hand
# with sprintf in bench_xml.c): the plain export must be byte-identical, the gzip export must
# inflate (gzip -dc) to the same bytes.
# MB/s always counts the plain text's bytes (for gzip input and output too). Ratios are taken
# within this run. Fails when a tool fails or the tools disagree on the count or the checksum;
# a missed target is reported, not a failure.
#
# Environment:
#   SC_BENCH_XML_PROG           the bench_xml program (set by `make bench`)
#   PYTHON                      the Python interpreter with lxml (default python3)
#   SC_BENCH_XML_REPORTS        reports in the streaming file (default 1000000)
#   SC_BENCH_XML_LOAD_REPORTS   reports in the load/export file (default 300000)
#   SC_BENCH_XML_RUNS           rounds (default 3)
#   SC_BENCH_TMPDIR             where the temporary folder goes (default /tmp)
set -u

prog=${SC_BENCH_XML_PROG:?SC_BENCH_XML_PROG must name the bench_xml program}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
nrep=${SC_BENCH_XML_REPORTS:-1000000}
nload=${SC_BENCH_XML_LOAD_REPORTS:-300000}
runs=${SC_BENCH_XML_RUNS:-3}

tmp=$(mktemp -d "${SC_BENCH_TMPDIR:-/tmp}/sc-bench-xml.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

have_lxml=yes
"$python" -c 'import lxml.etree' >/dev/null 2>&1 || have_lxml=no

big=$tmp/stream.xml
small=$tmp/load.xml
"$prog" gen "$nrep" "$big" && "$prog" gen "$nrep" "$big.gz" gz &&
    "$prog" gen "$nload" "$small" && "$prog" gen "$nload" "$small.gz" gz || {
    echo "bench-xml: cannot generate the casebooks" >&2
    exit 1
}
bb=$(wc -c < "$big" | tr -d ' ')
bbz=$(wc -c < "$big.gz" | tr -d ' ')
sb=$(wc -c < "$small" | tr -d ' ')
sbz=$(wc -c < "$small.gz" | tr -d ' ')
cat "$big" "$big.gz" "$small" "$small.gz" > /dev/null

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo
echo "libstalkcase benchmark - casebook XML: streaming aggregation, full load, export"
echo "input:   generated casebooks (tests/bench/bench_xml.c gen, fixed seed):"
echo "         streaming: $nrep reports, $bb bytes ($((bb / nrep)) per report), gzip $bbz bytes"
echo "         load/export: $nload reports, $sb bytes, gzip $sbz bytes"
echo "machine: $(nproc 2>/dev/null || echo '?') CPU(s), ${cpu:-unknown CPU}, $(xml2-config --version 2>/dev/null | sed 's/^/libxml2 /')"
echo "method:  best wall time of $runs rounds; MB = 10^6 bytes of plain XML text; peak RSS from"
echo "         getrusage; work RSS = peak - RSS before the work"
[ "$have_lxml" = yes ] || echo "lxml:    skipped (python3-lxml is not installed for $python)"

# The writer's bytes against the generator's.
{ "$prog" export "$small" "$tmp/out.xml" 0 >/dev/null &&
    "$prog" export "$small" "$tmp/out.xml.gz" 1 >/dev/null; } || {
    echo "bench-xml: export failed" >&2
    exit 1
}
if ! cmp -s "$small" "$tmp/out.xml"; then
    echo "bench-xml: the exported file differs from the generated one" >&2
    exit 1
fi
if command -v gzip >/dev/null 2>&1; then
    gzip -dc "$tmp/out.xml.gz" | cmp -s - "$small" || {
        echo "bench-xml: the gzip export does not inflate to the generated file" >&2
        exit 1
    }
    echo "check:   export = generated file, byte for byte (gzip export inflated with gzip -dc)"
else
    echo "check:   export = generated file, byte for byte (gzip export not checked: no gzip)"
fi
rm -f "$tmp/out.xml" "$tmp/out.xml.gz"
echo

# name|command...  (the measurements of one round)
set_jobs() {
    jobs="bare|$prog bare $big
bare.gz|$prog bare $big.gz
stream|$prog stream $big 0
stream.gz|$prog stream $big.gz 0
stream+val|$prog stream $big 1
stream+val.gz|$prog stream $big.gz 1
load|$prog load $small
load.gz|$prog load $small.gz
export|$prog export $small $tmp/out.xml 0
export.gz|$prog export $small $tmp/out.xml.gz 1
export.null|$prog export $small - 0"
    if [ "$have_lxml" = yes ]; then
        jobs="$jobs
lxml|$python $here/bench_xml.py $big
lxml.gz|$python $here/bench_xml.py $big.gz"
    fi
}
set_jobs

res=$tmp/results
: > "$res"
round=0
while [ "$round" -lt "$runs" ]; do
    printf '%s\n' "$jobs" | while IFS='|' read -r name cmd; do
        out=$($cmd) || { echo "bench-xml: $name failed" >&2; exit 1; }
        echo "$name $out" >> "$res"
        rm -f "$tmp/out.xml" "$tmp/out.xml.gz"
    done || exit 1
    round=$((round + 1))
done

awk -v bb="$bb" -v sb="$sb" -v nrep="$nrep" -v nload="$nload" '
    {
        name = $1
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        key = v["reports"] ":" v["sum"]
        if (name in best) {
            if (key != ck[name]) { print "bench-xml: " name " gave different results" > "/dev/stderr"; bad = 1 }
            if (v["seconds"] + 0 < best[name]) best[name] = v["seconds"] + 0
            if (v["maxrss_kib"] + 0 > rss[name]) rss[name] = v["maxrss_kib"] + 0
            if (v["base_kib"] + 0 < base[name]) base[name] = v["base_kib"] + 0
        } else {
            order[++n] = name; ck[name] = key; best[name] = v["seconds"] + 0
            rss[name] = v["maxrss_kib"] + 0; base[name] = v["base_kib"] + 0
        }
    }
    END {
        printf "%-14s %10s %8s %8s %10s %10s %s\n", "measure", "reports/s", "MB/s", "seconds",
               "peak RSS", "work RSS", "reports:checksum"
        for (i = 1; i <= n; i++) {
            k = order[i]
            small = (k ~ /^(load|export)/)
            bytes = small ? sb : bb; reps = small ? nload : nrep
            mbs[k] = bytes / best[k] / 1e6
            printf "%-14s %10.0f %8.1f %8.3f %6.1f MiB %6.1f MiB %s\n", k, reps / best[k], mbs[k],
                   best[k], rss[k] / 1024, (rss[k] - base[k]) / 1024, ck[k]
            if ((small ? ck["load"] : ck["bare"]) != ck[k]) {
                print "bench-xml: " k " disagrees with " (small ? "load" : "bare") > "/dev/stderr"; bad = 1
            }
        }
        if (ck["load"] != "" && split(ck["load"], a, ":") && a[1] != nload) bad = 1
        if (split(ck["bare"], a, ":") && a[1] != nrep) bad = 1
        print ""
        print "ratios in this run [target]:"
        r = mbs["stream"] / mbs["bare"]
        printf "  stream, no validation / bare SAX2    %5.2fx  [>= 0.7x: %s]\n", r, (r >= 0.7 ? "met" : "NOT met")
        r = mbs["stream.gz"] / mbs["bare.gz"]
        printf "  (gzip)                               %5.2fx\n", r
        if ("lxml" in mbs) {
            r = mbs["stream"] / mbs["lxml"]
            printf "  stream, no validation / lxml         %5.2fx  [>= 8x: %s]\n", r, (r >= 8 ? "met" : "NOT met")
            printf "  (gzip)                               %5.2fx\n", mbs["stream.gz"] / mbs["lxml.gz"]
            printf "  (bare SAX2 / lxml                    %5.2fx)\n", mbs["bare"] / mbs["lxml"]
        } else {
            print "  stream / lxml: skipped (no lxml)"
        }
        r = mbs["stream+val"] / mbs["bare"]
        printf "  stream, validation / bare SAX2       %5.2fx  [>= 0.4x: %s]\n", r, (r >= 0.4 ? "met" : "NOT met")
        printf "  (gzip)                               %5.2fx\n", mbs["stream+val.gz"] / mbs["bare.gz"]
        m = rss["stream"]; if (rss["stream+val"] > m) m = rss["stream+val"]
        if (rss["stream.gz"] > m) m = rss["stream.gz"]; if (rss["stream+val.gz"] > m) m = rss["stream+val.gz"]
        printf "  streaming peak RSS                 %5.1f MiB  [< 32 MiB: %s]\n", m / 1024, (m < 32768 ? "met" : "NOT met")
        r = (rss["load"] - base["load"]) * 1024 / sb
        printf "  full load work RSS / file size     %5.2fx   [<= 3x: %s]  (peak RSS %.2fx)\n", r,
               (r <= 3 ? "met" : "NOT met"), rss["load"] * 1024 / sb
        r = mbs["export"]
        printf "  export plain                      %6.1f MB/s [>= 150 MB/s: %s]\n", r, (r >= 150 ? "met" : "NOT met")
        printf "  (export to /dev/null              %6.1f MB/s; gzip level 6 %.1f MB/s)\n", mbs["export.null"], mbs["export.gz"]
        exit bad
    }' "$res" || exit 1

# Hostile input that libxml2 2.9.14 alone takes quadratic time on (one run each).
echo
echo "hostile input (sc_xml_load, defaults; libxml2 alone is quadratic on these):"
st=0
out=$("$prog" hostile) || st=1
printf '%s\n' "$out" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %-32s %9d bytes  status %3d  %8.3f s\n", v["hostile"], v["bytes"], v["status"], v["seconds"] }'
exit $st
