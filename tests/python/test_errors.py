"""Errors, text conversion, versions and months."""
import errno
import os
import pathlib

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low


def test_version():
    major, minor, patch = (int(x) for x in sc.__version__.split("."))
    assert sc.version_hex == (major << 16) | (minor << 8) | patch
    assert low.sc_version() == sc.__version__
    assert low.sc_version_hex() == sc.version_hex


def test_strerror():
    assert sc.strerror(sc.Status.EINVAL) == "invalid argument"
    assert sc.strerror(12345) == "unknown status"
    assert low.sc_strerror(0)


def test_hierarchy():
    assert issubclass(sc.ParseError, sc.Error)
    assert issubclass(sc.DataError, sc.ParseError) and issubclass(sc.DataError, ValueError)
    assert issubclass(sc.OSError, sc.Error) and issubclass(sc.OSError, OSError)
    assert issubclass(sc.OverflowError, OverflowError)
    assert issubclass(sc.LimitError, sc.Error)
    assert issubclass(sc.NotFoundError, LookupError)
    assert issubclass(sc.InvalidArgumentError, ValueError)
    assert issubclass(sc.NoMemoryError, MemoryError)


def test_oserror_attributes(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(sc.OSError) as info:
        sc.read_mps(missing)
    e = info.value
    assert e.code == sc.Status.EIO
    assert e.errno == errno.ENOENT == e.sys_errno
    assert e.filename == str(missing) == e.source
    assert str(missing) in str(e)


def test_parse_error_attributes(test_data):
    path = test_data / "mps" / "bad" / "unterminated.csv"
    with pytest.raises(sc.ParseError) as info:
        sc.read_mps(path)
    e = info.value
    assert type(e) is sc.ParseError
    assert e.code == sc.Status.EPARSE
    assert e.source == str(path)
    assert e.line >= 1
    assert e.message
    assert str(e).startswith(f"{path}:{e.line}")


def test_data_error_attributes(test_data):
    # count-nonnumeric.csv: a count that is not a number; the error names line and column.
    with pytest.raises(sc.DataError) as info:
        sc.read_mps(test_data / "mps" / "bad" / "count-nonnumeric.csv")
    e = info.value
    assert e.code == sc.Status.EDATA
    assert (e.line, e.column) == (3, 7) and "abc" in e.message
    assert isinstance(e, ValueError)


def test_limit_error():
    header = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n"
    data = (header + "A,B," + "x" * 70000 + ",E1,Bor,1\n").encode()
    with pytest.raises(sc.LimitError) as info:
        sc.read_mps_bytes(data, "big")
    assert info.value.source == "big" and info.value.line == 2 and info.value.column == 3


def test_overflow_error():
    c = sc.Counts()
    c.add("E1", "W", "B", "M", "m", "2024-01", 2**64 - 1)
    with pytest.raises(sc.OverflowError) as info:
        c.add("E1", "W", "B", "M", "m", "2024-01", 1)
    assert info.value.code == sc.Status.EOVERFLOW
    assert c.get("E1", "W", "B", "M", "m", "2024-01") == 2**64 - 1


def test_invalid_argument():
    with pytest.raises(sc.InvalidArgumentError):
        sc.proportion(3, 2)
    with pytest.raises(sc.InvalidArgumentError):
        low.sc_counts_add(low.sc_counts_new(), None, "", "", "", "", 24300, 1)


def test_not_found():
    with pytest.raises(sc.NotFoundError):
        low.sc_counts_coverage(low.sc_counts_new())


def test_nul_in_strings():
    c = sc.Counts()
    with pytest.raises(ValueError):
        c.add("E1\0x", "W", "B", "M", "m", "2024-01", 1)
    with pytest.raises(ValueError):
        c.has_category("STALKING\0")
    with pytest.raises(ValueError):
        c.totals(category="a\0b")
    with pytest.raises(ValueError):
        sc.read_mps("a\0b.csv")
    with pytest.raises(ValueError):
        sc.Chart("title\0")
    with pytest.raises(ValueError):
        c.series(boroughs=["Bor\0ough"])
    assert len(c) == 0


def test_wrong_types():
    with pytest.raises(TypeError):
        sc.Counts().add(1, "W", "B", "M", "m", "2024-01", 1)
    with pytest.raises(TypeError):
        sc.Counts().series(boroughs="Westminster")


def test_months():
    assert sc.make_month(2025, 4) == "2025-04"
    assert sc.parse_month("2025-04") == (2025, 4)
    assert sc.month_valid("2025-12") and not sc.month_valid("2025-13")
    with pytest.raises(sc.DataError) as info:
        sc.parse_month("2025-4")
    assert "2025-4" in str(info.value)
    with pytest.raises(sc.InvalidArgumentError):
        sc.make_month(2025, 13)
    m = low.sc_month_make(2025, 4)
    assert m == 2025 * 12 + 3
    assert low.sc_month_parse("2025-04") == m
    assert low.sc_month_format(m) == "2025-04"
    assert low.sc_month_valid(m) is True and low.sc_month_valid(-1) is False
    assert low.sc_month_year(m) == 2025 and low.sc_month_number(m) == 4
    with pytest.raises(sc.InvalidArgumentError):
        low.sc_month_format(-1)


def test_low_level_free_is_safe():
    # An explicit _free disowns the Python object: no double free when it is collected.
    c = low.sc_counts_new()
    low.sc_counts_free(c)
    del c
