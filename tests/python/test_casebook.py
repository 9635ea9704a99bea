"""The case-record model from Python: Evidence, Victim, Report, Casebook (in memory; files are in
test_xml.py), and the low-level functions of evidence.h, victim.h, report.h and casebook.h.

Expected values: digests from hashlib; counts worked out by hand in each test (the cells are
listed beside the reports that make them); tokens and labels copied from vocab.h.
"""
import datetime as dt
import hashlib
import pathlib

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low

UTC = dt.timezone.utc
PLUS1 = dt.timezone(dt.timedelta(hours=1))


def full_report(id="r-1"):
    return sc.Report(
        id, reported_at="2024-03-05T14:30:00+01:00", first_incident=dt.date(2024, 1, 10),
        last_incident=dt.datetime(2024, 3, 4, 22, 15, tzinfo=UTC),
        offence=sc.Offence.STALKING, offence_code="8Q", ward_code="E05013806",
        ward_name="St James's", borough="Westminster", force="Metropolitan Police Service",
        outcome="Investigation ongoing", notes="Notes\nline two",
        relationship="ex-intimate-partner", typology=sc.Typology.REJECTED,
        cyber_recorded=sc.Tristate.YES, victims=["v-1", "v-2"],
        evidence=[full_evidence()])


def full_evidence(id="e-1"):
    return sc.Evidence(
        id, sc.EvidenceKind.MESSAGING_APP, platform="WhatsApp",
        description="Threat about the car", media_type="text/plain",
        uri="file:evidence-message.txt", occurred_at="2024-03-05T14:30:00+01:00",
        captured_at=dt.datetime(2024, 3, 5, 18, 2, 10, tzinfo=PLUS1),
        custody=[("2024-03-05T18:05:00+01:00", "victim", "captured"),
                 sc.Custody(dt.datetime(2024, 3, 6, 9, tzinfo=UTC), "PC 1234", "received",
                            "sealed bag 6")])


# ------------------------------------------------------------------------------- evidence

def test_evidence_fields():
    e = full_evidence()
    assert e.id == "e-1" and not e.is_view
    assert e.kind is sc.EvidenceKind.MESSAGING_APP
    assert (e.platform, e.description, e.media_type, e.uri) == (
        "WhatsApp", "Threat about the car", "text/plain", "file:evidence-message.txt")
    assert e.occurred_at == dt.datetime(2024, 3, 5, 14, 30, tzinfo=PLUS1)
    assert e.occurred_at.utcoffset() == dt.timedelta(hours=1)
    assert e.custody == (
        sc.Custody(dt.datetime(2024, 3, 5, 18, 5, tzinfo=PLUS1), "victim", "captured", None),
        sc.Custody(dt.datetime(2024, 3, 6, 9, tzinfo=UTC), "PC 1234", "received",
                   "sealed bag 6"))
    assert e.custody[1].at.tzinfo is UTC
    e.platform = None
    del e.uri
    e.kind = "email"
    assert (e.platform, e.uri, e.kind) == (None, None, sc.EvidenceKind.EMAIL)
    e.kind = None
    assert e.kind is sc.EvidenceKind.NONE
    with pytest.raises(sc.DataError):
        e.occurred_at = dt.date(2024, 1, 1)  # a timestamp is needed
    with pytest.raises(TypeError):
        sc.Evidence("e", colour="red")
    with pytest.raises(sc.DataError):
        sc.Evidence("")  # ids are non-empty
    with pytest.raises(sc.DataError):
        e.add_custody("2024-01-01T00:00:00Z", "", "captured")


def test_evidence_digests(tmp_path):
    content = b"The quick brown fox jumps over the lazy dog"
    expected = hashlib.sha256(content).digest()
    e = sc.Evidence("e-1")
    assert e.digest is None and e.digest_hex is None
    e.digest_bytes(content)
    assert e.digest == (expected, len(content))
    assert e.digest_hex == hashlib.sha256(content).hexdigest()
    assert e.verify_bytes(content) and not e.verify_bytes(content + b".")
    f = tmp_path / "evidence.bin"
    big = bytes((i * 7 + 3) % 251 for i in range(200000))
    f.write_bytes(big)
    e.digest_file(f)  # a path-like
    assert e.digest == (hashlib.sha256(big).digest(), 200000)
    assert e.verify(f) and e.verify(str(f)) and e.verify(bytes(f))
    f.write_bytes(big[:-1] + b"\0")
    assert not e.verify(f)
    with pytest.raises(sc.OSError) as info:
        e.verify(tmp_path / "missing")
    assert info.value.errno == 2 and info.value.filename.endswith("missing")
    e.set_digest(hashlib.sha256(b"").hexdigest(), 0)
    assert e.digest == (hashlib.sha256(b"").digest(), 0) and e.verify_bytes(b"")
    e.set_digest(None)
    assert e.digest is None
    with pytest.raises(sc.NotFoundError):
        e.verify_bytes(b"")
    with pytest.raises(ValueError):
        e.set_digest(b"short", 1)


def test_evidence_low_level(tmp_path):
    e = low.sc_evidence_new("e-9")
    assert low.sc_evidence_id(e) == "e-9"
    low.sc_evidence_set_kind(e, low.SC_EVIDENCE_SPYWARE)
    assert low.sc_evidence_get_kind(e) == low.SC_EVIDENCE_SPYWARE
    low.sc_evidence_set_text(e, low.SC_EVIDENCE_PLATFORM, "Android")
    assert low.sc_evidence_get_text(e, low.SC_EVIDENCE_PLATFORM) == "Android"
    low.sc_evidence_set_time(e, low.SC_EVIDENCE_CAPTURED_AT, "2024-05-01T08:00:00+02:00")
    assert low.sc_evidence_get_time(e, low.SC_EVIDENCE_CAPTURED_AT) == \
        dt.datetime(2024, 5, 1, 6, tzinfo=UTC)
    assert low.sc_evidence_get_time(e, low.SC_EVIDENCE_OCCURRED_AT) is None
    low.sc_evidence_digest_buffer(e, b"abc")
    sha, size = low.sc_evidence_digest(e)
    assert sha == hashlib.sha256(b"abc").digest() and size == 3
    assert low.sc_sha256_to_hex(sha) == hashlib.sha256(b"abc").hexdigest()
    assert low.sc_sha256_from_hex(hashlib.sha256(b"abc").hexdigest()) == sha
    with pytest.raises(sc.DataError):
        low.sc_sha256_from_hex("ABC")
    low.sc_evidence_verify_buffer(e, b"abc")
    with pytest.raises(sc.DataError):
        low.sc_evidence_verify_buffer(e, b"abd")
    p = tmp_path / "x"
    p.write_bytes(b"abcd")
    low.sc_evidence_digest_file(e, p)
    low.sc_evidence_verify(e, str(p))
    low.sc_evidence_set_digest(e, None, 0)
    with pytest.raises(sc.NotFoundError):
        low.sc_evidence_digest(e)
    low.sc_evidence_add_custody(e, "2024-05-01T09:00:00Z", "DC 1", "examined", None)
    assert low.sc_evidence_custody_count(e) == 1
    assert low.sc_evidence_custody(e, 0) == (dt.datetime(2024, 5, 1, 9, tzinfo=UTC), "DC 1",
                                              "examined", None)
    assert low.sc_evidence_custody(e, 1) is None
    c = low.sc_evidence_copy(e)
    assert low.sc_evidence_equal(c, e)
    low.sc_evidence_set_text(c, low.SC_EVIDENCE_URI, "u")
    assert not low.sc_evidence_equal(c, e)
    low.sc_evidence_free(c)
    assert not c.thisown
    low.sc_evidence_free(e)


# ------------------------------------------------------------------------------- victims

def test_victim_fields_and_low_level():
    v = sc.Victim("v-1", name="Jane Example", contact="07700 900123", age_band="25-34",
                  gender="female", channel=sc.Channel.HELPLINE, first_contact="2024-02-27",
                  risk="high", consent=sc.Tristate.YES)
    assert (v.id, v.name, v.contact, v.age_band, v.gender) == (
        "v-1", "Jane Example", "07700 900123", "25-34", "female")
    assert (v.channel, v.risk, v.consent) == (sc.Channel.HELPLINE, sc.Risk.HIGH,
                                              sc.Tristate.YES)
    assert v.first_contact == dt.date(2024, 2, 27) and type(v.first_contact) is dt.date
    v.first_contact = dt.datetime(2024, 2, 27, 9, 30, tzinfo=UTC)  # a timestamp is allowed
    assert v.first_contact == dt.datetime(2024, 2, 27, 9, 30, tzinfo=UTC)
    del v.first_contact
    assert v.first_contact is None
    w = v.copy()
    assert w == v and w is not v
    w.risk = sc.Risk.MEDIUM
    assert w != v and v.risk is sc.Risk.HIGH

    h = low.sc_victim_new("v-2")
    assert low.sc_victim_id(h) == "v-2"
    low.sc_victim_set_text(h, low.SC_VICTIM_GENDER, "male")
    assert low.sc_victim_get_text(h, low.SC_VICTIM_GENDER) == "male"
    assert low.sc_victim_get_text(h, low.SC_VICTIM_NAME) is None
    low.sc_victim_set_channel(h, low.SC_CHANNEL_POLICE)
    assert low.sc_victim_channel(h) == low.SC_CHANNEL_POLICE
    low.sc_victim_set_first_contact(h, dt.date(2023, 12, 31))
    assert low.sc_victim_first_contact(h) == dt.date(2023, 12, 31)
    low.sc_victim_set_risk(h, low.SC_RISK_STANDARD)
    assert low.sc_victim_risk(h) == low.SC_RISK_STANDARD
    low.sc_victim_set_consent(h, low.SC_TRISTATE_NO)
    assert low.sc_victim_consent(h) == low.SC_TRISTATE_NO
    with pytest.raises(sc.InvalidArgumentError):
        low.sc_victim_set_risk(h, 99)
    c = low.sc_victim_copy(h)
    assert low.sc_victim_equal(c, h)
    low.sc_victim_free(h)
    low.sc_victim_free(c)


# ------------------------------------------------------------------------------- reports

def test_report_fields():
    r = full_report()
    assert r.id == "r-1"
    assert r.reported_at == dt.datetime(2024, 3, 5, 14, 30, tzinfo=PLUS1)
    assert sc.format_time(r.reported_at) == "2024-03-05T14:30:00+01:00"
    assert r.first_incident == dt.date(2024, 1, 10)
    assert sc.format_time(r.last_incident) == "2024-03-04T22:15:00Z"
    assert (r.offence, r.relationship, r.typology, r.cyber_recorded) == (
        sc.Offence.STALKING, sc.Relationship.EX_PARTNER, sc.Typology.REJECTED, sc.Tristate.YES)
    assert (r.offence_code, r.ward_code, r.ward_name, r.borough, r.force, r.outcome,
            r.notes) == ("8Q", "E05013806", "St James's", "Westminster",
                         "Metropolitan Police Service", "Investigation ongoing",
                         "Notes\nline two")
    assert r.victims == ("v-1", "v-2")
    assert r.month == "2024-03"
    assert len(r.evidence) == 1 and r.evidence[0] == full_evidence()
    assert r.evidence[0].is_view
    assert r.cyber_element is sc.Tristate.YES
    with pytest.raises(sc.DataError):
        r.add_victim("v-1")  # twice
    r.add_victim(sc.Victim("v-3"))
    assert r.victims == ("v-1", "v-2", "v-3")
    with pytest.raises(sc.DataError):
        r.reported_at = "2024-03-05"  # a timestamp is needed
    assert r.month == "2024-03"
    with pytest.raises(TypeError):
        sc.Report("r", victims="v-1")
    with pytest.raises(AttributeError):
        r.colour = "red"


def test_cyber_element_is_derived():
    # DESIGN section 3: any digital evidence gives YES; else the recorded value; else UNKNOWN
    r = sc.Report("r")
    assert r.cyber_element is sc.Tristate.UNKNOWN
    r.cyber_recorded = sc.Tristate.NO
    assert r.cyber_element is sc.Tristate.NO
    r.add_evidence(sc.Evidence("e-1", "other"))
    assert r.cyber_element is sc.Tristate.NO
    r.add_evidence(sc.Evidence("e-2", "gps-tracker"))
    assert r.cyber_element is sc.Tristate.YES
    assert low.sc_report_cyber_element(r._h) == low.SC_TRISTATE_YES


def test_add_evidence_copies():
    r = sc.Report("r")
    e = full_evidence()
    mine = r.add_evidence(e)
    assert mine == e and mine.is_view and not e.is_view
    e.platform = "Signal"
    assert mine.platform == "WhatsApp"
    mine.platform = "Telegram"
    assert r.evidence[0].platform == "Telegram" and e.platform == "Signal"
    with pytest.raises(TypeError):
        r.add_evidence("e-1")


def test_report_count_by_hand():
    c = sc.Counts()
    a = sc.Report("a", reported_at="2024-01-31T23:30:00-05:00", offence="stalking",
                  ward_code="E1", ward_name="W", borough="B")
    b = sc.Report("b", reported_at="2024-02-01T00:30:00+01:00", offence="harassment",
                  ward_code="E1", ward_name="W", borough="B",
                  evidence=[sc.Evidence("e", "email")])
    a.count(c)
    b.count(c)
    a.count(c)
    # a: local month 2024-01 (23:30 at -05:00), twice; b: 2024-02 (its own offset)
    assert sorted(c) == [
        sc.Cell("E1", "W", "B", "STALKING AND HARASSMENT", "Harassment (PHA 1997 s.2)",
                "2024-02", 1),
        sc.Cell("E1", "W", "B", "STALKING AND HARASSMENT", "Stalking (PHA 1997 s.2A)",
                "2024-01", 2)]
    cy = sc.Counts()
    a.count_cyber(cy)
    b.count_cyber(cy)
    assert sorted(cy) == [sc.Cell("E1", "W", "B", "CYBER ELEMENT", "unknown", "2024-01", 1),
                          sc.Cell("E1", "W", "B", "CYBER ELEMENT", "yes", "2024-02", 1)]
    with pytest.raises(sc.DataError, match="offence"):
        sc.Report("x", reported_at="2024-01-01T00:00:00Z").count(c)
    with pytest.raises(sc.DataError, match="reported_at"):
        sc.Report("x").count_cyber(c)


def test_report_low_level():
    r = low.sc_report_new("r-9")
    assert low.sc_report_id(r) == "r-9"
    low.sc_report_set_text(r, low.SC_REPORT_BOROUGH, "Camden")
    assert low.sc_report_get_text(r, low.SC_REPORT_BOROUGH) == "Camden"
    low.sc_report_set_time(r, low.SC_REPORT_REPORTED_AT, "2024-06-01T12:00:00+01:00")
    assert low.sc_report_get_time(r, low.SC_REPORT_REPORTED_AT) == \
        dt.datetime(2024, 6, 1, 11, tzinfo=UTC)
    low.sc_report_set_offence(r, low.SC_OFFENCE_OTHER)
    assert low.sc_report_offence(r) == low.SC_OFFENCE_OTHER
    low.sc_report_set_relationship(r, low.SC_RELATIONSHIP_WORK)
    assert low.sc_report_relationship(r) == low.SC_RELATIONSHIP_WORK
    low.sc_report_set_typology(r, low.SC_TYPOLOGY_PREDATORY)
    assert low.sc_report_typology(r) == low.SC_TYPOLOGY_PREDATORY
    low.sc_report_set_cyber_recorded(r, low.SC_TRISTATE_NO)
    assert low.sc_report_cyber_recorded(r) == low.SC_TRISTATE_NO
    low.sc_report_add_victim(r, "v-1")
    assert low.sc_report_victim_count(r) == 1 and low.sc_report_victim(r, 0) == "v-1"
    assert low.sc_report_victim(r, 1) is None
    e = low.sc_evidence_new("e-1")
    low.sc_report_add_evidence(r, e)
    assert not e.thisown  # the report owns it now
    assert low.sc_report_evidence_count(r) == 1
    assert low.sc_evidence_id(low.sc_report_evidence(r, 0)) == "e-1"
    low.sc_evidence_set_kind(low.sc_report_evidence_mut(r, 0), low.SC_EVIDENCE_EMAIL)
    assert low.sc_report_cyber_element(r) == low.SC_TRISTATE_YES
    assert low.sc_report_evidence(r, 5) is None
    c = low.sc_report_copy(r)
    assert low.sc_report_equal(c, r)
    counts = low.sc_counts_new()
    low.sc_report_count(c, counts)
    low.sc_report_count_cyber(c, counts)
    assert low.sc_counts_size(counts) == 2
    assert low.sc_py_report_month(c) == "2024-06"
    low.sc_report_free(c)
    low.sc_report_free(r)


# ------------------------------------------------------------------------------- casebooks

def small_casebook():
    cb = sc.Casebook()
    cb.add_victim(sc.Victim("v-1", risk="high"))
    cb.add_victim(sc.Victim("v-2"))
    cb.add_report(full_report("r-1"))
    cb.add_report(sc.Report("r-2", reported_at="2024-04-01T00:30:00+01:00",
                            offence="harassment", victims=["v-2"], ward_code="E2",
                            cyber_recorded="no"))
    cb.add_report(sc.Report("r-3", reported_at="2025-01-15T10:00:00Z", offence="stalking",
                            ward_name="St James's", victims=["v-1"]))
    return cb


def test_casebook_access():
    cb = small_casebook()
    assert len(cb) == 3 and cb.victim_count == 2
    assert [r.id for r in cb] == ["r-1", "r-2", "r-3"]
    assert [v.id for v in cb.victims()] == ["v-1", "v-2"]
    assert cb[0].id == "r-1" and cb[-1].id == "r-3"
    with pytest.raises(IndexError):
        cb[3]
    assert cb.report("r-2").offence is sc.Offence.HARASSMENT
    assert cb.victim("v-1").risk is sc.Risk.HIGH
    with pytest.raises(KeyError):
        cb.report("r-9")
    with pytest.raises(KeyError):
        cb.victim("r-1")
    # a view changes the casebook's record
    cb.report("r-2").notes = "changed"
    assert cb[1].notes == "changed"
    assert cb.check() == []
    assert "reports=3" in repr(cb)


def test_casebook_filters():
    cb = small_casebook()
    ids = lambda it: [r.id for r in it]  # noqa: E731
    assert ids(cb.reports(offence="stalking")) == ["r-1", "r-3"]
    assert ids(cb.reports(offence=[sc.Offence.HARASSMENT, "stalking"])) == ["r-1", "r-2", "r-3"]
    assert ids(cb.reports(ward="E05013806")) == ["r-1"]
    assert ids(cb.reports(ward="St James's")) == ["r-1", "r-3"]  # by code or name
    assert ids(cb.reports(cyber=True)) == ["r-1"]
    assert ids(cb.reports(cyber=sc.Tristate.NO)) == ["r-2"]
    assert ids(cb.reports(cyber="unknown")) == ["r-3"]
    # months: r-2's local month is 2024-04 (00:30 at +01:00 is 23:30 UTC on 31 March)
    assert ids(cb.reports(start="2024-04")) == ["r-2", "r-3"]
    assert ids(cb.reports(start="2024-04", end="2024-12")) == ["r-2"]
    assert ids(cb.reports(end=dt.date(2024, 3, 31))) == ["r-1"]
    assert ids(cb.reports(start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 1))) == ["r-2"]
    # instants: r-2 is 2024-03-31T23:30Z
    assert ids(cb.reports(end=dt.datetime(2024, 3, 31, 23, 30, tzinfo=UTC))) == ["r-1", "r-2"]
    assert ids(cb.reports(start=dt.datetime(2024, 3, 31, 23, 31, tzinfo=UTC))) == ["r-3"]
    with pytest.raises(ValueError):
        list(cb.reports(start=dt.datetime(2024, 1, 1)))
    with pytest.raises(sc.DataError):
        list(cb.reports(start="2024-13"))


def test_casebook_check_problems():
    cb = sc.Casebook()
    cb.add_victim(sc.Victim("v-1"))
    cb.add_victim(sc.Victim("v-1"))
    cb.add_report(sc.Report("r-1", offence="stalking", reported_at="2024-01-01T00:00:00Z",
                            first_incident="2024-02-01", victims=["v-9"],
                            evidence=[sc.Evidence("e-1")]))
    cb.add_report(sc.Report("r-2"))
    problems = cb.check()
    # the order of sc_casebook_check: duplicates, then each report (missing fields, date
    # order, unknown victims, evidence without a kind)
    assert [(p.code, p.kind, p.id, p.detail) for p in problems] == [
        (sc.ProblemCode.DUPLICATE_ID, sc.RecordKind.VICTIM, "v-1", None),
        (sc.ProblemCode.DATE_ORDER, sc.RecordKind.REPORT, "r-1", "reported_at"),
        (sc.ProblemCode.UNKNOWN_VICTIM, sc.RecordKind.REPORT, "r-1", "v-9"),
        (sc.ProblemCode.MISSING_FIELD, sc.RecordKind.EVIDENCE, "e-1", "kind"),
        (sc.ProblemCode.MISSING_FIELD, sc.RecordKind.REPORT, "r-2", "reported_at"),
        (sc.ProblemCode.MISSING_FIELD, sc.RecordKind.REPORT, "r-2", "offence"),
    ]
    assert problems[3].report_id == "r-1" and problems[0].report_id is None
    assert all(p.message for p in problems)
    assert low.sc_casebook_check(cb._h) == [
        (p.code, p.kind, p.id, p.report_id, p.detail, p.message) for p in problems]


def test_casebook_count_by_hand():
    cb = small_casebook()
    c = cb.count()
    maj = "STALKING AND HARASSMENT"
    # r-1: E05013806 / St James's / Westminster, stalking, 2024-03; r-2: E2, harassment,
    # 2024-04 (local); r-3: ward name only, stalking, 2025-01
    assert sorted(c) == sorted([
        sc.Cell("E05013806", "St James's", "Westminster", maj, "Stalking (PHA 1997 s.2A)",
                "2024-03", 1),
        sc.Cell("E2", "", "", maj, "Harassment (PHA 1997 s.2)", "2024-04", 1),
        sc.Cell("", "St James's", "", maj, "Stalking (PHA 1997 s.2A)", "2025-01", 1)])
    again = cb.count(c)
    assert again is c and sum(x.count for x in c) == 6
    cy = cb.count_cyber()
    assert sorted((x.minor, x.month) for x in cy) == [
        ("no", "2024-04"), ("unknown", "2025-01"), ("yes", "2024-03")]
    cb.add_report(sc.Report("r-4"))
    before = c.cells()
    with pytest.raises(sc.DataError, match="r-4"):
        cb.count(c)
    assert c.cells() == before  # unchanged on failure


def test_casebook_equality_and_copies():
    a, b = small_casebook(), small_casebook()
    assert a == b
    b.report("r-3").notes = "x"
    assert a != b
    c = a.copy()
    assert c == a
    c.victim("v-2").name = "Someone"
    assert c != a and a.victim("v-2").name is None
    assert a != "casebook"


def test_casebook_low_level():
    cb = low.sc_casebook_new()
    r = low.sc_report_new("r-1")
    low.sc_casebook_add_report(cb, r)
    assert not r.thisown  # the casebook owns it now
    v = low.sc_victim_new("v-1")
    low.sc_casebook_add_victim(cb, v)
    assert not v.thisown
    assert low.sc_casebook_report_count(cb) == 1 and low.sc_casebook_victim_count(cb) == 1
    assert low.sc_report_id(low.sc_casebook_report(cb, 0)) == "r-1"
    assert low.sc_casebook_report(cb, 1) is None
    low.sc_report_set_offence(low.sc_casebook_report_mut(cb, 0), low.SC_OFFENCE_STALKING)
    assert low.sc_victim_id(low.sc_casebook_victim(cb, 0)) == "v-1"
    low.sc_victim_set_risk(low.sc_casebook_victim_mut(cb, 0), low.SC_RISK_HIGH)
    assert low.sc_casebook_find_report(cb, "r-1") == 0
    assert low.sc_casebook_find_victim(cb, "v-1") == 0
    with pytest.raises(sc.NotFoundError):
        low.sc_casebook_find_report(cb, "r-2")
    other = low.sc_casebook_new()
    assert not low.sc_casebook_equal(cb, other)
    counts = low.sc_counts_new()
    with pytest.raises(sc.DataError):
        low.sc_casebook_count(cb, counts)  # r-1 has no reported_at
    low.sc_report_set_time(low.sc_casebook_report_mut(cb, 0), low.SC_REPORT_REPORTED_AT,
                           "2024-01-01T00:00:00Z")
    low.sc_casebook_count(cb, counts)
    low.sc_casebook_count_cyber(cb, counts)
    assert low.sc_counts_size(counts) == 2
    low.sc_casebook_free(cb)
    low.sc_casebook_free(other)


# ------------------------------------------------------------------------------- texts

NASTY = "Zoë Ørsted — “quotes” & <tags> 'ok'\tTab\r\nCRLF 😀 𝄞 \U0010FFFD 中文"


def test_non_ascii_round_trip():
    r = sc.Report("r-ü-😀", notes=NASTY, ward_name="Ynys Môn", offence="other",
                  reported_at="2024-01-01T00:00:00Z")
    assert r.notes == NASTY and r.id == "r-ü-😀"
    cb = sc.Casebook()
    cb.add_report(r)
    back = sc.loads(cb.to_bytes())
    assert back[0].notes == NASTY and back == cb
    assert back.report("r-ü-😀").ward_name == "Ynys Môn"


@pytest.mark.parametrize("make", [
    lambda: sc.Report("a\0b"),
    lambda: sc.Victim("v\0"),
    lambda: sc.Evidence("e\0"),
    lambda: setattr(sc.Report("r"), "notes", "x\0y"),
    lambda: setattr(sc.Victim("v"), "name", "\0"),
    lambda: setattr(sc.Evidence("e"), "platform", "p\0"),
    lambda: sc.Report("r").add_victim("v\0"),
    lambda: sc.Evidence("e").add_custody("2024-01-01T00:00:00Z", "a\0", "b"),
    lambda: sc.Casebook().report("r\0"),
    lambda: low.sc_offence_from_token("stalking\0x"),
])
def test_nul_raises_value_error(make):
    with pytest.raises(ValueError, match="NUL"):
        make()


def test_texts_the_model_refuses():
    r = sc.Report("r")
    with pytest.raises(sc.DataError):
        r.notes = "bell \a"  # a C0 control XML 1.0 cannot carry
    with pytest.raises(sc.DataError):
        r.notes = "\ufffe"
    with pytest.raises(sc.DataError):
        sc.Report("with space\tand tab")  # ids hold no control characters
    assert r.notes is None  # unchanged after a refusal
    with pytest.raises(UnicodeEncodeError):
        r.notes = "lone surrogate \ud800"
    with pytest.raises(TypeError):
        r.notes = 5


def test_help_shows_documentation():
    import pydoc
    text = pydoc.render_doc(sc.Casebook, renderer=pydoc.plaintext)
    assert "add_report" in text and "COPY" in text and "reports that pass every filter" in text
    assert "SENSITIVE" in pydoc.render_doc(sc.Report, renderer=pydoc.plaintext)
    assert sc.Evidence.verify.__doc__ and sc.load.__doc__ and sc.iter_reports.__doc__
    assert "casebook" in low.sc_casebook_new.__doc__.lower()
    assert pathlib.Path(sc.__file__).name == "__init__.py"


_SAMPLE_CASEBOOK = (pathlib.Path(__file__).resolve().parents[2] / "examples" / "data"
                    / "sample-casebook.xml")


def test_strict_flags_and_enums(tmp_path):
    # bool is an int in Python: it must not pass as an enumeration value (True would be
    # HARASSMENT, value 1), and yes/no arguments take only True or False ("no" is truthy).
    with pytest.raises(TypeError):
        sc.Report("r-1", offence=True)
    r = sc.Report("r-1")
    with pytest.raises(TypeError):
        r.relationship = False
    with pytest.raises(ValueError):
        r.offence = 99  # no such offence
    assert r.offence == sc.Offence.NONE
    with pytest.raises(TypeError):
        sc.load(_SAMPLE_CASEBOOK, check="no")
    with pytest.raises(TypeError):
        sc.load(_SAMPLE_CASEBOOK, validate=2)
    with pytest.raises(TypeError):
        sc.Casebook().to_bytes(gzip="yes")
    e = sc.Evidence("e-1")
    with pytest.raises(ValueError):
        e.set_digest(bytes(32), -1)
    with pytest.raises(ValueError):
        e.set_digest(bytes(32), 1 << 64)
    with pytest.raises(TypeError):
        e.set_digest(bytes(32), True)
    assert e.digest is None
