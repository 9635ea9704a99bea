"""Writes a synthetic Met ward-level CSV of the same shape as the 2024-01..2025-12 release.

    gen_mps.py OUT

Used by run-bench.sh when ../shared/data/mps/mps-ward-2024-01_2025-12.csv is absent. Same
layout (MajorText,MinorText,WardName,WardCode,LookUp_BoroughName, then 24 month columns
202401..202512), CRLF line ends, 679 made-up wards in 33 made-up boroughs, rows grouped by ward
with the categories in the same order each time, each category present in as many wards as in
the real release (18,707 data rows), counts drawn around each category's real mean per cell
(about 2.4 MB). The numbers are invented: only the shape is real. Deterministic (fixed seed).
"""
import random
import sys

# (MajorText, MinorText, wards that have the row, mean count per ward and month)
CATEGORIES = [
    ("ARSON AND CRIMINAL DAMAGE", "ARSON", 666, 0.27),
    ("ARSON AND CRIMINAL DAMAGE", "CRIMINAL DAMAGE", 679, 6.46),
    ("BURGLARY", "BURGLARY BUSINESS AND COMMUNITY", 679, 2.04),
    ("BURGLARY", "RES BURGLARY OF A HOME", 679, 2.95),
    ("BURGLARY", "RES BURGLARY OF UNCONNECTED BUILDING", 677, 1.15),
    ("DRUG OFFENCES", "POSSESSION OF DRUGS", 679, 3.28),
    ("DRUG OFFENCES", "TRAFFICKING OF DRUGS", 679, 2.24),
    ("FRAUD AND FORGERY", "FRAUD AND FORGERY", 137, 0.05),
    ("MISCELLANEOUS CRIMES AGAINST SOCIETY", "MISC CRIMES AGAINST SOCIETY", 679, 1.36),
    ("POSSESSION OF WEAPONS", "POSSESSION OF WEAPONS", 678, 0.63),
    ("PUBLIC ORDER OFFENCES", "OTHER OFFENCES PUBLIC ORDER", 679, 0.91),
    ("PUBLIC ORDER OFFENCES", "PUBLIC FEAR ALARM OR DISTRESS", 679, 4.19),
    ("PUBLIC ORDER OFFENCES", "RACE OR RELIGIOUS AGG PUBLIC FEAR", 679, 1.59),
    ("PUBLIC ORDER OFFENCES", "VIOLENT DISORDER", 89, 0.06),
    ("ROBBERY", "ROBBERY OF BUSINESS PROPERTY", 672, 0.93),
    ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY", 679, 3.09),
    ("SEXUAL OFFENCES", "OTHER SEXUAL OFFENCES", 679, 1.98),
    ("SEXUAL OFFENCES", "RAPE", 678, 1.05),
    ("THEFT", "BICYCLE THEFT", 676, 1.81),
    ("THEFT", "OTHER THEFT", 679, 12.91),
    ("THEFT", "SHOPLIFTING", 678, 10.4),
    ("THEFT", "THEFT FROM THE PERSON", 678, 11.15),
    ("VEHICLE OFFENCES", "AGGRAVATED VEHICLE TAKING", 475, 0.09),
    ("VEHICLE OFFENCES", "INTERFERING WITH A MOTOR VEHICLE", 679, 1.24),
    ("VEHICLE OFFENCES", "THEFT FROM A VEHICLE", 679, 5.95),
    ("VEHICLE OFFENCES", "THEFT OR UNAUTH TAKING OF A MOTOR VEH", 679, 3.87),
    ("VIOLENCE AGAINST THE PERSON", "DEATH SERIOUS INJURY ILLEGAL DRIVING", 207, 0.05),
    ("VIOLENCE AGAINST THE PERSON", "HOMICIDE", 157, 0.05),
    ("VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", 679, 6.83),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITH INJURY", 679, 7.84),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITHOUT INJURY", 679, 13.95),
    ("BURGLARY", "BURGLARY - RESIDENTIAL", 2, 0.04),
    ("NFIB FRAUD", "NFIB", 15, 0.04),
]
WARDS = 679
BOROUGHS = 33
MONTHS = ["%d%02d" % (y, m) for y in (2024, 2025) for m in range(1, 13)]


def count(rng, mean):
    # geometric on {0, 1, ...} with the given mean
    if mean <= 0:
        return 0
    p = 1.0 / (1.0 + mean)
    n = 0
    while rng.random() > p:
        n += 1
    return n


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_mps.py OUT")
    rng = random.Random(20240101)
    with open(sys.argv[1], "w", newline="", encoding="utf-8") as out:
        out.write(",".join(["MajorText", "MinorText", "WardName", "WardCode",
                            "LookUp_BoroughName"] + MONTHS) + "\r\n")
        for w in range(WARDS):
            ward = "Ward %03d %s" % (w + 1, "Park" if w % 2 else "Green")
            code = "E0590%04d" % (w + 1)
            borough = "Borough %02d" % (w % BOROUGHS + 1)
            scale = 0.5 + rng.random()
            for major, minor, present, mean in CATEGORIES:
                # the rarer categories appear in the first wards only
                if w >= present:
                    continue
                counts = [str(count(rng, mean * scale)) for _ in MONTHS]
                out.write(",".join([major, minor, ward, code, borough] + counts) + "\r\n")


if __name__ == "__main__":
    main()
