#!/bin/sh
# run-bench-py.sh - the Python part of `make bench`: streaming a casebook of 1 M reports from
# Python (issue 5, "Speed").
#
# Generates the casebook of tests/bench/run-bench-xml.sh (bench_xml gen N, fixed seed) in a
# temporary folder, assembles the stalkcase package from the build tree there (as
# tests/python/run-pytest.sh does), then runs in rounds (one run of each measurement per round,
# so that load from elsewhere falls on all alike) and keeps each one's best wall time:
#   stream[+val]    C: sc_xml_stream + sc_report_count (bench_xml stream), without/with
#                   validation
#   cmd             C: the command `stalkcase stats --by offence --format csv` (validates, as
#                   it always does), wall time of the process
#   py.count[+val]  Python: stalkcase.count_file(by="offence"), the aggregation inside C
#   py.iter[+val]   Python: every report of stalkcase.iter_reports as a Report object, its
#                   ward code and reported_at month counted in a dict
#   lxml            Python: lxml iterparse extracting the same two fields (bench_xml.py)
# and prints the ratios of this run against the targets: (a) count_file within 1.2x of the C
# command's time (with validation, as the command does; without, against bench_xml stream);
# (b) iter_reports at least 2x as fast as lxml. Every measure but cmd must give the same
# reports:checksum (cmd: the same number of reports). A missed target is reported, not a
# failure; a failing tool or a disagreement fails.
#
# Skips (exit 0 with "skipped: ...") when the bindings were not built or do not have
# count_file/iter_reports yet; the lxml comparison is skipped when lxml is absent.
#
# Environment:
#   SC_BENCH_XML_PROG       the bench_xml program (set by `make bench`)
#   SC_STALKCASE            the stalkcase command (set by `make bench`)
#   SC_PYTHON_BUILT         "yes" when the bindings were built (set by `make bench`)
#   top_srcdir, top_builddir  the source and build trees (set by `make bench`)
#   PYTHON                  the Python interpreter of the bindings (default python3)
#   SC_BENCH_PY_REPORTS     reports in the file (default 1000000)
#   SC_BENCH_PY_RUNS        rounds (default 3)
#   SC_BENCH_TMPDIR         where the temporary folder goes (default /tmp)
set -u

prog=${SC_BENCH_XML_PROG:?SC_BENCH_XML_PROG must name the bench_xml program}
cmdprog=${SC_STALKCASE:?SC_STALKCASE must name the stalkcase command}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
nrep=${SC_BENCH_PY_REPORTS:-1000000}
runs=${SC_BENCH_PY_RUNS:-3}
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}

echo
echo "libstalkcase benchmark - casebook streaming from Python"
if [ "${SC_PYTHON_BUILT:-no}" != yes ]; then
    echo "skipped: the Python bindings were not built (./configure --enable-python)"
    exit 0
fi
for f in "$top_srcdir/bindings/python/stalkcase/__init__.py" \
    "$top_builddir/bindings/python/stalkcase_swig.py" \
    "$top_builddir/bindings/python/.libs/_stalkcase.so"; do
    if [ ! -f "$f" ]; then
        echo "skipped: $f is missing (run make first)"
        exit 0
    fi
done

tmp=$(mktemp -d "${SC_BENCH_TMPDIR:-/tmp}/sc-bench-py.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/pkg/stalkcase" &&
    cp "$top_srcdir/bindings/python/stalkcase/__init__.py" \
        "$top_builddir/bindings/python/stalkcase_swig.py" \
        "$top_builddir/bindings/python/.libs/_stalkcase.so" "$tmp/pkg/stalkcase/" || exit 1
PYTHONPATH=$tmp/pkg
LD_LIBRARY_PATH=$(cd "$top_builddir/lib/.libs" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE

probe=$("$python" -c '
import stalkcase
missing = [f for f in ("count_file", "iter_reports") if not hasattr(stalkcase, f)]
print("missing " + ", ".join(missing) if missing else "ok " + stalkcase.__version__)' 2>&1)
case $probe in
ok*) ;;
missing*)
    echo "skipped: this build of the bindings has no stalkcase.${probe#missing }"
    exit 0
    ;;
*)
    echo "skipped: the stalkcase bindings cannot be imported: $probe"
    exit 0
    ;;
esac

have_lxml=yes
"$python" -c 'import lxml.etree' >/dev/null 2>&1 || have_lxml=no

big=$tmp/stream.xml
"$prog" gen "$nrep" "$big" || {
    echo "bench-py: cannot generate the casebook" >&2
    exit 1
}
bb=$(wc -c < "$big" | tr -d ' ')
cat "$big" > /dev/null

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "input:   generated casebook (tests/bench/bench_xml.c gen, fixed seed): $nrep reports,"
echo "         $bb bytes ($((bb / nrep)) per report)"
echo "machine: $(nproc 2>/dev/null || echo '?') CPU(s), ${cpu:-unknown CPU}; $("$python" -c 'import sys; print("Python", sys.version.split()[0])') (${probe#ok }: stalkcase)"
echo "method:  best wall time of $runs rounds; MB = 10^6 bytes of XML text; peak RSS from"
echo "         getrusage (cmd: of the child process); work RSS = peak - RSS before the work"
[ "$have_lxml" = yes ] || echo "lxml:    skipped (python3-lxml is not installed for $python)"
echo

jobs="stream|$prog stream $big 0
stream+val|$prog stream $big 1
cmd|$python $here/bench_py.py cmd $cmdprog $big
py.count|$python $here/bench_py.py count $big 0
py.count+val|$python $here/bench_py.py count $big 1
py.iter|$python $here/bench_py.py iter $big 0
py.iter+val|$python $here/bench_py.py iter $big 1"
if [ "$have_lxml" = yes ]; then
    jobs="$jobs
lxml|$python $here/bench_xml.py $big"
fi

res=$tmp/results
: > "$res"
round=0
while [ "$round" -lt "$runs" ]; do
    printf '%s\n' "$jobs" | while IFS='|' read -r name cmd; do
        out=$($cmd) || { echo "bench-py: $name failed" >&2; exit 1; }
        echo "$name $out" >> "$res"
    done || exit 1
    round=$((round + 1))
done

awk -v bb="$bb" -v nrep="$nrep" '
    {
        name = $1
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        key = v["reports"] ":" v["sum"]
        if (name in best) {
            if (key != ck[name]) { print "bench-py: " name " gave different results" > "/dev/stderr"; bad = 1 }
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
            printf "%-14s %10.0f %8.1f %8.3f %6.1f MiB %6.1f MiB %s\n", k, nrep / best[k],
                   bb / best[k] / 1e6, best[k], rss[k] / 1024, (rss[k] - base[k]) / 1024, ck[k]
            if (k == "cmd") {
                split(ck[k], a, ":")
                if (a[1] != nrep) { print "bench-py: cmd counted " a[1] " reports, not " nrep > "/dev/stderr"; bad = 1 }
            } else if (ck[k] != ck["stream"]) {
                print "bench-py: " k " disagrees with stream" > "/dev/stderr"; bad = 1
            }
        }
        split(ck["stream"], a, ":"); if (a[1] != nrep) bad = 1
        print ""
        print "ratios in this run [target]:"
        r = best["py.count+val"] / best["cmd"]
        printf "  (a) count_file, validation / stalkcase stats --by offence  %5.2fx time  [<= 1.2x: %s]\n", r, (r <= 1.2 ? "met" : "NOT met")
        printf "      count_file, validation / bench_xml stream, validation  %5.2fx time\n", best["py.count+val"] / best["stream+val"]
        printf "      count_file, no validation / bench_xml stream           %5.2fx time\n", best["py.count"] / best["stream"]
        if ("lxml" in best) {
            r = best["lxml"] / best["py.iter"]
            printf "  (b) iter_reports, no validation / lxml iterparse           %5.2fx speed [>= 2x: %s]\n", r, (r >= 2 ? "met" : "NOT met")
            printf "      iter_reports, validation / lxml iterparse              %5.2fx speed\n", best["lxml"] / best["py.iter+val"]
        } else {
            print "  (b) iter_reports / lxml: skipped (no lxml)"
        }
        printf "      iter_reports, no validation / count_file               %5.2fx time\n", best["py.iter"] / best["py.count"]
        m = rss["py.iter"]; if (rss["py.iter+val"] > m) m = rss["py.iter+val"]
        printf "  iter_reports peak RSS                 %6.1f MiB (flat: the file is %.0f MB)\n", m / 1024, bb / 1e6
        exit bad
    }' "$res"
