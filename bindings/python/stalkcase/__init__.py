"""libstalkcase for Python: crime count tables, the Met ward-level CSV import, statistics with
confidence intervals, monthly series, counting-rule breaks, population rates and SVG charts.

Months are "YYYY-MM" strings (``datetime.date`` objects are accepted too). Every failure of the
library raises a :class:`stalkcase.Error` subclass; nothing returns a status code.

>>> import stalkcase
>>> c = stalkcase.Counts()
>>> c.add("E05013806", "St James's", "Westminster", "VIOLENCE AGAINST THE PERSON",
...       "STALKING AND HARASSMENT", "2025-01", 31)
>>> [tuple(r) for r in c.totals(by="month")]
[('2025-01', 31)]
>>> stalkcase.proportion(22676, 22676).low > 0.9998
True

The C functions themselves are in :mod:`stalkcase.stalkcase_swig` under their C names, with
the documentation of the C headers.
"""

import builtins as _builtins
import datetime as _datetime
import enum as _enum
import os as _os
import threading as _threading
from typing import NamedTuple as _NamedTuple, Optional as _Optional, Tuple as _Tuple

from . import stalkcase_swig as _c

__all__ = [
    "__version__", "version_hex", "strerror", "Status", "Method", "Group",
    "Error", "InvalidArgumentError", "NoMemoryError", "OSError", "ParseError", "DataError",
    "OverflowError", "LimitError", "NotFoundError", "CallbackError",
    "make_month", "parse_month", "month_valid",
    "Cell", "MonthTotal", "BoroughTotal", "WardTotal", "CategoryTotal", "ImportInfo",
    "Counts", "Totals", "read_mps", "read_mps_bytes",
    "Interval", "proportion", "poisson", "rate_ratio", "rate_difference",
    "normal_quantile", "beta_quantile", "gamma_quantile",
    "Break", "Breaks", "Series", "Change", "SeriesSum", "Period", "Comparison",
    "AreaPopulation", "RateRow", "Population", "Rates", "read_population",
    "read_population_bytes", "Chart",
]

__version__ = _c.sc_version()
#: The library's version as 0xMMmmpp.
version_hex = _c.sc_version_hex()


def strerror(code):
    """Short English description of a status code ("invalid argument", ...)."""
    return _c.sc_strerror(int(code))


class Status(_enum.IntEnum):
    """The library's status codes (enum sc_status)."""
    OK = _c.SC_OK
    EINVAL = _c.SC_EINVAL
    ENOMEM = _c.SC_ENOMEM
    EIO = _c.SC_EIO
    EPARSE = _c.SC_EPARSE
    EDATA = _c.SC_EDATA
    EOVERFLOW = _c.SC_EOVERFLOW
    ELIMIT = _c.SC_ELIMIT
    ENOTFOUND = _c.SC_ENOTFOUND
    EUSER = _c.SC_EUSER


class Method(_enum.IntEnum):
    """How an interval is computed (enum sc_method); str(m) is the library's name."""
    WILSON = _c.SC_METHOD_WILSON
    CLOPPER_PEARSON = _c.SC_METHOD_CLOPPER_PEARSON
    POISSON_EXACT = _c.SC_METHOD_POISSON_EXACT
    LOG_WALD = _c.SC_METHOD_LOG_WALD
    EXACT_CONDITIONAL = _c.SC_METHOD_EXACT_CONDITIONAL
    WALD = _c.SC_METHOD_WALD

    def __str__(self):
        return _c.sc_method_name(int(self))


class Group(_enum.IntEnum):
    """How totals are grouped (enum sc_group)."""
    MONTH = _c.SC_GROUP_MONTH
    BOROUGH = _c.SC_GROUP_BOROUGH
    WARD = _c.SC_GROUP_WARD
    CATEGORY = _c.SC_GROUP_CATEGORY


# ------------------------------------------------------------------------------- errors

class Error(Exception):
    """A libstalkcase failure.

    Attributes: ``code`` (a :class:`Status`), ``source`` (the input's name, "" if none),
    ``line`` and ``column`` (1-based, 0 when they do not apply), ``message`` (what went wrong,
    without the location) and ``sys_errno`` (errno for I/O failures, else 0). ``str(e)`` is
    "SOURCE:LINE:COLUMN: MESSAGE" as the library formats it.
    """

    def __init__(self, code=Status.EUSER, sys_errno=0, source="", line=0, column=0,
                 message="", text=None):
        if text is None:
            text = message or strerror(code)
        super().__init__(text)
        self._init_fields(code, sys_errno, source, line, column, message, text)

    def _init_fields(self, code, sys_errno, source, line, column, message, text):
        try:
            self.code = Status(code)
        except ValueError:
            self.code = code
        self.sys_errno = sys_errno
        self.source = source
        self.line = line
        self.column = column
        self.message = message
        self.text = text

    def __str__(self):
        return self.text


class InvalidArgumentError(Error, ValueError):
    """SC_EINVAL: an argument is invalid (out of range, of the wrong kind)."""


class NoMemoryError(Error, MemoryError):
    """SC_ENOMEM: memory could not be allocated."""


class OSError(Error, _builtins.OSError):
    """SC_EIO: reading or writing a file failed. ``errno``/``sys_errno`` say why,
    ``filename``/``source`` name the file."""

    def __init__(self, code=Status.EIO, sys_errno=0, source="", line=0, column=0,
                 message="", text=None):
        if text is None:
            text = message or strerror(code)
        _builtins.OSError.__init__(self, sys_errno, message or text, source or None)
        self._init_fields(code, sys_errno, source, line, column, message, text)

    def __str__(self):
        return self.text


class ParseError(Error):
    """SC_EPARSE: input is not well-formed (CSV syntax, text encoding). ``source``, ``line``
    and ``column`` locate it."""


class DataError(ParseError, ValueError):
    """SC_EDATA: input is well-formed but its content is invalid (a bad count, a missing
    column, an invalid month), or the data cannot give the result asked for."""


class OverflowError(Error, _builtins.OverflowError):
    """SC_EOVERFLOW: a count or result would leave its range (2^64 - 1 for counts)."""


class LimitError(Error):
    """SC_ELIMIT: input exceeds a documented size limit."""


class NotFoundError(Error, LookupError):
    """SC_ENOTFOUND: the requested item does not exist."""


class CallbackError(Error):
    """SC_EUSER: a callback asked to stop with an error."""


_ERROR_CLASSES = {
    _c.SC_EINVAL: InvalidArgumentError,
    _c.SC_ENOMEM: NoMemoryError,
    _c.SC_EIO: OSError,
    _c.SC_EPARSE: ParseError,
    _c.SC_EDATA: DataError,
    _c.SC_EOVERFLOW: OverflowError,
    _c.SC_ELIMIT: LimitError,
    _c.SC_ENOTFOUND: NotFoundError,
    _c.SC_EUSER: CallbackError,
}


def _make_error(code, sys_errno, source, line, column, message, text):
    cls = _ERROR_CLASSES.get(code, Error)
    return cls(code, sys_errno, source, line, column, message, text)


_c.sc_py_set_error_factory(_make_error)


# ------------------------------------------------------------------------------- months

#: SC_MONTH_NONE ("no month"; SWIG does not evaluate the cast in its definition).
_MONTH_NONE = -1


def _month(value, what="month"):
    """A month argument ("YYYY-MM", a date, or None) as the library's integer."""
    if value is None:
        return _MONTH_NONE
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return _c.sc_month_make(value.year, value.month)
    if isinstance(value, str):
        return _c.sc_month_parse(value)
    raise TypeError(f"{what} must be 'YYYY-MM', a date or None, not {type(value).__name__}")


def _month_str(m):
    if m is None or not _c.sc_month_valid(m):
        return None
    return _c.sc_month_format(m)


def make_month(year, month):
    """The month "YYYY-MM" of a year (1-9999) and a month number (1-12)."""
    return _month_str(_c.sc_month_make(year, month))


def parse_month(text):
    """(year, month) of a month written exactly "YYYY-MM"; DataError otherwise."""
    m = _c.sc_month_parse(text)
    return _c.sc_month_year(m), _c.sc_month_number(m)


def month_valid(text):
    """True when text is a valid "YYYY-MM" month."""
    try:
        return _c.sc_month_valid(_c.sc_month_parse(text))
    except DataError:
        return False


# ------------------------------------------------------------------------------- rows

class Cell(_NamedTuple):
    """One cell of a count table."""
    ward_code: str
    ward_name: str
    borough: str
    major: str
    minor: str
    month: str
    count: int


class MonthTotal(_NamedTuple):
    month: str
    count: int


class BoroughTotal(_NamedTuple):
    borough: str
    count: int


class WardTotal(_NamedTuple):
    ward_code: str
    ward_name: str
    borough: str
    count: int


class CategoryTotal(_NamedTuple):
    major: str
    minor: str
    count: int


class ImportInfo(_NamedTuple):
    """What an import read."""
    rows: int
    month_columns: int
    first_month: str
    last_month: str


def _total_row(group, t):
    ward_code, ward_name, borough, major, minor, month, count = t
    if group == Group.MONTH:
        return MonthTotal(month, count)
    if group == Group.BOROUGH:
        return BoroughTotal(borough, count)
    if group == Group.WARD:
        return WardTotal(ward_code, ward_name, borough, count)
    return CategoryTotal(major, minor, count)


_GROUPS = {"month": Group.MONTH, "borough": Group.BOROUGH, "ward": Group.WARD,
           "category": Group.CATEGORY}


def _group(by):
    if isinstance(by, str):
        try:
            return _GROUPS[by]
        except KeyError:
            raise ValueError(f"by must be one of {sorted(_GROUPS)}, not {by!r}") from None
    return Group(by)


# ------------------------------------------------------------------------------- counts

class Counts:
    """A table of counts keyed by (area, category, month), with its coverage.

    ``Counts()`` is empty; :func:`read_mps` reads the Met's ward-level CSV. Iterating gives
    every non-zero cell as a :class:`Cell`; ``len()`` is the number of such cells; ``==``
    compares cells and coverage. A table is safe to use from several threads: the methods
    serialise on a per-table lock.
    """

    __slots__ = ("_h", "_lock", "info", "__weakref__")
    __hash__ = None

    def __init__(self):
        self._h = _c.sc_counts_new()
        self._lock = _threading.RLock()
        #: ImportInfo of the file the table was read from, or None.
        self.info = None

    @classmethod
    def _wrap(cls, handle, info=None):
        self = cls.__new__(cls)
        self._h = handle
        self._lock = _threading.RLock()
        self.info = info
        return self

    def add(self, ward_code, ward_name, borough, major, minor, month, n=1):
        """Adds n to the cell (area, category, month) and covers the month."""
        m = _month(month)
        with self._lock:
            _c.sc_counts_add(self._h, ward_code, ward_name, borough, major, minor, m, n)

    def get(self, ward_code, ward_name, borough, major, minor, month):
        """The count of one cell (0 when absent). The category matches case-insensitively."""
        m = _month(month)
        with self._lock:
            return _c.sc_counts_get(self._h, ward_code, ward_name, borough, major, minor, m)

    def has_category(self, category):
        """True when some category's major or minor text equals category (case-insensitive)."""
        with self._lock:
            return _c.sc_counts_has_category(self._h, category)

    def cover(self, first, last):
        """Covers every month first..last without adding counts."""
        a, b = _month(first), _month(last)
        with self._lock:
            _c.sc_counts_cover(self._h, a, b)

    def covers(self, month):
        """True when the table covers the month."""
        m = _month(month)
        with self._lock:
            return _c.sc_counts_covers(self._h, m)

    @property
    def coverage(self):
        """(first, last) covered months, or None when no month is covered."""
        with self._lock:
            try:
                first, last = _c.sc_counts_coverage(self._h)
            except NotFoundError:
                return None
        return _month_str(first), _month_str(last)

    def __len__(self):
        with self._lock:
            return _c.sc_counts_size(self._h)

    def cells(self):
        """Every non-zero cell as a list of :class:`Cell`, in the library's stable order."""
        with self._lock:
            raw = _c.sc_py_counts_cells(self._h)
        return [Cell._make(t) for t in raw]

    def __iter__(self):
        return iter(self.cells())

    def to_dicts(self):
        """The cells as a list of dicts."""
        return [c._asdict() for c in self.cells()]

    def merge(self, other):
        """Adds every cell and the coverage of other to this table (all or nothing)."""
        if not isinstance(other, Counts):
            raise TypeError("merge needs a Counts")
        first, second = sorted((self, other), key=id)
        with first._lock, second._lock:
            _c.sc_counts_merge(self._h, other._h)

    def __eq__(self, other):
        if not isinstance(other, Counts):
            return NotImplemented
        first, second = sorted((self, other), key=id)
        with first._lock, second._lock:
            return _c.sc_counts_equal(self._h, other._h)

    def totals(self, by="month", category=None, start=None, end=None):
        """Sums of the cells that pass a filter, grouped ``by`` "month", "borough", "ward" or
        "category" (see sc_counts_totals for the rows and their order). ``category`` matches
        minor or major texts case-insensitively; ``start``/``end`` bound the months."""
        g = _group(by)
        flt = None
        if category is not None or start is not None or end is not None:
            flt = (_month(start, "start"), _month(end, "end"), category)
        with self._lock:
            return Totals(_c.sc_counts_totals(self._h, int(g), flt))

    def series(self, start=None, end=None, ward_codes=(), boroughs=(), categories=(),
               breaks=None):
        """The monthly :class:`Series` of the cells that pass a filter (sc_series_new).
        ``breaks`` is a :class:`Breaks` table to flag, None for the built-in England and Wales
        table."""
        return Series(self, start, end, ward_codes, boroughs, categories, breaks)

    def __repr__(self):
        return f"<stalkcase.Counts cells={len(self)} coverage={self.coverage}>"


class Totals:
    """Grouped totals: a sequence of named tuples (MonthTotal, BoroughTotal, WardTotal or
    CategoryTotal by grouping). They are a copy: they stay valid after the table is gone."""

    __slots__ = ("_h", "by", "__weakref__")

    def __init__(self, handle):
        self._h = handle
        self.by = Group(_c.sc_totals_group(handle))

    def __len__(self):
        return _c.sc_totals_size(self._h)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("totals index out of range")
        return _total_row(self.by, _c.sc_totals_get(self._h, i))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    @property
    def sum(self):
        """The sum of all rows' counts."""
        return _c.sc_totals_sum(self._h)

    def to_dicts(self):
        """The rows as a list of dicts."""
        return [r._asdict() for r in self]

    def rates(self, population, per=1000.0, level=0.95):
        """Rates per ``per`` residents of these totals (grouped by borough or ward)."""
        return population.rates(self, per=per, level=level)

    def __repr__(self):
        return f"<stalkcase.Totals by={self.by.name.lower()} rows={len(self)} sum={self.sum}>"


def read_mps(path):
    """Reads a Met "MPS Ward Level Crime" CSV file (str, bytes or os.PathLike) into a new
    :class:`Counts`; its ``info`` says what was read. The GIL is released while reading."""
    handle, info = _c.sc_mps_read_path(path)
    return Counts._wrap(handle, _import_info(info))


def read_mps_bytes(data, source="<bytes>"):
    """As :func:`read_mps`, from bytes-like data held in memory; ``source`` names it in
    errors."""
    handle, info = _c.sc_mps_read_buffer(data, source)
    return Counts._wrap(handle, _import_info(info))


def _import_info(t):
    rows, cols, first, last = t
    return ImportInfo(rows, cols, _month_str(first), _month_str(last))


# ------------------------------------------------------------------------------- statistics

class Interval(_NamedTuple):
    """An estimate with its confidence interval (immutable). ``method`` is the library's name
    ("wilson", "poisson-exact", ...); ``breaks`` the counting-rule breaks the figure spans."""
    estimate: float
    low: float
    high: float
    level: float
    method: str
    breaks: tuple = ()


def _interval(t, breaks=()):
    estimate, low, high, level, method = t
    return Interval(estimate, low, high, level, _c.sc_method_name(method), tuple(breaks))


def _method(method, allowed):
    if isinstance(method, str):
        for m in allowed:
            if str(m) == method:
                return int(m)
        names = ", ".join(repr(str(m)) for m in allowed)
        raise ValueError(f"method must be one of {names}, not {method!r}")
    m = Method(method)
    if m not in allowed:
        raise ValueError(f"method {m} does not apply here")
    return int(m)


def proportion(k, n, level=0.95, method="wilson"):
    """Interval for the proportion k/n: method "wilson" or "clopper-pearson"."""
    m = _method(method, (Method.WILSON, Method.CLOPPER_PEARSON))
    return _interval(_c.sc_proportion_interval(k, n, level, m))


def poisson(k, exposure, level=0.95):
    """Exact (Garwood) interval for the Poisson rate k / exposure."""
    return _interval(_c.sc_poisson_interval(k, exposure, level))


def rate_ratio(k1, t1, k2, t2, level=0.95, method="log-wald"):
    """Interval for the rate ratio (k2/t2) / (k1/t1): "log-wald" or "exact-conditional"."""
    m = _method(method, (Method.LOG_WALD, Method.EXACT_CONDITIONAL))
    return _interval(_c.sc_rate_ratio_interval(k1, t1, k2, t2, level, m))


def rate_difference(k1, t1, k2, t2, level=0.95):
    """Wald interval for the rate difference k2/t2 - k1/t1."""
    return _interval(_c.sc_rate_difference_interval(k1, t1, k2, t2, level))


def normal_quantile(p):
    """x with P(Z <= x) = p for the standard normal distribution (AS 241)."""
    return _c.sc_normal_quantile(p)


def beta_quantile(p, a, b):
    """Quantile of the beta distribution with shapes a, b."""
    return _c.sc_beta_quantile(p, a, b)


def gamma_quantile(p, a):
    """Quantile of the gamma distribution with shape a and scale 1."""
    return _c.sc_gamma_quantile(p, a)


# ------------------------------------------------------------------------------- breaks

class Break(_NamedTuple):
    """A counting-rule break: the first month recorded under a new rule."""
    month: str
    id: str
    title: str
    description: str
    source: str


def _break(t):
    return None if t is None else Break._make(t)


class Breaks:
    """A table of counting-rule breaks. ``Breaks()`` is empty;
    :meth:`Breaks.england_wales` holds the built-in England and Wales breaks."""

    __slots__ = ("_h", "_lock", "__weakref__")
    __hash__ = None

    def __init__(self, _handle=None):
        self._h = _c.sc_breaks_new() if _handle is None else _handle
        self._lock = _threading.RLock()

    @classmethod
    def england_wales(cls):
        """The built-in England and Wales breaks (2014-04, 2018-04, 2020-04)."""
        return cls(_c.sc_breaks_new_england_wales())

    def copy(self):
        with self._lock:
            return Breaks(_c.sc_breaks_copy(self._h))

    def add(self, month, id, title, source, description=""):
        """Adds one break (the texts are copied)."""
        m = _month(month)
        with self._lock:
            _c.sc_breaks_add(self._h, m, id, title, description, source)

    def read(self, path):
        """Adds the breaks of a CSV file (all or nothing)."""
        with self._lock:
            _c.sc_breaks_read_path(self._h, path)

    def read_bytes(self, data, source="<bytes>"):
        """Adds the breaks of CSV data held in memory (all or nothing)."""
        with self._lock:
            _c.sc_breaks_read_buffer(self._h, data, source)

    def __len__(self):
        with self._lock:
            return _c.sc_breaks_size(self._h)

    def __getitem__(self, i):
        with self._lock:
            n = _c.sc_breaks_size(self._h)
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError("breaks index out of range")
            return _break(_c.sc_breaks_get(self._h, i))

    def __iter__(self):
        with self._lock:
            items = [_break(_c.sc_breaks_get(self._h, i))
                     for i in range(_c.sc_breaks_size(self._h))]
        return iter(items)

    def find(self, id):
        """The break with this id, or None."""
        with self._lock:
            return _break(_c.sc_breaks_find(self._h, id))

    def within(self, first, last):
        """The breaks inside the span first..last (first < month <= last)."""
        a, b = _month(first), _month(last)
        with self._lock:
            n, index = _c.sc_breaks_within(self._h, a, b)
            return [_break(_c.sc_breaks_get(self._h, index + j)) for j in range(n)]


# ------------------------------------------------------------------------------- series

class Change(_NamedTuple):
    """A year-on-year change (of a month, or of a rolling 12-month sum)."""
    month: str
    current: int
    previous: int
    difference: int
    ratio: float
    n_breaks: int
    first_break: _Optional[Break]


class SeriesSum(_NamedTuple):
    total: int
    covered_months: int


class Period(_NamedTuple):
    """One period of a comparison."""
    start: str
    end: str
    months: int
    months_covered: int
    total: int
    mean: Interval


def _texts(values, what):
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what} must be a sequence of str, not a single {type(values).__name__}")
    return tuple(values)


def _change(t):
    month, cur, prev, diff, ratio, n, brk = t
    return Change(month, cur, prev, diff, ratio, n, _break(brk))


class Series:
    """A monthly series drawn from a count table (sc_series_new). Missing months (not covered
    by the table) are None, never 0. A series is a copy: it outlives its table."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, counts, start=None, end=None, ward_codes=(), boroughs=(),
                 categories=(), breaks=None):
        if not isinstance(counts, Counts):
            raise TypeError("a Series is made from a Counts")
        flt = (_month(start, "start"), _month(end, "end"), _texts(ward_codes, "ward_codes"),
               _texts(boroughs, "boroughs"), _texts(categories, "categories"))
        if breaks is not None and not isinstance(breaks, Breaks):
            raise TypeError("breaks must be a Breaks or None")
        if breaks is None:
            with counts._lock:
                self._h = _c.sc_series_new(counts._h, flt, None)
        else:
            first, second = sorted((counts, breaks), key=id)
            with first._lock, second._lock:
                self._h = _c.sc_series_new(counts._h, flt, breaks._h)

    @property
    def span(self):
        """(first, last) month of the series."""
        _, first, last = _c.sc_series_span(self._h)
        return _month_str(first), _month_str(last)

    def __len__(self):
        return _c.sc_series_span(self._h)[0]

    def months(self):
        """Every month of the span, in order."""
        _, first, _ = _c.sc_series_span(self._h)
        return [_month_str(first + i) for i in range(len(self))]

    def value(self, month):
        """The value of a month of the span, or None when it is missing."""
        m = _month(month)
        try:
            return _c.sc_series_value(self._h, m)
        except NotFoundError:
            return None

    def items(self):
        """(month, value or None) for every month of the span."""
        return [(m, self.value(m)) for m in self.months()]

    def values(self):
        return [v for _, v in self.items()]

    def __iter__(self):
        return iter(self.items())

    def covers(self, month):
        return _c.sc_series_covers(self._h, _month(month))

    def sum(self, first=None, last=None):
        """Sum over the covered months of first..last (default: the whole span)."""
        f, l = self.span
        a = _month(first if first is not None else f)
        b = _month(last if last is not None else l)
        return SeriesSum(*_c.sc_series_sum(self._h, a, b))

    @property
    def breaks(self):
        """The counting-rule breaks inside the span."""
        return tuple(_break(_c.sc_series_break(self._h, i))
                     for i in range(_c.sc_series_breaks_size(self._h)))

    def yoy(self, month):
        """Year-on-year :class:`Change` of a month, or None when it or the month a year
        earlier is missing."""
        try:
            return _change(_c.sc_series_yoy(self._h, _month(month)))
        except NotFoundError:
            return None

    def rolling12(self, month):
        """Sum of the twelve months ending at month, or None when one is missing."""
        try:
            return _c.sc_series_rolling12(self._h, _month(month))
        except NotFoundError:
            return None

    def rolling_yoy(self, month):
        """Year-on-year change of the rolling 12-month sum ending at month, or None."""
        try:
            return _change(_c.sc_series_rolling_yoy(self._h, _month(month)))
        except NotFoundError:
            return None

    def compare(self, before, after, level=0.95, require_coverage=False):
        """Compares the mean monthly counts of two periods, ``before`` and ``after``, each a
        (first, last) pair of months (sc_comparison_new)."""
        (f1, t1), (f2, t2) = before, after
        return Comparison(_c.sc_comparison_new(self._h, _month(f1), _month(t1), _month(f2),
                                               _month(t2), (level, bool(require_coverage))))

    def to_dicts(self):
        return [{"month": m, "value": v} for m, v in self.items()]

    def __repr__(self):
        return f"<stalkcase.Series span={self.span} breaks={len(self.breaks)}>"


class Comparison:
    """A before/after comparison of monthly means. A copy: it outlives its series."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, handle):
        self._h = handle

    @property
    def breaks(self):
        return tuple(_break(_c.sc_comparison_break(self._h, i))
                     for i in range(_c.sc_comparison_breaks_size(self._h)))

    def _period(self, t):
        start, end, months, covered, total, mean = t
        return Period(start, end, months, covered, total, _interval(mean))

    @property
    def before(self):
        return self._period(_c.sc_comparison_before(self._h))

    @property
    def after(self):
        return self._period(_c.sc_comparison_after(self._h))

    def ratio(self, method="log-wald"):
        """Rate ratio after / before: "log-wald" or "exact-conditional"."""
        m = _method(method, (Method.LOG_WALD, Method.EXACT_CONDITIONAL))
        return _interval(_c.sc_comparison_ratio(self._h, m), self.breaks)

    def difference(self):
        """Difference of the monthly means, after - before, with its Wald interval."""
        return _interval(_c.sc_comparison_difference(self._h), self.breaks)


# ------------------------------------------------------------------------------- population

class AreaPopulation(_NamedTuple):
    name: str
    code: str
    residents: int


class RateRow(_NamedTuple):
    """A grouped total with its rate (None when the area has no population)."""
    area: str
    area_name: str
    count: int
    population: _Optional[AreaPopulation]
    rate: _Optional[Interval]


def _area(t):
    return None if t is None else AreaPopulation._make(t)


def _rate_row(t):
    area, name, count, pop, rate = t
    return RateRow(area, name, count, _area(pop), None if rate is None else _interval(rate))


class Population:
    """A population table (Census 2021 layout; see population.h)."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, handle):
        self._h = handle

    def __len__(self):
        return _c.sc_population_size(self._h)

    def __getitem__(self, i):
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("population index out of range")
        return _area(_c.sc_population_get(self._h, i))

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    def find(self, key):
        """The area with this name or GSS code (exact, then case-insensitive), or None."""
        return _area(_c.sc_population_find(self._h, key))

    def rates(self, totals, per=1000.0, level=0.95):
        """Rates per ``per`` residents for totals grouped by borough or ward."""
        if not isinstance(totals, Totals):
            raise TypeError("rates need Totals (Counts.totals(by='borough' or 'ward'))")
        return Rates(_c.sc_population_rates(self._h, totals._h, (per, level)))


class Rates:
    """Rates per resident for grouped totals: a sequence of :class:`RateRow`."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, handle):
        self._h = handle

    def __len__(self):
        return _c.sc_rates_size(self._h)

    def __getitem__(self, i):
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("rates index out of range")
        return _rate_row(_c.sc_rates_get(self._h, i))

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    @property
    def unmatched(self):
        """The rows whose area has no population."""
        return [_rate_row(_c.sc_rates_unmatched(self._h, i))
                for i in range(_c.sc_rates_unmatched_size(self._h))]


def read_population(path):
    """Reads a population CSV file (str, bytes or os.PathLike)."""
    return Population(_c.sc_population_read_path(path))


def read_population_bytes(data, source="<bytes>"):
    """Reads population CSV data held in memory."""
    return Population(_c.sc_population_read_buffer(data, source))


# ------------------------------------------------------------------------------- charts

class Chart:
    """An SVG line chart of monthly series (chart.h)."""

    __slots__ = ("_h", "_lock", "__weakref__")

    def __init__(self, title, width=800, height=450):
        self._h = _c.sc_chart_new(title, (width, height))
        self._lock = _threading.RLock()

    def set_subtitle(self, text):
        with self._lock:
            _c.sc_chart_set_subtitle(self._h, text)

    def set_axis_labels(self, x=None, y=None):
        """Axis titles; None keeps the current one, "" removes it."""
        with self._lock:
            _c.sc_chart_set_axis_labels(self._h, x, y)

    def set_description(self, text):
        with self._lock:
            _c.sc_chart_set_description(self._h, text)

    def set_band_label(self, text):
        with self._lock:
            _c.sc_chart_set_band_label(self._h, text)

    def add_line(self, label, months, values, low=None, high=None):
        """Adds a line of (month, value) points; None or NaN values are gaps; ``low`` and
        ``high`` (both or neither) shade a band."""
        ms = [_month(m) for m in months]
        with self._lock:
            _c.sc_chart_add_line(self._h, label,
                                 (ms, list(values), None if low is None else list(low),
                                  None if high is None else list(high)))

    def add_series(self, series, label=""):
        """Adds a :class:`Series` as a line (missing months are gaps)."""
        items = series.items()
        self.add_line(label, [m for m, _ in items], [v for _, v in items])

    def add_marker(self, month, label=""):
        m = _month(month)
        with self._lock:
            _c.sc_chart_add_marker(self._h, m, label)

    def to_svg(self):
        """The chart as an SVG document (str)."""
        with self._lock:
            return _c.sc_chart_write_buffer(self._h)

    def write(self, path):
        """Writes the chart as an SVG file, replacing a regular file atomically."""
        with self._lock:
            _c.sc_chart_write_path(self._h, path)
