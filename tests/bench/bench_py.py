"""bench_py.py - the casebook measurements of `make bench` from Python (tests/bench/run-bench-py.sh).

    bench_py.py count FILE V        stalkcase.count_file(FILE, by="offence", validate=V): the
                                    whole aggregation in C, returned to Python as a Counts
    bench_py.py iter FILE V         for report in stalkcase.iter_reports(FILE, validate=V):
                                    every report as a Python object; its ward_code and
                                    month (Report.month: "YYYY-MM" of reported_at's local
                                    date) counted in a dict, as bench_xml.py does with lxml
    bench_py.py cmd PROG FILE       the C command `PROG stats --by offence --format csv FILE`
                                    as a child process (what count_file is measured against)

Each prints one line as tests/bench/bench_xml.c does, "reports=N sum=S seconds=T
maxrss_kib=K base_kib=K": the reports counted, the checksum of the (ward, month) aggregation
(the sum over cells of count x (ward number x 100000 + year x 12 + month - 1): the same as
bench_xml's and bench_xml.py's on the same file), the wall time of the work (time.monotonic),
the peak RSS of the process (KiB; for count, when count_file returns, before the checksum
walks the cells; for cmd, of the child) and the RSS before the work. cmd has
no per-ward figures: its sum is the sum of the command's counts, i.e. the reports again.
Exit status 0; 1 on an error; 3 with "skipped: ..." when the bindings cannot be imported.
"""
import csv
import io
import resource
import subprocess
import sys
import time


def rss_kib():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * (resource.getpagesize() // 1024)
    except OSError:
        return -1


def weight(ward, year, month):
    return int(ward[3:]) * 100000 + year * 12 + month - 1


def result(n, total, secs, peak, base):
    print("reports=%d sum=%d seconds=%.6f maxrss_kib=%d base_kib=%d"
          % (n, total, secs, peak, base))


def import_stalkcase():
    try:
        import stalkcase
    except ImportError as e:
        print(f"skipped: the stalkcase bindings cannot be imported ({e})")
        sys.exit(3)
    missing = [f for f in ("count_file", "iter_reports") if not hasattr(stalkcase, f)]
    if missing:
        print("skipped: this build of the bindings has no stalkcase." + ", ".join(missing))
        sys.exit(3)
    return stalkcase


def run_count(path, validate):
    sc = import_stalkcase()
    base = rss_kib()
    t0 = time.monotonic()
    counts = sc.count_file(path, by="offence", validate=validate)
    t1 = time.monotonic()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the cells reach Python
    n = total = 0
    for cell in counts:
        y, m = int(cell.month[:4]), int(cell.month[5:7])
        n += cell.count
        total += cell.count * weight(cell.ward_code, y, m)
    result(n, total, t1 - t0, peak, base)


def run_iter(path, validate):
    sc = import_stalkcase()
    base = rss_kib()
    t0 = time.monotonic()
    cells = {}
    n = 0
    for report in sc.iter_reports(path, validate=validate):
        key = (report.ward_code, report.month)
        cells[key] = cells.get(key, 0) + 1
        n += 1
    t1 = time.monotonic()
    total = sum(c * weight(w, int(ym[:4]), int(ym[5:7])) for (w, ym), c in cells.items())
    result(n, total, t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, base)


def run_cmd(prog, path):
    t0 = time.monotonic()
    p = subprocess.run([prog, "stats", "--by", "offence", "--format", "csv", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t1 = time.monotonic()
    if p.returncode != 0:
        sys.stderr.write(f"bench_py: {prog} failed: {p.stderr}")
        sys.exit(1)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    n = sum(int(r["count"]) for r in rows)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result(n, n, t1 - t0, peak, 0)


def main(argv):
    if len(argv) == 4 and argv[1] in ("count", "iter") and argv[3] in ("0", "1"):
        (run_count if argv[1] == "count" else run_iter)(argv[2], argv[3] == "1")
        return 0
    if len(argv) == 4 and argv[1] == "cmd":
        run_cmd(argv[2], argv[3])
        return 0
    sys.stderr.write("usage: bench_py.py count|iter FILE 0|1 | cmd PROG FILE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
