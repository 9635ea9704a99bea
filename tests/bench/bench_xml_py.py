#!/usr/bin/env python3
"""bench_xml_py.py - the casebook aggregation of tests/bench/bench_xml.c through the Python
bindings (issue 5's speed targets).

    bench_xml_py.py MODE FILE

MODE:
  iter      stalkcase.iter_reports(FILE, validate=False): every report as a Python object,
            counted by (ward_code, month of reported-at) in a dict, as bench_xml.py does with
            lxml (which does not validate either)
  iter+val  the same with validation (the default of iter_reports)
  count     stalkcase.count_file(FILE, validate=False): the aggregation in C without the GIL,
            the cells then summed by (ward, month) in Python

Prints "reports=N sum=S seconds=T maxrss_kib=K base_kib=K" as bench_xml does (the same
checksum). Exits 3 with "skipped: ..." when the stalkcase package cannot be imported.
"""
import resource
import sys
import time

try:
    import stalkcase
except ImportError as e:
    print(f"skipped: the stalkcase package cannot be imported ({e})")
    sys.exit(3)


def rss_kib():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * (resource.getpagesize() // 1024)
    except OSError:
        return -1


def weight(ward, ym):
    w = int(ward[3:])
    return w * 100000 + int(ym[0:4]) * 12 + int(ym[5:7]) - 1


def main():
    mode, path = sys.argv[1], sys.argv[2]
    base = rss_kib()
    t0 = time.monotonic()
    cells = {}
    n = 0
    if mode in ("iter", "iter+val"):
        for r in stalkcase.iter_reports(path, validate=(mode == "iter+val")):
            key = (r.ward_code, r.month)
            cells[key] = cells.get(key, 0) + 1
            n += 1
    elif mode == "count":
        for c in stalkcase.count_file(path, validate=False):
            key = (c.ward_code, c.month)
            cells[key] = cells.get(key, 0) + c.count
            n += c.count
    else:
        sys.exit(f"bench_xml_py.py: unknown mode {mode!r}")
    total = sum(c * weight(w, ym) for (w, ym), c in cells.items())
    t1 = time.monotonic()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("reports=%d sum=%d seconds=%.6f maxrss_kib=%d base_kib=%d"
          % (n, total, t1 - t0, peak, base))


if __name__ == "__main__":
    main()
