#!/usr/bin/env python3
"""bench_xml.py - the casebook aggregation of tests/bench/bench_xml.c with lxml's iterparse.

    bench_xml.py FILE

Counts reports by ward code and month of reported-at (plain or gzip FILE, recognised by its
magic bytes), clearing each report element after use so that memory stays flat, and prints
"reports=N sum=S seconds=T maxrss_kib=K base_kib=K" as bench_xml does (the same checksum).
Exits 3 with "skipped: ..." when lxml is not installed.
"""
import gzip
import resource
import sys
import time

try:
    from lxml import etree
except ImportError:
    print("skipped: lxml is not installed (Debian: python3-lxml)")
    sys.exit(3)

NS = "{urn:libstalkcase:stalkcase:1}"


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
    path = sys.argv[1]
    base = rss_kib()
    t0 = time.monotonic()
    with open(path, "rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    f = gzip.open(path, "rb") if gz else open(path, "rb")
    cells = {}
    n = 0
    wtag, rtag = NS + "ward-code", NS + "reported-at"
    for _, el in etree.iterparse(f, events=("end",), tag=NS + "report"):
        key = (el.findtext(wtag), el.findtext(rtag)[:7])
        cells[key] = cells.get(key, 0) + 1
        n += 1
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    f.close()
    total = sum(c * weight(w, ym) for (w, ym), c in cells.items())
    t1 = time.monotonic()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("reports=%d sum=%d seconds=%.6f maxrss_kib=%d base_kib=%d" % (n, total, t1 - t0, peak, base))


if __name__ == "__main__":
    main()
