"""SVG charts: content checked by parsing the SVG with xml.etree."""
import os
import pathlib
import xml.etree.ElementTree as ET

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low

SVG = "{http://www.w3.org/2000/svg}"


def chart():
    c = sc.Chart("Stalking & harassment, Wéstminster ☃", width=640, height=360)
    c.set_subtitle("Metropolitan Police <recorded>")
    c.set_axis_labels(x="Month", y="Offences")
    c.set_band_label("95% interval")
    c.add_line("Recorded", ["2024-01", "2024-02", "2024-03", "2024-04"], [10, None, 12.5, 14],
               low=[8, None, 10, 11], high=[12, None, 15, 17])
    c.add_marker("2024-03", "Counting rules changed")
    return c


def test_to_svg():
    svg = chart().to_svg()
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("width") == "640" and root.get("height") == "360"
    assert root.find(SVG + "title").text == "Stalking & harassment, Wéstminster ☃"
    texts = "".join(root.itertext())
    assert "Metropolitan Police <recorded>" in texts and "Counting rules changed" in texts
    assert "95% interval" in texts
    assert svg == chart().to_svg()  # deterministic


def test_write(tmp_path):
    c = chart()
    c.set_description("A description")
    p = tmp_path / "chärt.svg"
    c.write(p)  # os.PathLike
    assert p.read_text(encoding="utf-8") == c.to_svg()
    c.write(str(p))
    with pytest.raises(sc.OSError) as info:
        c.write(tmp_path / "missing-dir" / "c.svg")
    assert info.value.errno != 0
    with pytest.raises(sc.OSError):
        c.write(tmp_path)  # a directory is never replaced


def test_errors():
    with pytest.raises(sc.InvalidArgumentError):
        sc.Chart("t", width=10)
    c = sc.Chart("t")
    with pytest.raises(sc.DataError):
        c.to_svg()  # no line
    with pytest.raises(sc.DataError) as info:
        c.add_line("x", ["2024-02", "2024-01"], [1, 2])
    assert info.value.column == 2
    with pytest.raises(ValueError):
        c.add_line("x", ["2024-01"], [1, 2])
    with pytest.raises(sc.DataError):
        c.set_subtitle("bell \x07")
    with pytest.raises(sc.LimitError):
        c.set_subtitle("x" * 2000)
    with pytest.raises(ValueError):
        c.add_marker("2024-01", "a\0b")
    with pytest.raises(sc.InvalidArgumentError):
        c.add_line("x", [], [])


def test_series_line(sample_path):
    s = sc.read_mps(sample_path).series(categories=["STALKING AND HARASSMENT"])
    c = sc.Chart("Sample")
    c.add_series(s, "Stalking and harassment")
    for b in sc.Breaks.england_wales():
        c.add_marker(b.month, b.title)
    assert "Stalking and harassment" in c.to_svg()


def test_low_level(tmp_path):
    c = low.sc_chart_new("t", None)
    m = low.sc_month_make(2024, 1)
    low.sc_chart_set_subtitle(c, "s")
    low.sc_chart_set_axis_labels(c, None, "y")
    low.sc_chart_set_description(c, "")
    low.sc_chart_set_band_label(c, "")
    low.sc_chart_add_line(c, "l", ([m, m + 1], [1.0, 2.0], None, None))
    low.sc_chart_add_marker(c, m, "")
    assert low.sc_chart_write_buffer(c).startswith("<?xml")
    low.sc_chart_write_path(c, tmp_path / "low.svg")
    assert (tmp_path / "low.svg").stat().st_size > 0
