#!/usr/bin/python3
"""Build a casebook from a CSV of one's own, write it as XML (optionally gzip), read it back
and print a summary.

    casebook_from_csv.py [-o casebook.xml[.gz]] [--level N] [CSV]

CSV (default: my-reports.csv beside this script, synthetic) has one row per report, UTF-8,
with a header line and these columns:

    report_id       the report's id (unique)
    reported_at     when it was reported: ISO 8601 with a UTC offset (2024-03-01T10:00:00+01:00
                    or ...Z); the report counts in the month of this local date
    offence         harassment | fear-of-violence | stalking | stalking-fear-alarm-distress |
                    malicious-communications | other
    ward_code, ward_name, borough    where (texts; may be empty)
    relationship    ex-intimate-partner | acquaintance | stranger | family-member | work |
                    unknown (may be empty)
    cyber_recorded  yes | no | unknown | empty: the cyber element as the source recorded it
    victim_id       the victim's id; a victim in several rows is one victim (same details)
    victim_channel  police | helpline | advocate | other (may be empty)
    victim_risk     standard | medium | high | unknown (may be empty)
    evidence        evidence items separated by ";", each KIND or KIND:PLATFORM, KIND one of
                    the evidence kinds of docs/format.md (text-message, social-media, ...,
                    other); item i of report R gets the id R-e<i>

The tokens are those of the casebook format (docs/format.md). The casebook is built with
stalkcase.Casebook, Report, Victim and Evidence, checked (Casebook.check), written with
Casebook.write (gzip when the output name ends in .gz), read back with stalkcase.load, and
compared with the one built. The summary gives the numbers of reports, victims and evidence
items, reports by offence and by month (Casebook.count) and the cyber elements.

Exit status: 0 on success; 1 on a bad row (reported as CSV:LINE: message), an integrity
problem, or a file that cannot be read or written; 2 on a usage error.
"""
import argparse
import csv
import datetime
import pathlib
import signal
import sys

import stalkcase

DEFAULT = pathlib.Path(__file__).resolve().parent / "my-reports.csv"
COLUMNS = ("report_id", "reported_at", "offence", "ward_code", "ward_name", "borough",
           "relationship", "cyber_recorded", "victim_id", "victim_channel", "victim_risk",
           "evidence")


class RowError(Exception):
    pass


def token(enum, text, what):
    try:
        return enum.from_token(text)
    except (ValueError, KeyError, stalkcase.Error):
        raise RowError(f"{what}: unknown value {text!r}; one of: "
                       + ", ".join(e.token for e in enum if e.token)) from None


def timestamp(text):
    try:
        t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"reported_at: not an ISO 8601 timestamp: {text!r}") from None
    if t.tzinfo is None:
        raise RowError(f"reported_at: {text!r} has no UTC offset")
    return t


def build(path):
    """The casebook of the CSV file at path (raises RowError with the line number)."""
    casebook = stalkcase.Casebook()
    victims = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (rows.fieldnames or ())]
        if missing:
            raise RowError(f"{path}:1: missing columns: {', '.join(missing)}")
        for row in rows:
            line = rows.line_num
            try:
                add_row(casebook, victims, row)
            except (RowError, stalkcase.Error, ValueError) as e:
                raise RowError(f"{path}:{line}: {e}") from None
    return casebook


def add_row(casebook, victims, row):
    vid = row["victim_id"]
    details = (row["victim_channel"], row["victim_risk"])
    if vid in victims:
        if victims[vid] != details:
            raise RowError(f"victim {vid} has other details in an earlier row")
    else:
        victim = stalkcase.Victim(vid)
        if row["victim_channel"]:
            victim.channel = token(stalkcase.Channel, row["victim_channel"], "victim_channel")
        if row["victim_risk"]:
            victim.risk = token(stalkcase.Risk, row["victim_risk"], "victim_risk")
        casebook.add_victim(victim)
        victims[vid] = details

    rid = row["report_id"]
    report = stalkcase.Report(rid, reported_at=timestamp(row["reported_at"]),
                              offence=token(stalkcase.Offence, row["offence"], "offence"))
    for field in ("ward_code", "ward_name", "borough"):
        if row[field]:
            setattr(report, field, row[field])
    if row["relationship"]:
        report.relationship = token(stalkcase.Relationship, row["relationship"],
                                    "relationship")
    if row["cyber_recorded"]:
        report.cyber_recorded = token(stalkcase.Tristate, row["cyber_recorded"],
                                      "cyber_recorded")
    report.add_victim(vid)
    items = [s.strip() for s in row["evidence"].split(";") if s.strip()]
    for i, item in enumerate(items, 1):
        kind, _, platform = item.partition(":")
        evidence = stalkcase.Evidence(f"{rid}-e{i}",
                                      kind=token(stalkcase.EvidenceKind, kind, "evidence"))
        if platform:
            evidence.platform = platform
        report.add_evidence(evidence)
    casebook.add_report(report)


def summary(casebook):
    """Lines describing a casebook."""
    reports = list(casebook)
    n_evidence = sum(len(r.evidence) for r in reports)
    out = [f"{len(reports)} reports, {len(list(casebook.victims()))} victims, "
           f"{n_evidence} evidence items"]
    by_offence = {}
    for r in reports:
        by_offence[r.offence.token] = by_offence.get(r.offence.token, 0) + 1
    out.append("reports by offence: "
               + ", ".join(f"{k} {v}" for k, v in sorted(by_offence.items())))
    months = [t for t in casebook.count().totals(by="month") if t.count]
    out.append("reports by month: " + ", ".join(f"{t.month} {t.count}" for t in months))
    cyber = {r.minor: r.count for r in casebook.count_cyber().totals(by="category")}
    out.append("cyber element: " + ", ".join(f"{v} {cyber.get(v, 0)}"
                                             for v in ("yes", "no", "unknown")))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Build a casebook from a CSV, write it as XML, read it back, summarise.")
    ap.add_argument("csv", nargs="?", default=str(DEFAULT),
                    help="the CSV (default: my-reports.csv beside this script)")
    ap.add_argument("-o", "--output", default="casebook.xml",
                    help="casebook to write; gzip when it ends in .gz (casebook.xml)")
    ap.add_argument("--level", type=int, default=6, choices=range(1, 10), metavar="1-9",
                    help="gzip level (6)")
    args = ap.parse_args(argv)

    try:
        casebook = build(args.csv)
    except RowError as e:
        sys.stderr.write(f"casebook_from_csv: {e}\n")
        return 1
    except OSError as e:
        sys.stderr.write(f"casebook_from_csv: {e}\n")
        return 1
    problems = casebook.check()
    if problems:
        for p in problems:
            sys.stderr.write(f"casebook_from_csv: {p.message}\n")
        return 1
    print(f"built from {args.csv}: " + summary(casebook)[0])

    gz = args.output.endswith(".gz")
    try:
        casebook.write(args.output, gzip=gz, level=args.level)
        size = pathlib.Path(args.output).stat().st_size
        print(f"wrote {args.output} ({size} bytes{', gzip' if gz else ''})")
        back = stalkcase.load(args.output)
    except (stalkcase.Error, OSError) as e:
        sys.stderr.write(f"casebook_from_csv: {e}\n")
        return 1
    same = back == casebook
    print(f"read back: identical to the casebook built: {'yes' if same else 'NO'}")
    for line in summary(back):
        print(line)
    return 0 if same else 1


if __name__ == "__main__":
    # Piped into `head`: end quietly when the reader goes away, as command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
