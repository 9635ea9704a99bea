"""libstalkcase for Python: crime count tables, the Met ward-level CSV import, statistics with
confidence intervals, monthly series, counting-rule breaks, population rates and SVG charts; and
case records (:class:`Casebook`, :class:`Report`, :class:`Victim`, :class:`Evidence`) with their
XML files (:func:`load`, :func:`loads`, :func:`iter_reports`, :func:`count_file`,
:func:`validate`, :meth:`Casebook.write`).

Timestamps are timezone-aware ``datetime`` objects in the offset they were written with, dates
``datetime.date``; the model's vocabularies are ``enum.IntEnum`` classes with their tokens.

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


def _dataframe(rows, columns):
    """A pandas DataFrame of dicts, imported only when asked for."""
    try:
        import pandas
    except ImportError:
        raise ImportError("to_dataframe() needs pandas (Debian: python3-pandas); to_dicts() "
                          "gives the same rows without it") from None
    return pandas.DataFrame(rows, columns=list(columns))


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

    def to_dataframe(self):
        """The cells as a pandas DataFrame (columns as :class:`Cell`); needs pandas, which the
        package does not require otherwise."""
        return _dataframe(self.to_dicts(), Cell._fields)

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

    def to_dataframe(self):
        """The rows as a pandas DataFrame (needs pandas)."""
        fields = {Group.MONTH: MonthTotal, Group.BOROUGH: BoroughTotal, Group.WARD: WardTotal,
                  Group.CATEGORY: CategoryTotal}[self.by]._fields
        return _dataframe(self.to_dicts(), fields)

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


# ======================================================================= case records
#
# The case-record model (DESIGN section 4) and its XML files (section 5): Casebook, Report,
# Victim, Evidence, the vocabularies, times, load/loads/iter_reports/count_file/validate.
#
# Ownership. Every record object either owns its C record (one made with Report(...),
# Victim(...), Evidence(...), a copy, or one yielded by iter_reports) or is a *view* of a
# record held by a parent (a report of a Casebook, an evidence item of a Report); a view keeps
# its parent alive, so it stays valid whatever order Python collects things in. Adding a record
# to a container (Casebook.add_report, Casebook.add_victim, Report.add_evidence) COPIES it and
# returns the container's own view; the argument stays the caller's, independent of the copy.
#
# Threads. Reading a record needs nothing; changing one takes the lock of the object that owns
# its memory (a casebook, or a record that owns itself), which the calls that run without the
# GIL (Casebook.write, to_bytes, count, check, ==; Evidence.verify) hold too.

_cc = _c._stalkcase  # the extension's functions themselves (no Python wrapper frame)
_LOCK_INIT = _threading.Lock()

__all__ += [
    "Offence", "Relationship", "Typology", "EvidenceKind", "Risk", "Channel", "Tristate",
    "ProblemCode", "RecordKind", "ValidationError", "parse_time", "format_time",
    "Custody", "Problem", "Evidence", "Victim", "Report", "Casebook",
    "load", "loads", "iter_reports", "iter_records", "count_file", "validate", "schema",
    "write_counts", "counts_to_bytes", "sha256_hex", "NAMESPACE",
]

#: The namespace of casebook files (version 1 of the format).
NAMESPACE = _c.SC_XML_NAMESPACE


class ValidationError(DataError):
    """A casebook document is well-formed XML but not a valid casebook: it breaks the schema or
    the reader's structural rules, a field holds a value the model refuses, or (with
    ``check=True``) the casebook fails its integrity checks. Status SC_EDATA from the XML
    readers; ``source``, ``line`` and ``column`` locate it (line 0 for integrity problems,
    which concern the whole casebook). A subclass of :class:`DataError` (and ValueError)."""


def _validation(e):
    """A DataError from an XML reader as a ValidationError with the same fields."""
    if isinstance(e, ValidationError):
        return e
    return ValidationError(e.code, e.sys_errno, e.source, e.line, e.column, e.message, e.text)


# ------------------------------------------------------------------------------- vocabularies

class _Vocab(_enum.IntEnum):
    """A closed vocabulary of the model: values are the C enumeration's, ``NONE`` (0) means "not
    recorded" and has no token; every other value has a stable token (the text a file
    carries)."""

    @property
    def token(self):
        """The stable token ("stalking", "ex-intimate-partner", ...); None for NONE."""
        return type(self)._codec[0](int(self))

    @classmethod
    def from_token(cls, token):
        """The value of a token, matched exactly (case-sensitive). Unknown tokens raise
        :class:`DataError` (a ValueError)."""
        return cls(cls._codec[1](token))

    @classmethod
    def _arg(cls, value):
        """A member from a member, an int, a token or None (NONE)."""
        if value is None:
            return cls(0)
        if isinstance(value, bool):
            raise TypeError(f"{cls.__name__} expected, not bool")
        if isinstance(value, str):
            return cls.from_token(value)
        if isinstance(value, _Vocab) and not isinstance(value, cls):
            raise TypeError(f"{cls.__name__} expected, not {type(value).__name__}")
        return cls(value)

    def __str__(self):
        return self.token or self.name.lower()


class Offence(_Vocab):
    """Offence recorded for a report (England and Wales; sc_offence)."""
    NONE = _c.SC_OFFENCE_NONE
    HARASSMENT = _c.SC_OFFENCE_HARASSMENT
    FEAR_OF_VIOLENCE = _c.SC_OFFENCE_FEAR_OF_VIOLENCE
    STALKING = _c.SC_OFFENCE_STALKING
    STALKING_FEAR_ALARM = _c.SC_OFFENCE_STALKING_FEAR_ALARM
    MALICIOUS_COMMUNICATIONS = _c.SC_OFFENCE_MALICIOUS_COMMUNICATIONS
    OTHER = _c.SC_OFFENCE_OTHER

    @property
    def label(self):
        """The display text used as the minor category when reports are counted
        ("Stalking (PHA 1997 s.2A)", ...); None for NONE."""
        return _c.sc_offence_label(int(self))


class Relationship(_Vocab):
    """Relationship of the suspect to the victim (sc_relationship)."""
    NONE = _c.SC_RELATIONSHIP_NONE
    EX_PARTNER = _c.SC_RELATIONSHIP_EX_PARTNER
    ACQUAINTANCE = _c.SC_RELATIONSHIP_ACQUAINTANCE
    STRANGER = _c.SC_RELATIONSHIP_STRANGER
    FAMILY = _c.SC_RELATIONSHIP_FAMILY
    WORK = _c.SC_RELATIONSHIP_WORK
    UNKNOWN = _c.SC_RELATIONSHIP_UNKNOWN


class Typology(_Vocab):
    """Stalker typology of Mullen, Pathé and Purcell (sc_typology)."""
    NONE = _c.SC_TYPOLOGY_NONE
    REJECTED = _c.SC_TYPOLOGY_REJECTED
    RESENTFUL = _c.SC_TYPOLOGY_RESENTFUL
    INTIMACY_SEEKING = _c.SC_TYPOLOGY_INTIMACY_SEEKING
    INCOMPETENT_SUITOR = _c.SC_TYPOLOGY_INCOMPETENT_SUITOR
    PREDATORY = _c.SC_TYPOLOGY_PREDATORY


class EvidenceKind(_Vocab):
    """Kind of an evidence item (sc_evidence_kind)."""
    NONE = _c.SC_EVIDENCE_KIND_NONE
    TEXT_MESSAGE = _c.SC_EVIDENCE_TEXT_MESSAGE
    MESSAGING_APP = _c.SC_EVIDENCE_MESSAGING_APP
    EMAIL = _c.SC_EVIDENCE_EMAIL
    SOCIAL_MEDIA = _c.SC_EVIDENCE_SOCIAL_MEDIA
    PHONE_CALL = _c.SC_EVIDENCE_PHONE_CALL
    GPS_TRACKER = _c.SC_EVIDENCE_GPS_TRACKER
    SPYWARE = _c.SC_EVIDENCE_SPYWARE
    ACCOUNT_COMPROMISE = _c.SC_EVIDENCE_ACCOUNT_COMPROMISE
    IMPERSONATION = _c.SC_EVIDENCE_IMPERSONATION
    IMAGE_ABUSE = _c.SC_EVIDENCE_IMAGE_ABUSE
    DOXXING = _c.SC_EVIDENCE_DOXXING
    SMART_DEVICE = _c.SC_EVIDENCE_SMART_DEVICE
    OTHER = _c.SC_EVIDENCE_OTHER

    @property
    def is_digital(self):
        """True when the kind gives its report a cyber element (every kind but OTHER and
        NONE)."""
        return _c.sc_evidence_kind_is_digital(int(self))


class Risk(_Vocab):
    """A victim's risk level (sc_risk)."""
    NONE = _c.SC_RISK_NONE
    STANDARD = _c.SC_RISK_STANDARD
    MEDIUM = _c.SC_RISK_MEDIUM
    HIGH = _c.SC_RISK_HIGH
    UNKNOWN = _c.SC_RISK_UNKNOWN


class Channel(_Vocab):
    """Channel through which a victim first made contact (sc_channel)."""
    NONE = _c.SC_CHANNEL_NONE
    POLICE = _c.SC_CHANNEL_POLICE
    HELPLINE = _c.SC_CHANNEL_HELPLINE
    ADVOCATE = _c.SC_CHANNEL_ADVOCATE
    OTHER = _c.SC_CHANNEL_OTHER


class Tristate(_Vocab):
    """A three-valued answer: cyber element, consent to share (sc_tristate)."""
    NONE = _c.SC_TRISTATE_NONE
    YES = _c.SC_TRISTATE_YES
    NO = _c.SC_TRISTATE_NO
    UNKNOWN = _c.SC_TRISTATE_UNKNOWN


Offence._codec = (_c.sc_offence_to_token, _c.sc_offence_from_token)
Relationship._codec = (_c.sc_relationship_to_token, _c.sc_relationship_from_token)
Typology._codec = (_c.sc_typology_to_token, _c.sc_typology_from_token)
EvidenceKind._codec = (_c.sc_evidence_kind_to_token, _c.sc_evidence_kind_from_token)
Risk._codec = (_c.sc_risk_to_token, _c.sc_risk_from_token)
Channel._codec = (_c.sc_channel_to_token, _c.sc_channel_from_token)
Tristate._codec = (_c.sc_tristate_to_token, _c.sc_tristate_from_token)


class ProblemCode(_enum.IntEnum):
    """What :meth:`Casebook.check` found wrong (sc_problem_code)."""
    DUPLICATE_ID = _c.SC_PROBLEM_DUPLICATE_ID
    MISSING_FIELD = _c.SC_PROBLEM_MISSING_FIELD
    UNKNOWN_VICTIM = _c.SC_PROBLEM_UNKNOWN_VICTIM
    DATE_ORDER = _c.SC_PROBLEM_DATE_ORDER


class RecordKind(_enum.IntEnum):
    """Kinds of record (sc_record_kind)."""
    REPORT = _c.SC_RECORD_REPORT
    VICTIM = _c.SC_RECORD_VICTIM
    EVIDENCE = _c.SC_RECORD_EVIDENCE


# ------------------------------------------------------------------------------- times

def parse_time(text):
    """A date ("YYYY-MM-DD") or a timestamp with UTC offset ("YYYY-MM-DDThh:mm:ss+hh:mm" or
    "...Z") as the library reads them: a ``datetime.date``, or a timezone-aware
    ``datetime.datetime`` in the offset written (tzinfo ``timezone.utc`` for "Z",
    ``timezone(timedelta(0), "+00:00")`` for "+00:00"). Anything else (no offset, an impossible
    date such as 2023-02-29, fractions of a second) raises :class:`DataError`."""
    if not isinstance(text, str):
        raise TypeError(f"parse_time needs a str, not {type(text).__name__}")
    return _c.sc_time_parse(text, _c.SC_TIME_ACCEPT_DATE | _c.SC_TIME_ACCEPT_DATETIME)


def format_time(value):
    """The text the library writes for a date or an aware datetime: the inverse of
    :func:`parse_time`, so ``format_time(parse_time(s)) == s``. An offset of zero is written
    "Z" unless the tzinfo is named "+00:00". Naive datetimes, fractions of a second and offsets
    that are not whole minutes raise ValueError."""
    if value is None or isinstance(value, str):
        raise TypeError("format_time needs a date or an aware datetime")
    return _c.sc_time_format(value)


def sha256_hex(digest):
    """A 32-byte SHA-256 digest as 64 lower-case hexadecimal digits."""
    return _c.sc_sha256_to_hex(digest)


# ------------------------------------------------------------------------------- records

class Custody(_NamedTuple):
    """One chain-of-custody entry of an evidence item: who did what with it, and when."""
    at: _datetime.datetime
    actor: str
    action: str
    note: _Optional[str] = None


class Problem(_NamedTuple):
    """One integrity problem found by :meth:`Casebook.check`. ``id`` is the offending record's;
    ``report_id`` the report holding an evidence item (a report's own id; None for a victim);
    ``detail`` the field or the victim id concerned (see sc_problem_code)."""
    code: ProblemCode
    kind: RecordKind
    id: str
    message: str
    report_id: _Optional[str] = None
    detail: _Optional[str] = None


def _problem(t):
    code, kind, id_, report_id, detail, message = t
    return Problem(ProblemCode(code), RecordKind(kind), id_, message, report_id, detail)


def _locks(*objs):
    """The locks of several objects, each once, in a fixed order (no deadlock)."""
    seen = {}
    for o in objs:
        lk = o._lock if isinstance(o, Counts) else o._lock()
        seen[id(lk)] = lk
    return [seen[k] for k in sorted(seen)]


class _Locked:
    """Holds several locks for a with statement."""
    __slots__ = ("_locks",)

    def __init__(self, *objs):
        self._locks = _locks(*objs)

    def __enter__(self):
        for lk in self._locks:
            lk.acquire()
        return self

    def __exit__(self, *exc):
        for lk in reversed(self._locks):
            lk.release()
        return False


class _Record:
    """Base of Report, Victim and Evidence (see the module's notes on ownership)."""
    __slots__ = ("_h", "_owner", "_lk", "__weakref__")
    __hash__ = None
    _FIELDS = frozenset()

    @classmethod
    def _view(cls, handle, owner):
        """A view of a record held by owner (which it keeps alive)."""
        self = object.__new__(cls)
        self._h = handle
        self._owner = owner
        self._lk = owner._lock()
        return self

    @classmethod
    def _own(cls, handle):
        """An object owning a record."""
        self = object.__new__(cls)
        self._h = handle
        self._owner = None
        self._lk = None
        return self

    def _lock(self):
        lk = self._lk
        if lk is None:
            with _LOCK_INIT:
                lk = self._lk
                if lk is None:
                    lk = self._lk = _threading.RLock()
        return lk

    def _set_fields(self, fields):
        for name, value in fields.items():
            if name not in self._FIELDS:
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument "
                                f"{name!r}")
            setattr(self, name, value)

    @property
    def is_view(self):
        """True when this object is a view of a record held by a casebook or a report (changes
        go to that record); False when it owns its record."""
        return self._owner is not None

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()


def _text_property(get, set_, field, doc):
    def fget(self):
        return get(self._h, field)

    def fset(self, value):
        with self._lock():
            set_(self._h, field, value)

    def fdel(self):
        fset(self, None)
    return property(fget, fset, fdel, doc)


def _time_property(get, set_, field, doc):
    def fget(self):
        return get(self._h, field)

    def fset(self, value):
        with self._lock():
            set_(self._h, field, value)

    def fdel(self):
        fset(self, None)
    return property(fget, fset, fdel, doc)


def _enum_property(cls, get, set_, doc):
    members = tuple(cls)  # indexed by value (0..n-1): faster than cls(value)

    def fget(self):
        return members[get(self._h)]

    def fset(self, value):
        v = int(cls._arg(value))
        with self._lock():
            set_(self._h, v)

    def fdel(self):
        fset(self, None)
    return property(fget, fset, fdel, doc)


_TEXT_DOC = " (str, or None when not set; setting None clears it)"
_TIME_DOC = (" Reading gives a timezone-aware datetime in the offset it was written with (or a "
             "date where dates are allowed), None when not set; setting accepts an aware "
             "datetime, a date where allowed, ISO 8601 text, or None to clear it.")


class Evidence(_Record):
    """A cyber-element evidence item (evidence.h): what was sent or done (``kind``), on which
    platform, when it occurred and was captured, a description (sensitive), the SHA-256 digest,
    size and media type of the captured content, where it is kept (``uri``), and a chain of
    custody.

    ``Evidence(id, kind=None, **fields)`` makes a new item (``fields``: any property below,
    ``custody`` an iterable of :class:`Custody` or tuples). ``Report.add_evidence`` adds a copy
    to a report and returns the report's own item. ``==`` compares every field, digest and
    custody entry.
    """
    __slots__ = ()
    _FIELDS = frozenset(("kind", "platform", "description", "media_type", "uri",
                         "occurred_at", "captured_at", "custody"))

    def __init__(self, id, kind=None, **fields):
        self._h = _c.sc_evidence_new(id)
        self._owner = None
        self._lk = None
        if kind is not None:
            self.kind = kind
        custody = fields.pop("custody", ())
        self._set_fields(fields)
        for entry in custody:
            self.add_custody(*entry)

    @property
    def id(self):
        """The item's id (fixed at creation)."""
        return _cc.sc_evidence_id(self._h)

    kind = _enum_property(EvidenceKind, _cc.sc_evidence_get_kind, _c.sc_evidence_set_kind,
                          "The kind (:class:`EvidenceKind`; a member, its token or None).")
    platform = _text_property(_cc.sc_evidence_get_text, _c.sc_evidence_set_text,
                              _c.SC_EVIDENCE_PLATFORM, "Platform or service" + _TEXT_DOC)
    description = _text_property(_cc.sc_evidence_get_text, _c.sc_evidence_set_text,
                                 _c.SC_EVIDENCE_DESCRIPTION,
                                 "What the item shows; SENSITIVE" + _TEXT_DOC)
    media_type = _text_property(_cc.sc_evidence_get_text, _c.sc_evidence_set_text,
                                _c.SC_EVIDENCE_MEDIA_TYPE,
                                "Media type of the captured content" + _TEXT_DOC)
    uri = _text_property(_cc.sc_evidence_get_text, _c.sc_evidence_set_text, _c.SC_EVIDENCE_URI,
                         "Where the captured content is kept" + _TEXT_DOC)
    occurred_at = _time_property(_cc.sc_evidence_get_time, _c.sc_evidence_set_time,
                                 _c.SC_EVIDENCE_OCCURRED_AT,
                                 "When the conduct happened (a timestamp)." + _TIME_DOC)
    captured_at = _time_property(_cc.sc_evidence_get_time, _c.sc_evidence_set_time,
                                 _c.SC_EVIDENCE_CAPTURED_AT,
                                 "When the content was captured (a timestamp)." + _TIME_DOC)

    @property
    def digest(self):
        """(sha256 bytes, size in bytes) of the captured content, or None when none is
        recorded."""
        try:
            sha, size = _c.sc_evidence_digest(self._h)
        except NotFoundError:
            return None
        return sha, size

    @property
    def digest_hex(self):
        """The SHA-256 digest as 64 hexadecimal digits, or None."""
        d = self.digest
        return None if d is None else _c.sc_sha256_to_hex(d[0])

    def set_digest(self, sha256, size=0):
        """Records a digest known from elsewhere: ``sha256`` 32 bytes (or 64 hexadecimal
        digits), ``size`` the content's size in bytes; ``sha256=None`` clears it."""
        if isinstance(sha256, str):
            sha256 = _c.sc_sha256_from_hex(sha256)
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(f"size must be an int, not {type(size).__name__}")
        if not 0 <= size < 1 << 64:
            raise ValueError(f"size must be a byte count from 0 to 2**64 - 1, not {size}")
        with self._lock():
            _c.sc_evidence_set_digest(self._h, sha256, size)

    def _digest_with(self, fn, arg):
        # computed on a scratch item without the GIL, then recorded here under the lock
        tmp = _c.sc_evidence_new("digest")
        fn(tmp, arg)
        sha, size = _c.sc_evidence_digest(tmp)
        with self._lock():
            _c.sc_evidence_set_digest(self._h, sha, size)

    def digest_bytes(self, data):
        """Records the SHA-256 digest and size of bytes-like content held in memory."""
        self._digest_with(_c.sc_evidence_digest_buffer, data)

    def digest_file(self, path):
        """Records the SHA-256 digest and size of a file (str, bytes or os.PathLike), read in
        64 KiB pieces without the GIL. Raises :class:`OSError` when it cannot be read."""
        self._digest_with(_c.sc_evidence_digest_file, path)

    def verify(self, path):
        """True when the file's SHA-256 digest and size equal the recorded ones, False when
        the content was altered. :class:`NotFoundError` when no digest is recorded,
        :class:`OSError` when the file cannot be read."""
        with self._lock():
            try:
                _c.sc_evidence_verify(self._h, path)
            except DataError:
                return False
        return True

    def verify_bytes(self, data):
        """As :meth:`verify`, for bytes-like content held in memory."""
        with self._lock():
            try:
                _c.sc_evidence_verify_buffer(self._h, data)
            except DataError:
                return False
        return True

    def add_custody(self, at, actor, action, note=None):
        """Appends a chain-of-custody entry: ``at`` an aware datetime (or ISO 8601 text),
        ``actor`` and ``action`` non-empty texts without control characters, ``note`` optional
        (sensitive)."""
        with self._lock():
            _c.sc_evidence_add_custody(self._h, at, actor, action, note)

    @property
    def custody(self):
        """The chain-of-custody entries, in the order added, as a tuple of
        :class:`Custody`."""
        h = self._h
        return tuple(Custody._make(_cc.sc_evidence_custody(h, i))
                     for i in range(_cc.sc_evidence_custody_count(h)))

    def copy(self):
        """An independent copy that owns its item."""
        return Evidence._own(_c.sc_evidence_copy(self._h))

    def __eq__(self, other):
        if not isinstance(other, Evidence):
            return NotImplemented
        return _cc.sc_evidence_equal(self._h, other._h)

    def __repr__(self):
        return f"<stalkcase.Evidence {self.id!r} {self.kind}>"


class Victim(_Record):
    """A victim (victim.h), known by a pseudonymous id; name and contact details are optional
    and sensitive.

    ``Victim(id, **fields)`` makes a new victim (``fields``: any property below).
    ``Casebook.add_victim`` adds a copy and returns the casebook's own victim. ``==`` compares
    every field.
    """
    __slots__ = ()
    _FIELDS = frozenset(("name", "contact", "age_band", "gender", "channel", "first_contact",
                         "risk", "consent"))

    def __init__(self, id, **fields):
        self._h = _c.sc_victim_new(id)
        self._owner = None
        self._lk = None
        self._set_fields(fields)

    @property
    def id(self):
        """The victim's pseudonymous id (fixed at creation)."""
        return _cc.sc_victim_id(self._h)

    name = _text_property(_cc.sc_victim_get_text, _c.sc_victim_set_text, _c.SC_VICTIM_NAME,
                          "Name; SENSITIVE" + _TEXT_DOC)
    contact = _text_property(_cc.sc_victim_get_text, _c.sc_victim_set_text,
                             _c.SC_VICTIM_CONTACT, "Contact details; SENSITIVE" + _TEXT_DOC)
    age_band = _text_property(_cc.sc_victim_get_text, _c.sc_victim_set_text,
                              _c.SC_VICTIM_AGE_BAND,
                              "Age band as the source writes it" + _TEXT_DOC)
    gender = _text_property(_cc.sc_victim_get_text, _c.sc_victim_set_text, _c.SC_VICTIM_GENDER,
                            "Gender as the source writes it" + _TEXT_DOC)
    channel = _enum_property(Channel, _cc.sc_victim_channel, _c.sc_victim_set_channel,
                             "Channel of first contact (:class:`Channel`).")
    risk = _enum_property(Risk, _cc.sc_victim_risk, _c.sc_victim_set_risk,
                          "Risk level (:class:`Risk`).")
    consent = _enum_property(Tristate, _cc.sc_victim_consent, _c.sc_victim_set_consent,
                             "Consent to share (:class:`Tristate`).")

    first_contact = _time_property(lambda h, _: _cc.sc_victim_first_contact(h),
                                   lambda h, _, v: _c.sc_victim_set_first_contact(h, v), None,
                                   "Date (or timestamp) of first contact." + _TIME_DOC)

    def copy(self):
        """An independent copy that owns its victim."""
        return Victim._own(_c.sc_victim_copy(self._h))

    def __eq__(self, other):
        if not isinstance(other, Victim):
            return NotImplemented
        return _cc.sc_victim_equal(self._h, other._h)

    def __repr__(self):
        return f"<stalkcase.Victim {self.id!r}>"


class Report(_Record):
    """A report of a stalking or harassment course of conduct (report.h): the time it was
    reported (required), the first and last incidents, the offence (required) with an optional
    Home Office code, the area (ward code and name, borough, force), the suspect's relationship
    to the victim, the Mullen typology, the outcome, notes (sensitive), the ids of its victims,
    its evidence items and its cyber element.

    ``Report(id, **fields)`` makes a new report (``fields``: any property below, plus
    ``victims``, an iterable of victim ids, and ``evidence``, an iterable of :class:`Evidence`
    to copy in). ``Casebook.add_report`` adds a copy and returns the casebook's own report.
    ``==`` compares every field, victim reference and evidence item (the recorded cyber
    element, not the derived one).
    """
    __slots__ = ()
    _FIELDS = frozenset(("offence_code", "ward_code", "ward_name", "borough", "force",
                         "outcome", "notes", "reported_at", "first_incident", "last_incident",
                         "offence", "relationship", "typology", "cyber_recorded"))

    def __init__(self, id, **fields):
        self._h = _c.sc_report_new(id)
        self._owner = None
        self._lk = None
        victims = fields.pop("victims", ())
        evidence = fields.pop("evidence", ())
        if isinstance(victims, str):
            raise TypeError("victims must be an iterable of ids, not a str")
        self._set_fields(fields)
        for v in victims:
            self.add_victim(v)
        for e in evidence:
            self.add_evidence(e)

    @property
    def id(self):
        """The report's id (fixed at creation)."""
        return _cc.sc_report_id(self._h)

    offence_code = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text,
                                  _c.SC_REPORT_OFFENCE_CODE,
                                  "Home Office offence code as written" + _TEXT_DOC)
    ward_code = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text,
                               _c.SC_REPORT_WARD_CODE, "ONS GSS ward code" + _TEXT_DOC)
    ward_name = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text,
                               _c.SC_REPORT_WARD_NAME, "Ward name" + _TEXT_DOC)
    borough = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text,
                             _c.SC_REPORT_BOROUGH, "Borough (local authority)" + _TEXT_DOC)
    force = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text, _c.SC_REPORT_FORCE,
                           "Police force" + _TEXT_DOC)
    outcome = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text,
                             _c.SC_REPORT_OUTCOME, "Outcome, free text" + _TEXT_DOC)
    notes = _text_property(_cc.sc_report_get_text, _c.sc_report_set_text, _c.SC_REPORT_NOTES,
                           "Notes; SENSITIVE" + _TEXT_DOC)
    reported_at = _time_property(_cc.sc_report_get_time, _c.sc_report_set_time,
                                 _c.SC_REPORT_REPORTED_AT,
                                 "When reported (a timestamp with offset; required)." + _TIME_DOC)
    first_incident = _time_property(_cc.sc_report_get_time, _c.sc_report_set_time,
                                    _c.SC_REPORT_FIRST_INCIDENT,
                                    "First incident (a date or a timestamp)." + _TIME_DOC)
    last_incident = _time_property(_cc.sc_report_get_time, _c.sc_report_set_time,
                                   _c.SC_REPORT_LAST_INCIDENT,
                                   "Last incident (a date or a timestamp)." + _TIME_DOC)
    offence = _enum_property(Offence, _cc.sc_report_offence, _c.sc_report_set_offence,
                             "The offence (:class:`Offence`; required).")
    relationship = _enum_property(Relationship, _cc.sc_report_relationship,
                                  _c.sc_report_set_relationship,
                                  "The suspect's relationship to the victim "
                                  "(:class:`Relationship`).")
    typology = _enum_property(Typology, _cc.sc_report_typology, _c.sc_report_set_typology,
                              "The Mullen typology (:class:`Typology`).")
    cyber_recorded = _enum_property(Tristate, _cc.sc_report_cyber_recorded,
                                    _c.sc_report_set_cyber_recorded,
                                    "The cyber element as the source states it "
                                    "(:class:`Tristate`), for sources that do not itemise "
                                    "evidence.")

    @property
    def cyber_element(self):
        """The cyber element, derived (read-only): YES when any evidence item is of a digital
        kind, otherwise the recorded value, otherwise UNKNOWN."""
        return Tristate(_cc.sc_report_cyber_element(self._h))

    @property
    def month(self):
        """The month "YYYY-MM" of reported_at's local date (the month the report is counted
        in), or None when reported_at is not set."""
        return _cc.sc_py_report_month(self._h)

    @property
    def victims(self):
        """The ids of the report's victims, in the order added (a tuple of str)."""
        h = self._h
        return tuple(_cc.sc_report_victim(h, i) for i in range(_cc.sc_report_victim_count(h)))

    def add_victim(self, victim_id):
        """Adds a reference to a victim by id (a :class:`Victim` is taken by its id). A second
        reference to the same victim raises :class:`DataError`."""
        if isinstance(victim_id, Victim):
            victim_id = victim_id.id
        with self._lock():
            _c.sc_report_add_victim(self._h, victim_id)

    @property
    def evidence(self):
        """The evidence items, in the order added: a tuple of :class:`Evidence` views (changing
        one changes this report's item; each keeps the report alive)."""
        h = self._h
        return tuple(Evidence._view(_cc.sc_report_evidence_mut(h, i), self)
                     for i in range(_cc.sc_report_evidence_count(h)))

    def add_evidence(self, evidence):
        """Adds a COPY of an :class:`Evidence` item and returns the report's own item (a view);
        the argument stays independent of it."""
        if not isinstance(evidence, Evidence):
            raise TypeError(f"add_evidence needs an Evidence, not {type(evidence).__name__}")
        copy = _c.sc_evidence_copy(evidence._h)
        with self._lock():
            _c.sc_report_add_evidence(self._h, copy)
            n = _cc.sc_report_evidence_count(self._h)
            return Evidence._view(_cc.sc_report_evidence_mut(self._h, n - 1), self)

    def count(self, counts):
        """Adds 1 to a :class:`Counts` table in the cell (ward code, ward name, borough),
        ("STALKING AND HARASSMENT", offence label), month of reported_at. :class:`DataError`
        when reported_at or the offence is not set."""
        with counts._lock:
            _c.sc_report_count(self._h, counts._h)

    def count_cyber(self, counts):
        """Adds 1 to a cyber-element :class:`Counts` table in the cell (area),
        ("CYBER ELEMENT", "yes" | "no" | "unknown"), month of reported_at."""
        with counts._lock:
            _c.sc_report_count_cyber(self._h, counts._h)

    #: The keys of :meth:`to_dict`, in order.
    DICT_FIELDS = ("id", "reported_at", "first_incident", "last_incident", "offence",
                   "offence_code", "ward_code", "ward_name", "borough", "force",
                   "relationship", "typology", "outcome", "cyber_recorded", "cyber_element",
                   "notes", "victims", "evidence")

    def to_dict(self):
        """Every field as a dict (keys :attr:`DICT_FIELDS`): texts and times as their
        properties give them, vocabularies as tokens (None when not recorded), ``victims`` a
        tuple of ids, ``evidence`` a tuple of evidence ids."""
        d = {}
        for name in self.DICT_FIELDS:
            if name == "evidence":
                d[name] = tuple(e.id for e in self.evidence)
                continue
            v = getattr(self, name)
            d[name] = v.token if isinstance(v, _Vocab) else v
        return d

    def copy(self):
        """An independent deep copy (its evidence included) that owns its report."""
        return Report._own(_c.sc_report_copy(self._h))

    def __eq__(self, other):
        if not isinstance(other, Report):
            return NotImplemented
        return _cc.sc_report_equal(self._h, other._h)

    def __repr__(self):
        at = self.reported_at
        return (f"<stalkcase.Report {self.id!r} {self.offence} "
                f"{format_time(at) if at is not None else '-'}>")


# ------------------------------------------------------------------------------- casebooks

def _record_list(values, what):
    if isinstance(values, (str, bytes)) or not isinstance(values, (tuple, list, set,
                                                                   frozenset)):
        return (values,)
    return tuple(values)


def _time_bound(value, what):
    """A filter bound: ("month", "YYYY-MM"), ("date", date) or ("instant", datetime)."""
    if isinstance(value, str):
        parse_month(value)  # validates
        return ("month", value)
    if isinstance(value, _datetime.datetime):
        if value.utcoffset() is None:
            raise ValueError(f"{what}: a naive datetime has no UTC offset")
        return ("instant", value)
    if isinstance(value, _datetime.date):
        return ("date", value)
    raise TypeError(f"{what} must be 'YYYY-MM', a date or an aware datetime")


def _after(r, bound):
    kind, v = bound
    if kind == "month":
        m = r.month
        return m is not None and m >= v
    t = r.reported_at
    if t is None:
        return False
    return (t.date() >= v) if kind == "date" else (t >= v)


def _before(r, bound):
    kind, v = bound
    if kind == "month":
        m = r.month
        return m is not None and m <= v
    t = r.reported_at
    if t is None:
        return False
    return (t.date() <= v) if kind == "date" else (t <= v)


def _flag(value, name):
    """A yes/no argument: True or False only (``check="no"`` or ``validate=2`` would otherwise
    pass as true)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return value


def _read_options(validate=True, check=None, max_inflated=None, unique_ids=None):
    _flag(validate, "validate")
    if check is not None:
        _flag(check, "check")
    if unique_ids is not None:
        _flag(unique_ids, "unique_ids")
    return (validate, check, max_inflated, None, None, None, None, unique_ids)


def _xml(fn, *args):
    """Calls an XML reader, raising SC_EDATA as ValidationError."""
    try:
        return fn(*args)
    except DataError as e:
        raise _validation(e) from None


class Casebook:
    """A casebook (casebook.h): victims and reports in the order they were added (the order a
    file lists them in), indexed by id. Reports refer to victims by id and hold their evidence.

    ``Casebook()`` is empty; :func:`load` and :func:`loads` read XML files. ``len()`` is the
    number of reports; ``for r in casebook`` and ``casebook[i]`` give the reports (views: changes
    go to the casebook's records, and each view keeps the casebook alive); :meth:`reports`
    filters them; :meth:`victims` gives the victims. :meth:`add_report` and :meth:`add_victim`
    COPY a record in and return the casebook's own. A casebook accepts incomplete or
    inconsistent records; :meth:`check` lists every problem. ``==`` compares every record in
    order. :meth:`write` and :meth:`to_bytes` export XML (deterministic bytes).
    """

    __slots__ = ("_h", "_lk", "__weakref__")
    __hash__ = None

    def __init__(self):
        self._h = _c.sc_casebook_new()
        self._lk = _threading.RLock()

    @classmethod
    def _wrap(cls, handle):
        self = cls.__new__(cls)
        self._h = handle
        self._lk = _threading.RLock()
        return self

    def _lock(self):
        return self._lk

    def __len__(self):
        return _cc.sc_casebook_report_count(self._h)

    @property
    def victim_count(self):
        """The number of victims."""
        return _cc.sc_casebook_victim_count(self._h)

    def __getitem__(self, i):
        """Report i (a view), in the order added; negative indexes count from the end."""
        n = _cc.sc_casebook_report_count(self._h)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("casebook index out of range")
        return Report._view(_cc.sc_casebook_report_mut(self._h, i), self)

    def __iter__(self):
        """Every report (a view), in order."""
        h, get, count = self._h, _cc.sc_casebook_report_mut, _cc.sc_casebook_report_count
        view = Report._view
        i = 0
        while i < count(h):
            yield view(get(h, i), self)
            i += 1

    def reports(self, offence=None, ward=None, start=None, end=None, cyber=None):
        """The reports that pass every filter given, in order (views):
        ``offence`` an :class:`Offence` (member, token) or a collection of them; ``ward`` a
        ward code or ward name, or a collection; ``start``/``end`` inclusive bounds on
        reported_at: "YYYY-MM" months (the month it is counted in), dates (its local date) or
        aware datetimes (instants); ``cyber`` the derived cyber element: a :class:`Tristate`
        or True (YES) / False (NO). Reports without reported_at fail a time bound."""
        offences = None
        if offence is not None:
            offences = {Offence._arg(o) for o in _record_list(offence, "offence")}
        wards = None if ward is None else set(_record_list(ward, "ward"))
        cyb = None
        if cyber is not None:
            cyb = (Tristate.YES if cyber is True else Tristate.NO if cyber is False
                   else Tristate._arg(cyber))
        lo = None if start is None else _time_bound(start, "start")
        hi = None if end is None else _time_bound(end, "end")
        for r in self:
            if offences is not None and r.offence not in offences:
                continue
            if wards is not None and r.ward_code not in wards and r.ward_name not in wards:
                continue
            if cyb is not None and r.cyber_element != cyb:
                continue
            if lo is not None and not _after(r, lo):
                continue
            if hi is not None and not _before(r, hi):
                continue
            yield r

    def victims(self):
        """Every victim (a view), in order."""
        h, get, count = self._h, _cc.sc_casebook_victim_mut, _cc.sc_casebook_victim_count
        i = 0
        while i < count(h):
            yield Victim._view(get(h, i), self)
            i += 1

    def report(self, id):
        """The first report with this id (a view); KeyError when there is none."""
        try:
            i = _c.sc_casebook_find_report(self._h, id)
        except NotFoundError:
            raise KeyError(id) from None
        return Report._view(_cc.sc_casebook_report_mut(self._h, i), self)

    def victim(self, id):
        """The first victim with this id (a view); KeyError when there is none."""
        try:
            i = _c.sc_casebook_find_victim(self._h, id)
        except NotFoundError:
            raise KeyError(id) from None
        return Victim._view(_cc.sc_casebook_victim_mut(self._h, i), self)

    def add_report(self, report):
        """Appends a COPY of a :class:`Report` (its evidence included) and returns the
        casebook's own report (a view). The argument stays the caller's, independent of the
        copy. Duplicate ids are accepted (see :meth:`check`)."""
        if not isinstance(report, Report):
            raise TypeError(f"add_report needs a Report, not {type(report).__name__}")
        copy = _c.sc_report_copy(report._h)
        with self._lk:
            _c.sc_casebook_add_report(self._h, copy)
            n = _cc.sc_casebook_report_count(self._h)
            return Report._view(_cc.sc_casebook_report_mut(self._h, n - 1), self)

    def add_victim(self, victim):
        """Appends a COPY of a :class:`Victim` and returns the casebook's own victim (a
        view)."""
        if not isinstance(victim, Victim):
            raise TypeError(f"add_victim needs a Victim, not {type(victim).__name__}")
        copy = _c.sc_victim_copy(victim._h)
        with self._lk:
            _c.sc_casebook_add_victim(self._h, copy)
            n = _cc.sc_casebook_victim_count(self._h)
            return Victim._view(_cc.sc_casebook_victim_mut(self._h, n - 1), self)

    def to_dicts(self):
        """Every report as a dict (:meth:`Report.to_dict`), in order."""
        return [r.to_dict() for r in self]

    def to_dataframe(self):
        """The reports as a pandas DataFrame, one row per report, columns
        :attr:`Report.DICT_FIELDS` (needs pandas)."""
        return _dataframe(self.to_dicts(), Report.DICT_FIELDS)

    def check(self):
        """Every integrity problem (unique ids, victim references that resolve, required
        fields, first incident <= last incident <= reported_at) as a list of
        :class:`Problem`, in the order of sc_casebook_check; [] when there is none."""
        with self._lk:
            return [_problem(t) for t in _c.sc_casebook_check(self._h)]

    def count(self, counts=None):
        """Counts every report by (ward code, ward name, borough), (SC_REPORT_MAJOR, offence
        label), month of reported_at into ``counts`` (a new :class:`Counts` when None) and
        returns it. :class:`DataError` names a report lacking reported_at or offence; the table
        is then unchanged. The GIL is released."""
        if counts is None:
            counts = Counts()
        with _Locked(self, counts):
            _c.sc_casebook_count(self._h, counts._h)
        return counts

    def count_cyber(self, counts=None):
        """Counts every report by area, ("CYBER ELEMENT", "yes"/"no"/"unknown"), month into
        ``counts`` (a new :class:`Counts` when None) and returns it."""
        if counts is None:
            counts = Counts()
        with _Locked(self, counts):
            _c.sc_casebook_count_cyber(self._h, counts._h)
        return counts

    def __eq__(self, other):
        if not isinstance(other, Casebook):
            return NotImplemented
        with _Locked(self, other):
            return _c.sc_casebook_equal(self._h, other._h)

    def copy(self):
        """An independent deep copy of the whole casebook."""
        new = Casebook()
        for v in self.victims():
            new.add_victim(v)
        for r in self:
            new.add_report(r)
        return new

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def write(self, path, gzip=False, level=6):
        """Writes the casebook as XML (gzip-compressed when ``gzip``, at ``level`` 1-9) to
        ``path`` (str, bytes or os.PathLike), atomically: a temporary file in the same folder
        (mode 0600), fsync'ed and renamed, so a failure never leaves a partial file or harms a
        previous one. The GIL is released."""
        with self._lk:
            _c.sc_xml_write_path(self._h, path, (_flag(gzip, "gzip"), level))

    def to_bytes(self, gzip=False, level=6):
        """The casebook as XML bytes (gzip-compressed when ``gzip``)."""
        with self._lk:
            return _c.sc_xml_write_buffer(self._h, (_flag(gzip, "gzip"), level))

    def import_file(self, path, validate=True, check=True, max_inflated=None):
        """Appends the records of a casebook file, all or nothing: on any error (raised as for
        :func:`load`) the casebook is unchanged. With ``check`` the combined records must pass
        :meth:`check`. Unlike :func:`load`, this keeps the GIL while it reads (other threads
        may be reading the casebook it changes); load a separate casebook to read in
        parallel."""
        opts = _read_options(validate, check, max_inflated)
        with self._lk:
            _xml(_c.sc_xml_import, self._h, ("path", path), opts)

    def import_bytes(self, data, source="<bytes>", validate=True, check=True,
                     max_inflated=None):
        """As :meth:`import_file`, from bytes-like XML (plain or gzip) held in memory."""
        opts = _read_options(validate, check, max_inflated)
        with self._lk:
            _xml(_c.sc_xml_import, self._h, ("data", data, source), opts)

    def __repr__(self):
        return f"<stalkcase.Casebook reports={len(self)} victims={self.victim_count}>"


# ------------------------------------------------------------------------------- files

def load(path, validate=True, check=True, max_inflated=None):
    """Reads a whole casebook file (XML, or gzip recognised by its magic bytes) from ``path``
    (str, bytes or os.PathLike) into a new :class:`Casebook`, without the GIL.

    ``validate``: check against the embedded schema while reading. ``check``: then run
    :meth:`Casebook.check` and fail on the first problem. ``max_inflated``: most bytes the
    decompressed text of a gzip file may have (None: 1 GiB; 0: no limit).
    Raises :class:`ParseError` (not well-formed XML, a DOCTYPE, a bad encoding, a corrupt gzip
    stream), :class:`ValidationError` (schema, structure, field values, integrity), each with
    ``source``, ``line``, ``column``; :class:`LimitError` (a size limit); :class:`OSError`
    (with ``errno``) when the file cannot be read.
    """
    return Casebook._wrap(_xml(_c.sc_xml_load, ("path", path),
                               _read_options(validate, check, max_inflated)))


def loads(data, source="<bytes>", validate=True, check=True, max_inflated=None):
    """As :func:`load`, from bytes-like XML (plain or gzip) held in memory; ``source`` names it
    in errors."""
    if isinstance(data, str):
        raise TypeError("loads needs bytes (the encoded document), not str")
    return Casebook._wrap(_xml(_c.sc_xml_load, ("data", data, source),
                               _read_options(validate, check, max_inflated)))


def _input(path, source):
    if isinstance(path, (bytes, bytearray, memoryview)) and not isinstance(path, bytes):
        return ("data", path, source)
    return ("path", path) if source is None else ("path", path, source)


def _stream(s, kinds):
    nxt = _cc.sc_py_stream_next
    new = object.__new__
    try:
        while True:
            try:
                batch = nxt(s)
            except DataError as e:
                raise _validation(e) from None
            if not batch:
                return
            if kinds:
                for kind, h in batch:
                    r = new(Report if kind == _c.SC_RECORD_REPORT else Victim)
                    r._h = h
                    r._owner = None
                    r._lk = None
                    yield r
            else:
                for h in batch:
                    r = new(Report)
                    r._h = h
                    r._owner = None
                    r._lk = None
                    yield r
    finally:
        _c.sc_py_stream_close(s)


def iter_reports(path, validate=True, max_inflated=None, unique_ids=False):
    """Streams the reports of a casebook file (plain or gzip) as independent :class:`Report`
    objects, in document order, without loading the file: a worker thread parses it without
    the GIL and hands reports over in batches, so memory stays flat whatever the size.
    Victims are skipped (see :func:`iter_records`).

    With ``unique_ids=True`` a victim or report id that repeats an earlier one of its kind
    raises :class:`ValidationError` (located after the record's end tag) before that record
    is yielded; the ids seen are kept until the end, so memory then grows with the number of
    records (tens of bytes each, see docs/format.md). The other integrity checks need the
    whole casebook: :func:`load` or :func:`validate`.

    A reading error is raised by the generator when it is reached, after the reports before it
    (``ParseError``, ``ValidationError``, ``LimitError``, ``OSError`` as for :func:`load`).
    Closing the generator (or dropping it) stops the parse and frees everything. ``path`` is a
    str, bytes or os.PathLike (a bytearray or memoryview is read as the document itself).
    """
    s = _c.sc_py_stream_open(_input(path, None),
                             _read_options(validate, None, max_inflated, bool(unique_ids)), 0)
    return _stream(s, False)


def iter_records(path, validate=True, max_inflated=None, unique_ids=False):
    """As :func:`iter_reports`, yielding the victims too: :class:`Victim` and :class:`Report`
    objects in document order (victims first); ``unique_ids`` as there."""
    s = _c.sc_py_stream_open(_input(path, None),
                             _read_options(validate, None, max_inflated, bool(unique_ids)), 1)
    return _stream(s, True)


def count_file(path, by="offence", validate=True, max_inflated=None, unique_ids=True):
    """Counts the reports of a casebook file into a new :class:`Counts`, entirely in C with the
    GIL released, streaming: ``by="offence"`` as :meth:`Report.count` (area, offence label,
    month), ``by="cyber"`` as :meth:`Report.count_cyber`. The months from the first to the last
    report are covered, as ``stalkcase stats`` does. Errors as for :func:`load`; a report
    lacking reported_at or offence raises :class:`ValidationError`. With ``unique_ids`` (the
    default, as ``stalkcase stats``) a victim or report id used again by a record of the same
    kind raises :class:`ValidationError` (``line``/``column`` after that record's end tag), so
    no report is counted twice; memory then grows by tens of bytes per record (the ids seen).
    ``unique_ids=False``: no such check, memory flat. The other integrity checks are
    :func:`validate`'s."""
    if by not in ("offence", "cyber"):
        raise ValueError(f"by must be 'offence' or 'cyber', not {by!r}")
    counts = Counts()
    _xml(_c.sc_py_xml_count, counts._h, _input(path, None),
         _read_options(validate, None, max_inflated, bool(unique_ids)), by == "cyber")
    return counts


def validate(path):
    """Checks a casebook file as ``stalkcase validate`` does: schema errors raise
    :class:`ParseError` / :class:`ValidationError` (with ``source``, ``line``, ``column``);
    integrity problems are returned as a list of :class:`Problem` ([] for a valid file)."""
    return load(path, validate=True, check=False).check()


def schema():
    """The embedded XML Schema of the casebook format (stalkcase-1.xsd), as str."""
    return _c.sc_xml_schema()


def write_counts(counts, path, gzip=False, level=6):
    """Writes a :class:`Counts` table as a "counts" document (same namespace and schema),
    atomically as :meth:`Casebook.write` does."""
    with counts._lock:
        _c.sc_xml_write_counts_path(counts._h, path, (_flag(gzip, "gzip"), level))


def counts_to_bytes(counts, gzip=False, level=6):
    """A :class:`Counts` table as a "counts" document (bytes)."""
    with counts._lock:
        return _c.sc_xml_write_counts_buffer(counts._h, (_flag(gzip, "gzip"), level))
