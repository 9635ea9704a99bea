"""Shared fixtures of the Python binding tests (run by tests/python/run-pytest.sh).

Environment: top_srcdir (source tree), SC_TEST_DATA (tests/data), SC_SHARED_DATA (real data,
optional: the tests that need it are skipped when it is absent).
"""
import csv
import os
import pathlib

import pytest

SRCDIR = pathlib.Path(os.environ.get("top_srcdir", pathlib.Path(__file__).parents[2]))
TEST_DATA = pathlib.Path(os.environ.get("SC_TEST_DATA", SRCDIR / "tests" / "data"))
SAMPLE = SRCDIR / "examples" / "data" / "mps-ward-sample.csv"


@pytest.fixture
def sample_path():
    return SAMPLE


@pytest.fixture
def test_data():
    return TEST_DATA


def csv_cells(path):
    """Every non-zero (ward_code, ward_name, borough, major, minor, 'YYYY-MM') -> count of a
    Met ward CSV, read with Python's csv module (independently of the library)."""
    cells = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.DictReader(f)
        months = [h for h in rows.fieldnames if len(h) == 6 and h.isdigit()]
        for row in rows:
            for h in months:
                n = int(row[h])
                if n:
                    key = (row["WardCode"], row["WardName"], row["LookUp_BoroughName"],
                           row["MajorText"], row["MinorText"], f"{h[:4]}-{h[4:]}")
                    cells[key] = cells.get(key, 0) + n
    return cells, [f"{h[:4]}-{h[4:]}" for h in months]


@pytest.fixture
def sample_cells():
    return csv_cells(SAMPLE)
