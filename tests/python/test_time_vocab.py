"""Times (time.h) and the model's vocabularies (vocab.h).

Expected values: times are worked out with Python's own datetime module (fromisoformat,
timestamp arithmetic, strftime), which shares no code with the library; tokens, labels and the
digital kinds are copied by hand from the lists written in include/stalkcase/vocab.h (they are
the file format).
"""
import datetime as dt
import random

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low

UTC = dt.timezone.utc


def tz(minutes):
    return dt.timezone(dt.timedelta(minutes=minutes))


def iso(d):
    """A datetime written by hand: strftime for the fields, the offset from utcoffset()."""
    off = int(d.utcoffset().total_seconds() // 60)
    sign = "-" if off < 0 else "+"
    return d.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"


# ------------------------------------------------------------------------------- times

def test_parse_time_keeps_the_offset():
    t = sc.parse_time("2024-03-01T10:00:00+01:00")
    assert t == dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=tz(60))
    assert t.utcoffset() == dt.timedelta(hours=1)
    assert (t.hour, t.tzinfo) == (10, tz(60))  # the wall-clock time as written
    # "Z" is timezone.utc; "+00:00" a zero offset of that name, so both write back as read
    z = sc.parse_time("2024-03-01T10:00:00Z")
    assert z.tzinfo is UTC
    plus0 = sc.parse_time("2024-03-01T10:00:00+00:00")
    assert plus0.tzname() == "+00:00" and plus0.utcoffset() == dt.timedelta(0)
    assert z == plus0  # the same instant
    neg = sc.parse_time("1969-12-31T23:59:59-05:30")
    assert neg == dt.datetime.fromisoformat("1969-12-31T23:59:59-05:30")
    assert neg.timestamp() == -1 + 5 * 3600 + 30 * 60
    d = sc.parse_time("2024-02-29")
    assert type(d) is dt.date and d == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text", [
    "2024-03-01T10:00:00+01:00", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00",
    "2024-03-01", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
    "2000-02-29T12:34:56-00:01", "1900-01-01",
])
def test_text_round_trips(text):
    assert sc.format_time(sc.parse_time(text)) == text
    assert low.sc_time_format(low.sc_time_parse(text, low.SC_TIME_ACCEPT_DATE |
                                                 low.SC_TIME_ACCEPT_DATETIME)) == text
    # Python reads the same value (3.11 fromisoformat accepts each of these forms)
    ref = (dt.date.fromisoformat(text) if len(text) == 10
           else dt.datetime.fromisoformat(text))
    assert sc.parse_time(text) == ref


def test_random_datetimes_round_trip():
    rnd = random.Random(20240301)
    for _ in range(500):
        off = rnd.randint(-1439, 1439)
        secs = rnd.randint(-2_000_000_000, 4_000_000_000)
        d = dt.datetime.fromtimestamp(secs, tz=tz(off))
        text = iso(d)
        if off == 0:
            text = text[:-6] + "Z"  # timezone(timedelta(0)) is timezone.utc, written "Z"
        assert sc.format_time(d) == text
        back = sc.parse_time(text)
        assert back == d and back.utcoffset() == d.utcoffset()
        assert (back.year, back.month, back.day, back.hour, back.minute, back.second) == \
            (d.year, d.month, d.day, d.hour, d.minute, d.second)
        # sc_time_from_utc builds the same value from the instant and the offset
        assert low.sc_time_from_utc(secs, off) == d
        assert low.sc_time_local_date(d) == [d.year, d.month, d.day]
        assert low.sc_time_month(d) == d.year * 12 + d.month - 1


def test_other_time_functions():
    a = sc.parse_time("2024-03-01T14:30:00+01:00")
    b = sc.parse_time("2024-03-01T13:30:00Z")
    assert low.sc_time_compare(a, b) == 0 and not low.sc_time_equal(a, b)
    assert low.sc_time_equal(a, "2024-03-01T14:30:00+01:00")
    assert low.sc_time_equal(None, None)
    assert low.sc_time_compare("2024-03-01", a) == 0  # same local date
    assert low.sc_time_compare("2024-02-29", a) == -1
    assert low.sc_time_compare(a, "2024-03-01T13:29:59Z") == 1
    assert low.sc_time_valid(a) and low.sc_time_valid(dt.date(2024, 1, 1))
    assert not low.sc_time_valid(None)
    assert low.sc_time_from_date(2024, 2, 29) == dt.date(2024, 2, 29)
    with pytest.raises(sc.InvalidArgumentError):
        low.sc_time_from_date(2023, 2, 29)
    with pytest.raises(sc.InvalidArgumentError):
        low.sc_time_from_utc(0, 1440)
    # the local date decides the month: 23:30 -05:00 on 31 January is February in UTC
    late = sc.parse_time("2024-01-31T23:30:00-05:00")
    assert low.sc_time_month(late) == 2024 * 12 + 0
    assert low.sc_time_local_date(late) == [2024, 1, 31]
    assert sc.format_time(dt.datetime(2024, 1, 1, tzinfo=UTC)) == "2024-01-01T00:00:00Z"
    assert sc.format_time(dt.date(2024, 1, 1)) == "2024-01-01"


@pytest.mark.parametrize("text", [
    "2023-02-29", "2024-13-01", "2024-03-01T10:00:00", "2024-03-01T10:00:00.5Z",
    "2024-03-01t10:00:00z", "2024-03-01T24:00:00Z", "2024-03-01T10:00:00-00:00",
    " 2024-03-01", "2024-3-1", "",
])
def test_bad_texts(text):
    with pytest.raises(sc.DataError) as info:
        sc.parse_time(text)
    assert isinstance(info.value, ValueError)


def test_bad_python_values():
    with pytest.raises(ValueError, match="naive"):
        sc.format_time(dt.datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="second"):
        sc.format_time(dt.datetime(2024, 1, 1, 0, 0, 0, 5, tzinfo=UTC))
    with pytest.raises(ValueError, match="minutes"):
        sc.format_time(dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=30))))
    with pytest.raises(ValueError, match="embedded NUL"):
        sc.parse_time("2024-01-01\0")
    with pytest.raises(TypeError):
        sc.format_time(20240101)
    with pytest.raises(TypeError):
        low.sc_time_format(3.5)


# ------------------------------------------------------------------------------- vocabularies

# Copied by hand from vocab.h.
TOKENS = {
    sc.Offence: ["harassment", "fear-of-violence", "stalking", "stalking-fear-alarm-distress",
                 "malicious-communications", "other"],
    sc.Relationship: ["ex-intimate-partner", "acquaintance", "stranger", "family-member",
                      "work", "unknown"],
    sc.Typology: ["rejected", "resentful", "intimacy-seeking", "incompetent-suitor",
                  "predatory"],
    sc.EvidenceKind: ["text-message", "messaging-app", "email", "social-media", "phone-call",
                      "gps-tracker", "spyware", "account-compromise", "impersonation",
                      "image-based-abuse", "doxxing", "smart-device", "other"],
    sc.Risk: ["standard", "medium", "high", "unknown"],
    sc.Channel: ["police", "helpline", "advocate", "other"],
    sc.Tristate: ["yes", "no", "unknown"],
}

LOW = {
    sc.Offence: (low.sc_offence_to_token, low.sc_offence_from_token),
    sc.Relationship: (low.sc_relationship_to_token, low.sc_relationship_from_token),
    sc.Typology: (low.sc_typology_to_token, low.sc_typology_from_token),
    sc.EvidenceKind: (low.sc_evidence_kind_to_token, low.sc_evidence_kind_from_token),
    sc.Risk: (low.sc_risk_to_token, low.sc_risk_from_token),
    sc.Channel: (low.sc_channel_to_token, low.sc_channel_from_token),
    sc.Tristate: (low.sc_tristate_to_token, low.sc_tristate_from_token),
}


@pytest.mark.parametrize("cls", list(TOKENS))
def test_vocabulary(cls, ):
    tokens = TOKENS[cls]
    assert [m.value for m in cls] == list(range(len(tokens) + 1))  # NONE = 0, then in order
    assert cls.NONE == 0 and not cls.NONE and cls.NONE.token is None
    to_token, from_token = LOW[cls]
    assert to_token(0) is None and to_token(len(tokens) + 1) is None
    for value, token in enumerate(tokens, start=1):
        m = cls(value)
        assert m.token == token == to_token(value) == str(m)
        assert cls.from_token(token) is m and from_token(token) == value
        assert cls._arg(token) is m and cls._arg(value) is m
    with pytest.raises(sc.DataError):
        cls.from_token(tokens[0].upper())  # case-sensitive
    with pytest.raises(sc.DataError):
        from_token("no-such-token")
    with pytest.raises(ValueError):
        cls.from_token("a\0b")


def test_offence_labels_and_digital_kinds():
    # labels copied from vocab.h
    assert [o.label for o in sc.Offence] == [
        None, "Harassment (PHA 1997 s.2)", "Fear of violence (PHA 1997 s.4)",
        "Stalking (PHA 1997 s.2A)",
        "Stalking with fear of violence or serious alarm or distress (PHA 1997 s.4A)",
        "Malicious communications (MCA 1988)", "Other offence"]
    assert low.sc_offence_label(3) == "Stalking (PHA 1997 s.2A)"
    assert low.sc_offence_label(99) is None
    # every kind but NONE and OTHER is digital
    digital = [k for k in sc.EvidenceKind if k.is_digital]
    assert digital == [k for k in sc.EvidenceKind if k not in (sc.EvidenceKind.NONE,
                                                              sc.EvidenceKind.OTHER)]
    assert low.sc_evidence_kind_is_digital(5) is True
    assert low.sc_evidence_kind_is_digital(13) is False
    assert low.sc_evidence_kind_is_digital(99) is False


def test_vocabularies_do_not_mix():
    with pytest.raises(TypeError):
        sc.Offence._arg(sc.Risk.HIGH)
    with pytest.raises(ValueError):
        sc.Risk._arg(17)
