#!/usr/bin/env python3
"""Writes mps-ward-sample.csv: a small SYNTHETIC file in the layout of the Metropolitan Police
"MPS Ward Level Crime" CSV (2024-onward releases). Every ward, borough, code and count is
invented; nothing here is police data. Deterministic: the same output on every run.

Usage: python3 gen-mps-sample.py > mps-ward-sample.csv
"""
import random
import sys

SEED = 20240101
MONTHS = [f"{y}{m:02d}" for y in (2024, 2025) for m in range(1, 13)]

# (code, name, borough). Codes E059xxxxx are outside the range ONS has issued for wards;
# the boroughs are not London boroughs.
WARDS = [
    ("E05900001", "Fennbrook Central", "Fennbrook"),
    ("E05900002", "St Aldric's", "Fennbrook"),
    ("E05900003", "Otterwick Green", "Fennbrook"),
    ("E05900004", "Larkmoor Common", "Larkmoor"),
    ("E05900005", "Quay, Lock & Towpath", "Larkmoor"),
    ("E05900006", "Thornfield", "Larkmoor"),
]

# (major, minor, mean monthly count per ward, yearly growth, wards that have the row)
CATEGORIES = [
    ("ARSON AND CRIMINAL DAMAGE", "ARSON", 0.4, 1.0, {0, 3, 5}),
    ("ARSON AND CRIMINAL DAMAGE", "CRIMINAL DAMAGE", 7.0, 1.0, set(range(6))),
    ("BURGLARY", "RES BURGLARY OF A HOME", 4.0, 0.95, set(range(6))),
    ("THEFT", "SHOPLIFTING", 9.0, 1.15, {0, 1, 3, 4}),
    ("VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", 6.0, 1.12, set(range(6))),
]

# Relative size of each ward (busier town centres, quieter residential wards).
WARD_WEIGHT = [1.8, 1.0, 0.7, 1.2, 0.9, 0.6]


def poisson(rng, lam):
    """Knuth's method; uses only rng.random(), whose sequence is stable across Python versions."""
    if lam <= 0:
        return 0
    limit = pow(2.718281828459045, -lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def field(text):
    if any(ch in text for ch in ",\"'\r\n"):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    rng = random.Random(SEED)
    out = sys.stdout.buffer
    header = ["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName"] + MONTHS
    out.write((",".join(header) + "\r\n").encode("utf-8"))
    for w, (code, name, borough) in enumerate(WARDS):
        for major, minor, mean, growth, wards in CATEGORIES:
            if w not in wards:
                continue
            counts = []
            for i, _ in enumerate(MONTHS):
                lam = mean * WARD_WEIGHT[w] * growth ** (i / 12.0)
                counts.append(str(poisson(rng, lam)))
            row = [major, minor, field(name), code, borough] + counts
            out.write((",".join(row) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    main()
