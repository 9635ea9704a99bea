"""Writes casebook XML files for the tests, independently of the library (plain text written
line by line, so memory does not grow with the number of reports), and says what they hold.

write_casebook(path, n, seed) writes one victim and n reports of about 220 bytes each (the
shape of the benchmark's casebooks) and returns the expected aggregation computed while
writing: {(ward_code, month): count}, with month the "YYYY-MM" of reported-at as written (its
local date).
"""
import gzip
import random

NS = "urn:libstalkcase:stalkcase:1"
OFFENCES = ["harassment", "fear-of-violence", "stalking", "stalking-fear-alarm-distress",
            "malicious-communications", "other"]


def report_xml(i, ward, month, day, offence, bad=False):
    """One report element (a few lines). With bad, its offence is not a token."""
    return (f'  <report id="r-{i:07d}">\n'
            f"    <reported-at>{month}-{day:02d}T10:{i % 60:02d}:00+01:00</reported-at>\n"
            f"    <offence>{'not-an-offence' if bad else offence}</offence>\n"
            f"    <ward-code>E{ward:08d}</ward-code>\n"
            f"    <borough>Borough {ward % 32}</borough>\n"
            f"    <force>Metropolitan Police Service</force>\n"
            f"    <victim-ref>v-1</victim-ref>\n"
            f"  </report>\n")


def write_casebook(path, n, seed=1, gz=False, bad_at=None):
    rnd = random.Random(seed)
    expected = {}
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<casebook xmlns="{NS}">\n')
        f.write('  <victim id="v-1">\n    <risk>high</risk>\n  </victim>\n')
        chunk = []
        for i in range(1, n + 1):
            ward = rnd.randrange(640)
            month = f"{2020 + rnd.randrange(5)}-{1 + rnd.randrange(12):02d}"
            day = 1 + rnd.randrange(28)
            chunk.append(report_xml(i, ward, month, day, OFFENCES[rnd.randrange(6)],
                                    bad=(i == bad_at)))
            key = (f"E{ward:08d}", month)
            expected[key] = expected.get(key, 0) + 1
            if len(chunk) == 1000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
        f.write("</casebook>\n")
    return expected


def line_of(path, needle):
    """1-based line number of the first line holding needle (bytes) in a plain file."""
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if needle in line:
                return number, line
    raise ValueError(f"{needle!r} not found")
