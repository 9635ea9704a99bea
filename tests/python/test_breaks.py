"""Counting-rule breaks: the built-in table, CSV files, additions."""
import os
import pathlib

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low


def test_builtin():
    b = sc.Breaks.england_wales()
    assert [x.month for x in b] == ["2014-04", "2018-04", "2020-04"]
    assert len(b) == 3 and b[-1] == b[2]
    brk = b.find("ew-2018-04-additional-offence")
    assert isinstance(brk, sc.Break) and brk.month == "2018-04" and brk.source
    assert b.find("nope") is None
    assert [x.id for x in b.within("2018-04", "2020-04")] == ["ew-2020-04-ex-partner-conduct"]
    assert b.within("2015-01", "2016-01") == []
    with pytest.raises(IndexError):
        b[3]


def test_read_file(test_data):
    b = sc.Breaks()
    b.read(test_data / "breaks" / "good.csv")
    assert [(x.month, x.id) for x in b] == [("2019-01", "local-2019-01"),
                                          ("2022-04", "force-x-2022-04")]
    x = b.find("force-x-2022-04")
    assert x.title == 'Force X: new "crime recording" system'
    assert x.description == "Multi-line\r\ndescription"  # the file has CRLF
    assert b.find("local-2019-01").description == ""


def test_read_errors(test_data):
    b = sc.Breaks.england_wales()
    with pytest.raises(sc.DataError) as info:
        b.read(test_data / "breaks" / "dup-id.csv")
    assert info.value.line == 3 and info.value.source.endswith("dup-id.csv")
    with pytest.raises(sc.ParseError):
        b.read(test_data / "breaks" / "unterminated.csv")
    with pytest.raises(sc.OSError):
        b.read(pathlib.Path("/nonexistent/breaks.csv"))
    assert len(b) == 3  # all or nothing


def test_add_copy_bytes():
    b = sc.Breaks()
    b.add("2023-04", "x-1", "Tïtle ☃", "Söurce", description="détails")
    assert b[0] == sc.Break("2023-04", "x-1", "Tïtle ☃", "détails", "Söurce")
    with pytest.raises(sc.DataError):
        b.add("2023-05", "x-1", "T", "S")
    with pytest.raises(sc.DataError):
        b.add("2023-05", "bad id", "T", "S")
    with pytest.raises(ValueError):
        b.add("2023-05", "x-2", "T\0", "S")
    c = b.copy()
    c.read_bytes(b"month,id,title,source\n2024-01,y,T,S\n", "mem")
    assert len(c) == 2 and len(b) == 1
    with pytest.raises(sc.DataError) as info:
        c.read_bytes(b"month,id,title,source\n2024-13,z,T,S\n", "mem")
    assert info.value.source == "mem" and info.value.line == 2 and info.value.column == 1


def test_low_level():
    b = low.sc_breaks_new()
    assert low.sc_breaks_size(b) == 0 and low.sc_breaks_get(b, 0) is None
    e = low.sc_breaks_new_england_wales()
    c = low.sc_breaks_copy(e)
    assert low.sc_breaks_size(c) == 3
    low.sc_breaks_add(b, low.sc_month_make(2020, 1), "a", "t", None, "s")
    assert low.sc_breaks_find(b, "a")[3] == ""
    assert list(low.sc_breaks_within(e, low.sc_month_make(2010, 1),
                                     low.sc_month_make(2030, 1))) == [3, 0]
    low.sc_breaks_read_buffer(b, b"month,id,title,source\n2021-01,b,T,S\n", None)
    with pytest.raises(sc.DataError):
        low.sc_breaks_read_path(b, os.devnull)  # an empty file
    assert low.sc_breaks_size(b) == 2
