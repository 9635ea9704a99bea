"""Lifetimes of case records: whatever order Python collects things in, nothing dangles and
nothing is freed twice. A view (a casebook's report or victim, a report's evidence item) keeps
its parent alive; adding copies; a streaming generator abandoned half-way stops its reader
thread and frees what it held. Run under valgrind by `make check-valgrind`, where an invalid
read or a leak fails the suite.

Expected values: field values are the ones the tests set; the sample's ids and counts are
read with xml.etree.ElementTree.
"""
import gc
import os
import random
import threading
import weakref
import xml.etree.ElementTree as ET

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low
from gen_casebook import NS, write_casebook

from conftest import SRCDIR

SAMPLE = SRCDIR / "examples" / "data" / "sample-casebook.xml"
Q = "{" + NS + "}"
SAMPLE_IDS = [r.get("id") for r in ET.parse(SAMPLE).getroot().iter(Q + "report")]


def threads():
    """Threads of this process, the C reader threads included (/proc/self/task)."""
    return len(os.listdir("/proc/self/task"))


def casebook():
    cb = sc.Casebook()
    cb.add_victim(sc.Victim("v-1", name="Victim One"))
    r = sc.Report("r-1", notes="first", offence="stalking",
                  reported_at="2024-03-01T10:00:00+01:00", victims=["v-1"])
    r.add_evidence(sc.Evidence("e-1", "email", description="threat", custody=[
        ("2024-03-01T11:00:00Z", "PC 1", "captured", "bag 1")]))
    cb.add_report(r)
    return cb


def test_casebook_deleted_before_its_views():
    cb = casebook()
    ref = weakref.ref(cb)
    report = cb.report("r-1")
    victim = cb.victim("v-1")
    evidence = cb[0].evidence[0]
    del cb
    gc.collect()
    assert ref() is not None  # the views keep it alive
    assert report.notes == "first" and victim.name == "Victim One"
    assert evidence.description == "threat" and evidence.custody[0].note == "bag 1"
    report.notes = "changed through a view"
    assert ref()[0].notes == "changed through a view"
    del report, victim
    gc.collect()
    assert ref() is not None  # the evidence view keeps its report view, which keeps the book
    assert evidence.kind is sc.EvidenceKind.EMAIL
    del evidence
    gc.collect()
    assert ref() is None


def test_report_deleted_before_its_evidence():
    r = sc.Report("r", evidence=[sc.Evidence("e-1", "spyware"), sc.Evidence("e-2", "other")])
    items = r.evidence
    rref = weakref.ref(r)
    del r
    gc.collect()
    assert rref() is not None
    assert [e.id for e in items] == ["e-1", "e-2"]
    items[1].platform = "Post"
    assert rref().evidence[1].platform == "Post"
    del items
    gc.collect()
    assert rref() is None


def test_copies_between_casebooks():
    a = sc.load(SAMPLE)
    b = sc.Casebook()
    for v in a.victims():
        b.add_victim(v)
    views = [b.add_report(r) for r in a]
    original = sc.load(SAMPLE)
    del a
    gc.collect()
    assert b == original and [r.id for r in views] == SAMPLE_IDS
    # a record copied from one casebook to another is independent of the first
    c = sc.Casebook()
    moved = c.add_report(b.report("r-001"))
    moved.notes = "only in c"
    moved.evidence[0].platform = "only in c"
    assert b.report("r-001").notes != "only in c"
    assert b.report("r-001").evidence[0].platform != "only in c"
    del b
    gc.collect()
    assert c[0].notes == "only in c" and len(views) == 50 and views[49].id == "r-050"
    del views
    gc.collect()


def test_argument_stays_independent_after_adding():
    cb = sc.Casebook()
    r = sc.Report("r-1", notes="mine")
    view = cb.add_report(r)
    r.notes = "still mine"
    assert view.notes == "mine"
    del cb, view
    gc.collect()
    assert r.notes == "still mine"  # the caller's record was never taken
    cb2 = sc.Casebook()
    cb2.add_report(r)
    cb2.add_report(r)  # twice: two copies (duplicate ids are for check() to report)
    assert len(cb2) == 2 and cb2.check()[0].code == sc.ProblemCode.DUPLICATE_ID


def test_iterated_reports_outlive_the_generator():
    gen = sc.iter_reports(SAMPLE)
    kept = [next(gen) for _ in range(3)]
    gen.close()
    gc.collect()
    assert [r.id for r in kept] == SAMPLE_IDS[:3]
    kept[0].notes = "mine now"
    assert kept[0].notes == "mine now" and kept[1].evidence[0].id == "e-002"
    with pytest.raises(StopIteration):
        next(gen)


def test_generator_abandoned_half_way(tmp_path):
    path = tmp_path / "big.xml"
    write_casebook(path, 5000, seed=5)
    base = threads()
    gen = sc.iter_reports(path, validate=False)
    first = [next(gen) for _ in range(300)]  # more than one batch; the reader runs ahead
    assert threads() == base + 1
    del gen  # dropped, not closed: collection stops the reader
    gc.collect()
    assert threads() == base
    assert first[299].id == "r-0000300"
    # closed explicitly in the middle of a batch, and by a break in a for loop
    gen = sc.iter_records(path)
    for _ in range(10):
        next(gen)
    gen.close()
    assert threads() == base
    for n, r in enumerate(sc.iter_reports(path)):
        if n == 1000:
            break
    gc.collect()
    assert threads() == base
    # made and never started, or started and failed: no thread is left either
    unused = sc.iter_reports(path)
    del unused
    with pytest.raises(sc.OSError):
        next(sc.iter_reports(tmp_path / "missing.xml"))
    gc.collect()
    assert threads() == base


def test_low_level_stream_object():
    base = threads()
    s = low.sc_py_stream_open(("path", SAMPLE), None, 0)
    batch = low.sc_py_stream_next(s)
    assert [low.sc_report_id(h) for h in batch] == SAMPLE_IDS
    assert low.sc_py_stream_next(s) == [] and low.sc_py_stream_next(s) == []
    low.sc_py_stream_close(s)
    low.sc_py_stream_close(s)  # idempotent
    assert low.sc_py_stream_next(s) == []
    del s
    s = low.sc_py_stream_open(("data", SAMPLE.read_bytes(), "mem"), None, 1)
    kinds = [k for k, _ in low.sc_py_stream_next(s)]
    assert kinds == [low.SC_RECORD_VICTIM] * 20 + [low.SC_RECORD_REPORT] * 50
    del s, kinds, batch
    gc.collect()
    assert threads() == base
    with pytest.raises(TypeError):
        low.sc_py_stream_open("not a tuple", None, 0)


def test_reader_blocked_on_a_full_queue_is_stopped(tmp_path):
    # 5000 reports fill the queue (4 batches of 256) while nobody reads: the worker waits;
    # collecting the generator must wake it, stop it and free the queued reports.
    path = tmp_path / "q.xml"
    write_casebook(path, 5000, seed=9)
    base = threads()
    gen = sc.iter_reports(path, validate=False)
    next(gen)
    for _ in range(50):  # give the worker time to fill the queue
        if threads() == base + 1:
            break
    del gen
    gc.collect()
    assert threads() == base


def test_many_objects_in_random_order(tmp_path):
    rnd = random.Random(11)
    objs = []
    for i in range(20):
        cb = casebook()
        r = cb[0]
        objs += [cb, r, r.evidence[0], cb.victim("v-1"), r.copy(), cb.count(),
                 sc.iter_reports(SAMPLE)]
        gen = sc.iter_reports(SAMPLE)
        objs += [gen, next(gen)]
    rnd.shuffle(objs)
    while objs:
        o = objs.pop()
        if isinstance(o, sc.Report):
            assert o.id  # still readable whatever went before
        if len(objs) % 13 == 0:
            gc.collect()
    gc.collect()


def test_cycles_with_records_are_collected():
    cb = casebook()
    holder = [cb, cb[0], cb[0].evidence[0]]
    holder.append(holder)
    ref = weakref.ref(cb)
    del cb, holder
    gc.collect()
    assert ref() is None


def test_threads_share_a_casebook():
    # writers (setters, add_report) and readers without the GIL (to_bytes, count, ==) on the
    # same casebook from several threads: serialised by its lock, never a torn record
    cb = sc.load(SAMPLE)
    errors = []
    stop = threading.Event()

    def writer():
        try:
            n = 0
            while not stop.is_set() and n < 200:
                r = cb[n % 50]
                r.notes = f"note {n} " + "x" * (n % 97)
                for e in r.evidence:
                    e.description = f"d{n}"
                if n % 20 == 0:
                    cb.add_report(sc.Report(f"extra-{n}", offence="other",
                                            reported_at="2024-01-01T00:00:00Z"))
                n += 1
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    def reader():
        try:
            for _ in range(30):
                doc = cb.to_bytes()
                assert doc.startswith(b"<?xml")
                cb.count()
                assert cb == cb
        except Exception as e:  # pragma: no cover
            errors.append(e)

    ts = [threading.Thread(target=writer), threading.Thread(target=reader),
          threading.Thread(target=reader)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    stop.set()
    assert errors == []
    assert len(cb) == 60 and sc.loads(cb.to_bytes(), check=False) == cb


def test_streams_in_parallel_threads(tmp_path):
    path = tmp_path / "p.xml"
    expected = write_casebook(path, 3000, seed=13)
    results = []

    def run():
        got = {}
        for r in sc.iter_reports(path):
            got[(r.ward_code, r.month)] = got.get((r.ward_code, r.month), 0) + 1
        results.append(got)

    ts = [threading.Thread(target=run) for _ in range(3)]
    for t in ts:
        t.start()
    c = sc.count_file(path)  # the main thread counts meanwhile, in C without the GIL
    for t in ts:
        t.join()
    assert results == [expected] * 3 and sum(x.count for x in c) == 3000
