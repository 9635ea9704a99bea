#!/usr/bin/python3
"""Share of reports with a cyber element, by month, from a casebook, with Wilson intervals.

    cyber_share.py [--offence TOKEN] [--borough NAME] [--level 0.95] [--csv] [CASEBOOK]

CASEBOOK is a casebook XML file, plain or gzip (default: examples/data/sample-casebook.xml).
It is loaded with stalkcase.load (schema validation and integrity check on); each report that
passes the filters is counted by the month of its reported-at date into a table of cyber
elements (Report.count_cyber: "yes", "no" or "unknown"). A report has a cyber element when
any of its evidence items is digital, otherwise as its source recorded it, otherwise unknown
(docs/format.md, DESIGN section 3). For each month the share is yes / (yes + no + unknown),
with its Wilson score interval (stalkcase.proportion), then the same over all months:

    month    cyber  reports   share  95% interval
    2024-01      2        2  100.0%  34.2% - 100.0%
    ...

--csv prints month,cyber,no,unknown,reports,share,low,high with full precision instead (the
last line's month is "all").

Exit status: 0 on success; 1 when the casebook cannot be read or no report passes the
filters; 2 on a usage error.
"""
import argparse
import pathlib
import signal
import sys

import stalkcase

DEFAULT = pathlib.Path(__file__).resolve().parents[1] / "data" / "sample-casebook.xml"


def cyber_counts(casebook, offence=None, borough=None):
    """A Counts of cyber elements (category "yes"/"no"/"unknown") of the reports that pass."""
    counts = stalkcase.Counts()
    n = 0
    for report in casebook.reports(offence=offence):
        if borough is not None and report.borough != borough:
            continue
        report.count_cyber(counts)
        n += 1
    return counts, n


def by_month(counts):
    """[(month, yes, no, unknown)] for every month with at least one report."""
    cols = {}
    for value in ("yes", "no", "unknown"):
        cols[value] = {r.month: r.count for r in counts.totals(by="month", category=value)}
    months = sorted(m for m, n in
                    ((r.month, r.count) for r in counts.totals(by="month")) if n)
    return [(m, cols["yes"].get(m, 0), cols["no"].get(m, 0), cols["unknown"].get(m, 0))
            for m in months]


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Share of reports with a cyber element by month, with Wilson intervals.")
    ap.add_argument("casebook", nargs="?", default=str(DEFAULT),
                    help="casebook XML, plain or gzip (default: the bundled sample)")
    ap.add_argument("--offence", help="only this offence (token, e.g. stalking)")
    ap.add_argument("--borough", help="only reports in this borough")
    ap.add_argument("--level", type=float, default=0.95, help="confidence level (0.95)")
    ap.add_argument("--csv", action="store_true", help="CSV with full precision")
    args = ap.parse_args(argv)
    if not 0 < args.level < 1:
        ap.error("--level must lie between 0 and 1")
    offence = None
    if args.offence is not None:
        try:
            offence = stalkcase.Offence.from_token(args.offence)
        except (ValueError, KeyError, stalkcase.Error):
            ap.error(f"unknown offence {args.offence!r}; one of: "
                     + ", ".join(o.token for o in stalkcase.Offence if o.token))

    try:
        casebook = stalkcase.load(args.casebook)
    except (stalkcase.Error, OSError) as e:
        sys.stderr.write(f"cyber_share: {e}\n")
        return 1
    counts, n = cyber_counts(casebook, offence, args.borough)
    if n == 0:
        sys.stderr.write("cyber_share: no report passes the filters\n")
        return 1

    rows = by_month(counts)
    total = tuple(sum(r[i] for r in rows) for i in (1, 2, 3))
    rows.append(("all",) + total)
    pct = f"{args.level * 100:g}%"
    if args.csv:
        print("month,yes,no,unknown,reports,share,low,high")
    else:
        print(f"Cyber element in {n} reports of {args.casebook}"
              + (f", offence {args.offence}" if args.offence else "")
              + (f", borough {args.borough}" if args.borough else ""))
        print(f"{'month':<8} {'cyber':>5} {'reports':>8} {'share':>7}  {pct} interval (Wilson)")
    for month, yes, no, unknown in rows:
        reports = yes + no + unknown
        ci = stalkcase.proportion(yes, reports, level=args.level, method="wilson")
        if args.csv:
            print(f"{month},{yes},{no},{unknown},{reports},{ci.estimate!r},{ci.low!r},{ci.high!r}")
        else:
            print(f"{month:<8} {yes:>5} {reports:>8} {ci.estimate:>7.1%}  "
                  f"{ci.low:.1%} - {ci.high:.1%}")
    return 0


if __name__ == "__main__":
    # Piped into `head`: end quietly when the reader goes away, as command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
