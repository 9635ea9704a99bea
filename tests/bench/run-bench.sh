#!/bin/sh
# run-bench.sh - the `make bench` driver: Met ward CSV import + aggregation, three ways.
#
# Builds the 24-month Met release replicated N times (header once, data rows N times) in a
# temporary folder, runs the three tools in rounds (one run of each per round, so that load from
# elsewhere falls on all of them alike) and prints, per file, each tool's best wall time as
# rows/s and MB/s (MB = 10^6 bytes), its peak RSS and the part of it the work added, then the
# ratios libstalkcase/bare and libstalkcase/python and whether the targets of the issue are met.
# Fails when a tool fails, when the tools disagree on the sum, or (real data) when the sum is
# not the reference value times N. A missed performance target is reported, not a failure.
#
# Environment (set by `make bench`):
#   SC_BENCH_PROG     the bench_mps program (tests/bench/bench_mps.c)
#   PYTHON            the Python interpreter (default python3)
#   SC_SHARED_DATA    folder with mps/mps-ward-2024-01_2025-12.csv (default ../shared/data);
#                     when the file is absent a synthetic file of the same shape is generated
#   SC_BENCH_FACTORS  replication factors (default "10 100")
#   SC_BENCH_RUNS     rounds per file; each tool's best time is kept (default 5)
#   SC_BENCH_TMPDIR   where the temporary folder goes (default /tmp)
set -u

here=$(cd "$(dirname "$0")" && pwd)
prog=${SC_BENCH_PROG:?SC_BENCH_PROG must name the bench_mps program}
python=${PYTHON:-python3}
shared=${SC_SHARED_DATA:-$here/../../../shared/data}
factors=${SC_BENCH_FACTORS:-10 100}
runs=${SC_BENCH_RUNS:-5}
real="$shared/mps/mps-ward-2024-01_2025-12.csv"
# London-wide STALKING AND HARASSMENT 2024-01..2025-12 in the real release, computed
# independently with Python's csv module (../shared/data/mps/EXPECTED.md).
real_expected=111321

tmp=$(mktemp -d "${SC_BENCH_TMPDIR:-/tmp}/sc-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

have_python=yes
"$python" -c 'import csv, resource' >/dev/null 2>&1 || have_python=no

if [ -r "$real" ]; then
    src=$real
    expected=$real_expected
    what="real Met release 2024-01..2025-12 ($real)"
else
    echo "bench: $real is absent: skipping the real data and generating a file of the same shape"
    if [ "$have_python" = no ]; then
        echo "bench: $python cannot run, so no file can be generated" >&2
        exit 1
    fi
    src=$tmp/generated.csv
    "$python" "$here/gen_mps.py" "$src" || exit 1
    expected=
    what="synthetic file of the same shape (tests/bench/gen_mps.py; invented counts)"
fi

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
ncpu=$(nproc 2>/dev/null || echo '?')
src_bytes=$(wc -c < "$src" | tr -d ' ')
src_rows=$(($(wc -l < "$src") - 1))
if [ "$have_python" = yes ]; then
    pyver=$("$python" -c 'import sys; print("Python %d.%d.%d" % sys.version_info[:3])')
    tools="libstalkcase bare python"
else
    pyver="(no Python: skipped)"
    tools="libstalkcase bare"
fi

echo "libstalkcase benchmark - Met ward CSV: import + aggregation"
echo "input:   $what, $src_bytes bytes, $src_rows data rows"
echo "machine: $ncpu CPU(s), ${cpu:-unknown CPU}"
echo "method:  best wall time of $runs rounds (one run of each tool per round), measured inside"
echo "         each process from opening the file to having the sum; MB = 10^6 bytes;"
echo "         peak RSS from getrusage; work RSS = peak RSS - RSS just before the work"
echo "tools:   libstalkcase  sc_mps_read_path + sc_counts_totals by month, category filter"
echo "         bare          libcsv pass written for the benchmark, same filter-and-sum"
echo "         python        $pyver csv module, same filter-and-sum"
echo

# once TOOL FILE: runs a tool once and prints "sum rows seconds maxrss_kib base_kib"
once() {
    case $1 in
        python) out=$("$python" "$here/bench_mps.py" "$2") ;;
        *) out=$("$prog" "$1" "$2") ;;
    esac || return 1
    printf '%s\n' "$out" | awk '
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
        END {
            if (v["sum"] != "")
                print v["sum"], v["rows"], v["seconds"], v["maxrss_kib"], v["base_kib"]
        }'
}

# best PREVIOUS CURRENT: merges two results of one tool (shortest time, largest peak RSS,
# smallest RSS before the work); MISMATCH when they differ in sum or rows
best() {
    awk -v prev="$1" -v cur="$2" 'BEGIN {
        if (prev == "") { print cur; exit }
        split(prev, p, " ")
        split(cur, c, " ")
        if (p[1] != c[1] || p[2] != c[2]) { print "MISMATCH"; exit }
        print p[1], p[2], (c[3] + 0 < p[3] + 0 ? c[3] : p[3]), (c[4] + 0 > p[4] + 0 ? c[4] : p[4]),
              (c[5] + 0 < p[5] + 0 ? c[5] : p[5])
    }'
}

printf '%-5s %-13s %10s %7s %8s %10s %10s %10s\n' \
    file tool rows/s MB/s seconds "peak RSS" "work RSS" sum
summary=
status=0
for n in $factors; do
    file=$tmp/mps-x$n.csv
    head -n 1 "$src" > "$file"
    tail -n +2 "$src" > "$tmp/rows.csv"
    i=0
    while [ "$i" -lt "$n" ]; do cat "$tmp/rows.csv"; i=$((i + 1)); done >> "$file"
    rm -f "$tmp/rows.csv"
    bytes=$(wc -c < "$file" | tr -d ' ')
    cat "$file" > /dev/null  # into the page cache before the first timed run

    for tool in $tools; do eval "result_$tool="; done
    round=0
    while [ "$round" -lt "$runs" ]; do
        for tool in $tools; do
            if ! r=$(once "$tool" "$file") || [ -z "$r" ]; then
                echo "bench: $tool failed on x$n" >&2
                exit 1
            fi
            eval "prev=\$result_$tool"
            r=$(best "$prev" "$r")
            if [ "$r" = MISMATCH ]; then
                echo "bench: $tool gave different results in two runs on x$n" >&2
                exit 1
            fi
            eval "result_$tool=\$r"
        done
        round=$((round + 1))
    done

    sums=
    line="x$n"
    for tool in $tools; do
        eval "set -- \$result_$tool"
        sum=$1 nrows=$2 secs=$3 rss=$4 rss0=$5
        if [ "$nrows" -ne $((src_rows * n)) ]; then
            echo "bench: $tool read $nrows rows of x$n, expected $((src_rows * n))" >&2
            status=1
        fi
        awk -v n="x$n" -v t="$tool" -v r="$nrows" -v b="$bytes" -v s="$secs" -v m="$rss" \
            -v m0="$rss0" -v sum="$sum" 'BEGIN {
                w = m0 < 0 ? "?" : sprintf("%.1f MiB", (m > m0 ? m - m0 : 0) / 1024)
                printf "%-5s %-13s %10.0f %7.1f %8.3f %6.1f MiB %10s %10s\n",
                       n, t, r / s, b / s / 1e6, s, m / 1024, w, sum }'
        sums="$sums $sum"
        line="$line $tool=$secs:$rss:$rss0"
    done
    set -- $sums
    for s in $sums; do
        [ "$s" = "$1" ] || { echo "bench: the tools disagree on the sum for x$n:$sums" >&2; status=1; }
    done
    if [ -n "$expected" ] && [ "$1" != $((expected * n)) ]; then
        echo "bench: sum $1 for x$n, expected $((expected * n)) (EXPECTED.md times $n)" >&2
        status=1
    fi
    summary="$summary$line
"
    rm -f "$file"
done

echo
echo "ratios of throughput in this run [target]:"
printf '%s' "$summary" | awk '
    {
        for (i = 2; i <= NF; i++) {
            split($i, kv, "[=:]"); t[kv[1]] = kv[2]; m[kv[1]] = kv[3]; b[kv[1]] = kv[4]
        }
        lb = t["bare"] / t["libstalkcase"]
        printf "  %-5s libstalkcase/bare   %5.2fx  [>= 0.8x: %s]\n", $1, lb,
               (lb >= 0.8 ? "met" : "NOT met")
        if ("python" in t) {
            lp = t["python"] / t["libstalkcase"]
            printf "  %-5s libstalkcase/python %5.2fx  [>= 5x: %s]  (bare/python %.2fx)\n", $1, lp,
                   (lp >= 5 ? "met" : "NOT met"), t["python"] / t["bare"]
        }
        name[NR] = $1; rss[NR] = m["libstalkcase"]; rss0[NR] = b["libstalkcase"]
        for (k in t) delete t[k]
    }
    END {
        if (NR < 2)
            exit
        g = rss[NR] - rss[1]
        printf "memory of libstalkcase: peak RSS %.1f MiB at %s, %.1f MiB at %s (%+d KiB)",
               rss[1] / 1024, name[1], rss[NR] / 1024, name[NR], g
        printf " [no growth with file size: %s]\n", (g <= 0.05 * rss[1] + 1024 ? "met" : "NOT met")
        if (rss0[1] >= 0 && rss0[NR] >= 0)
            printf "  of which the import (count table, parser and buffers): %.1f MiB at %s, %.1f MiB at %s\n",
                   (rss[1] - rss0[1]) / 1024, name[1], (rss[NR] - rss0[NR]) / 1024, name[NR]
    }'
exit $status
