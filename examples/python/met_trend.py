#!/usr/bin/python3
"""Monthly trend of stalking and harassment in a Met ward-level CSV, as a PNG chart.

    met_trend.py [-o trend.png] [--category TEXT] [--borough NAME] [--no-plot] FILE.csv

FILE.csv is the Metropolitan Police's "MPS Ward Level Crime (most recent 24 months)" release
from the London Datastore (or the synthetic examples/data/mps-ward-sample.csv). The script
reads it with stalkcase.read_mps, takes the monthly totals of one category (by default the
minor category STALKING AND HARASSMENT, matched case-insensitively against either category
text) over every ward, or over one borough's wards, and prints them with the mean of the last
12 months where twelve are available:

    month      count  12-month mean
    2024-01     4725
    ...
    2024-12     4238         4413.8

then draws them with matplotlib: the monthly counts with their exact 95% Poisson interval
(stalkcase.poisson) as a band, the 12-month mean, and any counting-rule break of England and
Wales (stalkcase.Breaks.england_wales) inside the span as a vertical line.

matplotlib is Debian's python3-matplotlib (apt-get install python3-matplotlib); --no-plot
prints the table without it.

Exit status: 0 on success; 1 when the file cannot be read or has no such category; 2 on a
usage error; 3 when matplotlib is not installed (and --no-plot was not given).
"""
import argparse
import signal
import sys

import stalkcase

EXIT_NO_MATPLOTLIB = 3


def load_pyplot():
    """matplotlib.pyplot with the file-only Agg backend, or None when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        sys.stderr.write(
            f"met_trend: matplotlib is not installed for {sys.executable} ({e}).\n"
            "Install Debian's package:  apt-get install python3-matplotlib\n"
            "or run with --no-plot to print the monthly table only.\n")
        return None
    return plt


def monthly(counts, category, borough):
    """[(month, count)] of the category over the file's months, summed over every ward (or the
    borough's wards)."""
    if not counts.has_category(category):
        names = sorted({f"{t.major} / {t.minor}" for t in counts.totals(by="category")})
        raise LookupError(f"no category {category!r} in the file; its categories (major / "
                          "minor): " + "; ".join(names))
    if borough:
        known = {t.borough for t in counts.totals(by="borough")}
        if borough not in known:
            raise LookupError(f"no borough {borough!r} in the file; its boroughs: "
                              + "; ".join(sorted(known)))
    boroughs = (borough,) if borough else ()
    series = stalkcase.Series(counts, categories=(category,), boroughs=boroughs,
                              breaks=stalkcase.Breaks.england_wales())
    rows = series.items()
    if borough and not any(v for _, v in rows):
        raise LookupError(f"no {category!r} counts in borough {borough!r}")
    return series, rows


def rolling_means(series, rows):
    """{month: mean of the 12 months ending there} where all 12 are in the file."""
    out = {}
    for m, _ in rows:
        s = series.rolling12(m)
        if s is not None:
            out[m] = s / 12
    return out


def plot(plt, path, title, rows, means, breaks):
    months = [m for m, _ in rows]
    x = list(range(len(months)))
    y = [v for _, v in rows]
    ci = [stalkcase.poisson(v, 1.0) for v in y]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    ax.fill_between(x, [i.low for i in ci], [i.high for i in ci], color="#9ecae1", alpha=0.6,
                    linewidth=0, label="95% interval (exact Poisson)")
    ax.plot(x, y, marker="o", markersize=3, color="#08519c", label="recorded per month")
    mx = [i for i, m in enumerate(months) if m in means]
    if mx:
        ax.plot(mx, [means[months[i]] for i in mx], linestyle="--", color="#d94801",
                label="mean of the last 12 months")
    for b in breaks:
        if b.month in months:
            i = months.index(b.month)
            ax.axvline(i, color="grey", linestyle=":")
            ax.annotate(b.month + " rule change", (i, ax.get_ylim()[1]), fontsize=8,
                        rotation=90, va="top", ha="right", color="grey")
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step])
    ax.set_xticklabels(months[::step], rotation=45, ha="right")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("offences recorded")
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Monthly trend of a category in a Met ward-level CSV, as a PNG chart.")
    ap.add_argument("csv", help="the Met ward-level CSV (or examples/data/mps-ward-sample.csv)")
    ap.add_argument("-o", "--output", default="trend.png", help="PNG to write (trend.png)")
    ap.add_argument("--category", default="STALKING AND HARASSMENT",
                    help="major or minor category text (default STALKING AND HARASSMENT)")
    ap.add_argument("--borough", help="only this borough's wards")
    ap.add_argument("--no-plot", action="store_true", help="print the table only")
    args = ap.parse_args(argv)

    plt = None
    if not args.no_plot:
        plt = load_pyplot()
        if plt is None:
            return EXIT_NO_MATPLOTLIB

    try:
        counts = stalkcase.read_mps(args.csv)
        series, rows = monthly(counts, args.category, args.borough)
    except (stalkcase.Error, OSError, LookupError) as e:
        sys.stderr.write(f"met_trend: {e}\n")
        return 1
    means = rolling_means(series, rows)

    where = f"borough {args.borough}" if args.borough else "all wards"
    title = f"{args.category.capitalize()}, {where}, {rows[0][0]} to {rows[-1][0]}"
    print(f"{title} (source: {args.csv})")
    print(f"{'month':<8} {'count':>7}  12-month mean")
    for m, v in rows:
        mean = f"{means[m]:14.1f}" if m in means else ""
        print(f"{m:<8} {'' if v is None else v:>7}{mean}")
    total = series.sum()
    print(f"{'total':<8} {total.total:>7}  ({total.covered_months} months)")

    if plt is not None:
        try:
            plot(plt, args.output, title, [(m, v or 0) for m, v in rows], means, series.breaks)
        except OSError as e:
            sys.stderr.write(f"met_trend: cannot write {args.output}: {e}\n")
            return 1
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    # Piped into `head`: end quietly when the reader goes away, as command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
