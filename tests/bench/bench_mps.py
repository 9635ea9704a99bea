"""Benchmark: the Met ward CSV filter-and-sum with Python's csv module (run by `make bench`).

    bench_mps.py FILE

Sums the month columns (headers of six digits, YYYYMM) of the rows whose MinorText is
STALKING AND HARASSMENT (case-insensitively), as tests/bench/bench_mps.c does with libcsv and
with libstalkcase, and prints one line in the same shape:
"sum=N rows=N seconds=S maxrss_kib=K base_kib=K" (wall time from opening the file to having the
sum; peak resident set size of the process from getrusage, KiB on Linux; resident set size just
before the work began, from /proc/self/statm, -1 without /proc).
"""
import csv
import resource
import sys
import time

CATEGORY = "STALKING AND HARASSMENT"


def filter_and_sum(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        names = [h.strip() for h in header]
        minor = [n.lower() for n in names].index("minortext")
        months = [i for i, n in enumerate(names) if len(n) == 6 and n.isdigit()]
        total = 0
        rows = 0
        for row in reader:
            if not row:
                continue
            rows += 1
            if row[minor].strip().upper() == CATEGORY:
                total += sum(int(row[i]) for i in months)
        return total, rows


def rss_kib():
    try:
        with open("/proc/self/statm") as f:
            resident = int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return -1
    return resident * (resource.getpagesize() // 1024)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench_mps.py FILE")
    base = rss_kib()
    start = time.monotonic()
    total, rows = filter_and_sum(sys.argv[1])
    seconds = time.monotonic() - start
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("sum=%d rows=%d seconds=%.6f maxrss_kib=%d base_kib=%d"
          % (total, rows, seconds, maxrss, base))


if __name__ == "__main__":
    main()
