/*
 * bindings/python/stalkcase.i - SWIG interface of libstalkcase for Python (module
 * stalkcase.stalkcase_swig, extension stalkcase._stalkcase).
 *
 * This is the low-level layer: every wrapped function keeps its C name (sc_...), takes the
 * same inputs and returns its out-parameters instead of a status. The Pythonic API (classes,
 * "YYYY-MM" months, named tuples) is the pure-Python package stalkcase/__init__.py built on it.
 *
 * Conventions applied by the typemaps below:
 *  - status: an int status < 0 raises a stalkcase.Error subclass (made by the factory that
 *    stalkcase/__init__.py registers with sc_py_set_error_factory); on success the function
 *    returns its out-parameters (None when there are none). A trailing `sc_error *err` is
 *    filled by the call and supplies source, line, column, sys_errno and message.
 *  - text (`const char *`): a str, encoded as UTF-8; an embedded NUL raises ValueError; None
 *    passes NULL. Paths (`const char *path`): str, bytes or os.PathLike (PyUnicode_FSConverter).
 *  - `**out` results become Python objects that own the C object and free it with its _free
 *    when collected (%newobject / %delobject); borrowed `const` pointers (cells, breaks,
 *    periods, populations, rate rows) are copied into tuples at once, so no Python object
 *    ever points into memory owned by another.
 *  - months are the library's integers (year * 12 + month - 1); the package converts them.
 *  - the GIL is released around the calls that read files or walk whole tables (%thread).
 */
%module(package="stalkcase", threads="1") stalkcase_swig

/* Struct fields named "from" are never exposed (the structs are converted by typemaps). */
#pragma SWIG nowarn=314

%{
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stalkcase/stalkcase.h>

/* ---- errors ------------------------------------------------------------------------ */

/* Callable(code, sys_errno, source, line, column, message, text) -> exception instance,
 * registered by the package at import. */
static PyObject *sc_py_error_factory = NULL;

/* The sc_error of the call in progress in this thread (set by the `sc_error *err` typemap,
 * read and reset by the status typemap). Thread-local because the GIL may be released. */
static _Thread_local sc_error sc_py_err_buf;
static _Thread_local sc_error *sc_py_err_cur = NULL;

static PyObject *sc_py_set_error_factory(PyObject *factory)
{
    if (factory != Py_None && !PyCallable_Check(factory)) {
        PyErr_SetString(PyExc_TypeError, "the error factory must be callable or None");
        return NULL;
    }
    Py_XDECREF(sc_py_error_factory);
    sc_py_error_factory = NULL;
    if (factory != Py_None) {
        Py_INCREF(factory);
        sc_py_error_factory = factory;
    }
    Py_RETURN_NONE;
}

/* Sets the Python exception for a negative status; err may be NULL. */
static void sc_py_raise(int status, const sc_error *err)
{
    sc_error local;
    char text[3 * SC_ERROR_TEXT_SIZE];
    PyObject *exc;

    if (err == NULL || err->code == SC_OK) {
        sc_error_clear(&local);
        local.code = status;
        err = &local;
    }
    (void)sc_error_format(err, text, sizeof text);
    if (sc_py_error_factory == NULL) {
        PyErr_Format(PyExc_RuntimeError, "%s (status %d)", text, status);
        return;
    }
    exc = PyObject_CallFunction(sc_py_error_factory, "iiO&kkO&O&", status, err->sys_errno,
                                PyUnicode_DecodeFSDefault, err->source, err->line,
                                err->column, sc_py_decode, err->message, sc_py_decode, text);
    if (exc == NULL)
        return; /* the factory failed: its exception stands */
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}
%}

%begin %{
/* The wrapper is compiled with its own flags (see Makefile.am). */
#include <Python.h>
#include <stddef.h>
#include <string.h>
static PyObject *sc_py_decode(const char *s);
static PyObject *sc_py_decode(const char *s)
{
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}
%}

%include <stdint.i>

/* ---- status ------------------------------------------------------------------------ */

/* Every function returning int returns a status unless listed further down. */
%typemap(out) int {
    {
        sc_error *sc_e = sc_py_err_cur;
        sc_py_err_cur = NULL;
        if ($1 < 0) {
            sc_py_raise($1, sc_e);
            SWIG_fail;
        }
    }
    $result = SWIG_Py_Void();
}

/* Functions returning a count or a truth value rather than a status. */
%typemap(out) int sc_month_valid, int sc_month_year, int sc_month_number,
              int sc_counts_has_category, int sc_counts_covers, int sc_counts_equal,
              int sc_series_covers {
    $result = PyLong_FromLong((long)$1);
}
%typemap(out) int sc_counts_has_category, int sc_counts_covers, int sc_counts_equal,
              int sc_series_covers, int sc_month_valid, int sc_time_valid, int sc_time_equal,
              int sc_evidence_kind_is_digital, int sc_evidence_equal, int sc_victim_equal,
              int sc_report_equal, int sc_casebook_equal {
    $result = PyBool_FromLong((long)$1);
}
/* -1, 0 or 1; and months (sc_month is an int32_t, so it would be taken as a status). */
%typemap(out) int sc_time_compare {
    $result = PyLong_FromLong((long)$1);
}
%typemap(out) sc_month sc_time_month {
    $result = PyLong_FromLong((long)$1);
}

%typemap(in, numinputs=0) sc_error *err {
    sc_error_clear(&sc_py_err_buf);
    sc_py_err_cur = &sc_py_err_buf;
    $1 = &sc_py_err_buf;
}

/* ---- text and paths ---------------------------------------------------------------- */

%typemap(in) const char * {
    if ($input == Py_None) {
        $1 = NULL;
    } else if (PyUnicode_Check($input)) {
        Py_ssize_t sc_len;
        const char *sc_s = PyUnicode_AsUTF8AndSize($input, &sc_len);
        if (sc_s == NULL)
            SWIG_fail;
        if (strlen(sc_s) != (size_t)sc_len) {
            PyErr_SetString(PyExc_ValueError, "embedded NUL character in text argument '$1_name'");
            SWIG_fail;
        }
        $1 = ($1_ltype)sc_s;
    } else {
        PyErr_Format(PyExc_TypeError, "'$1_name' must be str, not %.100s", Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
}
%typemap(freearg) const char * "";
%typemap(typecheck) const char * = char *;

%typemap(in) const char *path (PyObject *sc_path = NULL) {
    if (!PyUnicode_FSConverter($input, &sc_path))
        SWIG_fail;
    $1 = PyBytes_AS_STRING(sc_path);
}
%typemap(freearg) const char *path {
    Py_XDECREF(sc_path$argnum);
}

/* Bytes-like input (bytes, bytearray, memoryview, mmap): held for the call. */
%typemap(in) (const void *data, size_t size) (Py_buffer sc_view, int sc_have_view = 0) {
    if (PyObject_GetBuffer($input, &sc_view, PyBUF_SIMPLE) != 0)
        SWIG_fail;
    sc_have_view = 1;
    $1 = sc_view.buf;
    $2 = (size_t)sc_view.len;
}
%typemap(freearg) (const void *data, size_t size) {
    if (sc_have_view$argnum)
        PyBuffer_Release(&sc_view$argnum);
}

/* ---- out-parameters ---------------------------------------------------------------- */

%define SC_OUT_OBJECT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *sc_obj = NULL) {
    $1 = &sc_obj;
}
%typemap(argout) TYPE **out {
    if (*$1 != NULL)
        $result = SWIG_Python_AppendOutput($result,
                      SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, SWIG_POINTER_OWN));
}
%nodefaultctor TYPE;
%enddef

%define SC_OUT_VALUE(CTYPE, NAME, CONVERT)
%typemap(in, numinputs=0) CTYPE *NAME (CTYPE sc_val) {
    memset(&sc_val, 0, sizeof sc_val);
    $1 = &sc_val;
}
%typemap(argout) CTYPE *NAME {
    $result = SWIG_Python_AppendOutput($result, CONVERT(*$1));
}
%enddef

SC_OUT_VALUE(sc_month, out, PyLong_FromLong)
SC_OUT_VALUE(sc_month, first, PyLong_FromLong)
SC_OUT_VALUE(sc_month, last, PyLong_FromLong)
SC_OUT_VALUE(uint64_t, out, PyLong_FromUnsignedLongLong)
SC_OUT_VALUE(size_t, covered, PyLong_FromSize_t)
SC_OUT_VALUE(size_t, index, PyLong_FromSize_t)
SC_OUT_VALUE(double, out, PyFloat_FromDouble)
SC_OUT_VALUE(sc_interval, out, sc_py_interval)
SC_OUT_VALUE(sc_change, out, sc_py_change)

%{
static PyObject *sc_py_text(const char *s)
{
    if (s == NULL)
        Py_RETURN_NONE;
    return sc_py_decode(s);
}

static PyObject *sc_py_month(sc_month m)
{
    char buf[SC_MONTH_BUFSIZE];
    if (!sc_month_valid(m) || sc_month_format(m, buf, sizeof buf) != SC_OK)
        Py_RETURN_NONE;
    return PyUnicode_FromString(buf);
}

/* (estimate, low, high, level, method) */
static PyObject *sc_py_interval(sc_interval v)
{
    return Py_BuildValue("(ddddi)", v.estimate, v.low, v.high, v.level, (int)v.method);
}

/* (month, value, ...) tuples of borrowed structs: copies, never pointers. */
static PyObject *sc_py_break(const sc_break *b)
{
    if (b == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(O&O&O&O&O&)", sc_py_month, b->month, sc_py_text, b->id,
                         sc_py_text, b->title, sc_py_text, b->description, sc_py_text,
                         b->source);
}

/* (month, current, previous, difference, ratio, n_breaks, first break or None) */
static PyObject *sc_py_change(sc_change v)
{
    return Py_BuildValue("(O&KKLdnO&)", sc_py_month, v.month, (unsigned long long)v.current,
                         (unsigned long long)v.previous, (long long)v.difference, v.ratio,
                         (Py_ssize_t)v.n_breaks, sc_py_break, v.brk);
}

/* (ward_code, ward_name, borough, major, minor, month, count) */
static PyObject *sc_py_cell(const sc_cell *c)
{
    if (c == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(O&O&O&O&O&O&K)", sc_py_text, c->ward_code, sc_py_text, c->ward_name,
                         sc_py_text, c->borough, sc_py_text, c->major, sc_py_text, c->minor,
                         sc_py_month, c->month, (unsigned long long)c->count);
}

/* (from, to, months, months_covered, total, mean interval) */
static PyObject *sc_py_period(const sc_period *p)
{
    if (p == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(O&O&nnKN)", sc_py_month, p->from, sc_py_month, p->to,
                         (Py_ssize_t)p->months, (Py_ssize_t)p->months_covered,
                         (unsigned long long)p->total, sc_py_interval(p->mean));
}

/* (name, code, residents) */
static PyObject *sc_py_area_population(const sc_area_population *a)
{
    if (a == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(O&O&K)", sc_py_text, a->name, sc_py_text, a->code,
                         (unsigned long long)a->residents);
}

/* (area, area_name, count, population tuple or None, rate interval or None) */
static PyObject *sc_py_rate_row(const sc_rate_row *r)
{
    PyObject *rate;
    if (r == NULL)
        Py_RETURN_NONE;
    if (r->has_rate) {
        rate = sc_py_interval(r->rate);
    } else {
        rate = Py_None;
        Py_INCREF(rate);
    }
    if (rate == NULL)
        return NULL;
    return Py_BuildValue("(O&O&KO&N)", sc_py_text, r->area, sc_py_text, r->area_name,
                         (unsigned long long)r->count, sc_py_area_population, r->population,
                         rate);
}

/* ---- cells of a table: sc_counts_foreach into a list (the GIL is held throughout) ---- */
static int sc_py_cell_cb(const sc_cell *cell, void *payload)
{
    PyObject *t = sc_py_cell(cell);
    int rc;
    if (t == NULL)
        return 1;
    rc = PyList_Append((PyObject *)payload, t);
    Py_DECREF(t);
    return rc == 0 ? 0 : 1;
}

static PyObject *sc_py_counts_cells(const sc_counts *c)
{
    PyObject *list;
    int rc;
    if (c == NULL) {
        PyErr_SetString(PyExc_ValueError, "no table");
        return NULL;
    }
    list = PyList_New(0);
    if (list == NULL)
        return NULL;
    rc = sc_counts_foreach(c, sc_py_cell_cb, list);
    if (rc != 0) {
        Py_DECREF(list);
        if (!PyErr_Occurred())
            sc_py_raise(rc < 0 ? rc : SC_EUSER, NULL);
        return NULL;
    }
    return list;
}

/* ---- string vectors for filters: copied, so the call may run without the GIL ---- */
static void sc_py_strv_free(char **v, size_t n)
{
    size_t i;
    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int sc_py_strv(PyObject *seq, const char *what, char ***out, size_t *n)
{
    PyObject *fast;
    Py_ssize_t i, len;
    char **v;

    *out = NULL;
    *n = 0;
    if (seq == Py_None)
        return 0;
    if (PyUnicode_Check(seq)) {
        PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not a str", what);
        return -1;
    }
    fast = PySequence_Fast(seq, what);
    if (fast == NULL)
        return -1;
    len = PySequence_Fast_GET_SIZE(fast);
    if (len == 0) {
        Py_DECREF(fast);
        return 0;
    }
    v = calloc((size_t)len, sizeof *v);
    if (v == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (i = 0; i < len; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        Py_ssize_t sl;
        const char *s;
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "%s must hold str, not %.100s", what,
                         Py_TYPE(item)->tp_name);
            goto fail;
        }
        s = PyUnicode_AsUTF8AndSize(item, &sl);
        if (s == NULL)
            goto fail;
        if (strlen(s) != (size_t)sl) {
            PyErr_Format(PyExc_ValueError, "embedded NUL character in %s", what);
            goto fail;
        }
        v[i] = malloc((size_t)sl + 1);
        if (v[i] == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        memcpy(v[i], s, (size_t)sl + 1);
    }
    Py_DECREF(fast);
    *out = v;
    *n = (size_t)len;
    return 0;
fail:
    Py_DECREF(fast);
    sc_py_strv_free(v, (size_t)len);
    return -1;
}

static int sc_py_month_arg(PyObject *o, sc_month *m)
{
    long v;
    if (o == Py_None) {
        *m = SC_MONTH_NONE;
        return 0;
    }
    v = PyLong_AsLong(o);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < INT32_MIN || v > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "month out of range");
        return -1;
    }
    *m = (sc_month)v;
    return 0;
}

/* Sequence of numbers (None -> NaN) into a new double array of n. */
static double *sc_py_doubles(PyObject *seq, Py_ssize_t n, const char *what)
{
    PyObject *fast = PySequence_Fast(seq, what);
    double *v;
    Py_ssize_t i;
    if (fast == NULL)
        return NULL;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        PyErr_Format(PyExc_ValueError, "%s must have as many items as months", what);
        Py_DECREF(fast);
        return NULL;
    }
    v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (v == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (item == Py_None) {
            v[i] = NAN;
        } else {
            v[i] = PyFloat_AsDouble(item);
            if (v[i] == -1.0 && PyErr_Occurred()) {
                free(v);
                Py_DECREF(fast);
                return NULL;
            }
        }
    }
    Py_DECREF(fast);
    return v;
}
%}

/* ---- filters and options: None for the defaults, or a tuple ---- */

/* (from, to, category) */
%typemap(in) const sc_counts_filter *filter (sc_counts_filter sc_f = SC_COUNTS_FILTER_INIT,
                                             PyObject *sc_cat = NULL) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        PyObject *from, *to, *cat;
        if (!PyArg_ParseTuple($input, "OOO;counts filter must be (from, to, category)", &from, &to, &cat))
            SWIG_fail;
        if (sc_py_month_arg(from, &sc_f.from) != 0 || sc_py_month_arg(to, &sc_f.to) != 0)
            SWIG_fail;
        if (cat != Py_None) {
            Py_ssize_t sl;
            const char *s;
            if (!PyUnicode_Check(cat)) {
                PyErr_SetString(PyExc_TypeError, "category must be str or None");
                SWIG_fail;
            }
            s = PyUnicode_AsUTF8AndSize(cat, &sl);
            if (s == NULL)
                SWIG_fail;
            if (strlen(s) != (size_t)sl) {
                PyErr_SetString(PyExc_ValueError, "embedded NUL character in category");
                SWIG_fail;
            }
            sc_cat = PyBytes_FromStringAndSize(s, sl); /* a private copy */
            if (sc_cat == NULL)
                SWIG_fail;
            sc_f.category = PyBytes_AS_STRING(sc_cat);
        }
        $1 = &sc_f;
    }
}
%typemap(freearg) const sc_counts_filter *filter {
    Py_XDECREF(sc_cat$argnum);
}

/* (from, to, ward_codes, boroughs, categories) */
%typemap(in) const sc_series_filter *filter (sc_series_filter sc_f = SC_SERIES_FILTER_INIT,
                                             char **sc_w = NULL, size_t sc_nw = 0,
                                             char **sc_b = NULL, size_t sc_nb = 0,
                                             char **sc_c = NULL, size_t sc_nc = 0) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        PyObject *from, *to, *w, *b, *c;
        if (!PyArg_ParseTuple($input, "OOOOO;series filter must be (from, to, ward_codes, boroughs, categories)",
                              &from, &to, &w, &b, &c))
            SWIG_fail;
        if (sc_py_month_arg(from, &sc_f.from) != 0 || sc_py_month_arg(to, &sc_f.to) != 0)
            SWIG_fail;
        if (sc_py_strv(w, "ward_codes", &sc_w, &sc_nw) != 0 ||
            sc_py_strv(b, "boroughs", &sc_b, &sc_nb) != 0 ||
            sc_py_strv(c, "categories", &sc_c, &sc_nc) != 0)
            SWIG_fail;
        sc_f.ward_codes = (const char *const *)sc_w;
        sc_f.n_ward_codes = sc_nw;
        sc_f.boroughs = (const char *const *)sc_b;
        sc_f.n_boroughs = sc_nb;
        sc_f.categories = (const char *const *)sc_c;
        sc_f.n_categories = sc_nc;
        $1 = &sc_f;
    }
}
%typemap(freearg) const sc_series_filter *filter {
    sc_py_strv_free(sc_w$argnum, sc_nw$argnum);
    sc_py_strv_free(sc_b$argnum, sc_nb$argnum);
    sc_py_strv_free(sc_c$argnum, sc_nc$argnum);
}

/* (level, require_coverage) */
%typemap(in) const sc_comparison_options *options (sc_comparison_options sc_o = SC_COMPARISON_OPTIONS_INIT) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (!PyArg_ParseTuple($input, "dp;comparison options must be (level, require_coverage)",
                              &sc_o.level, &sc_o.require_coverage))
            SWIG_fail;
        $1 = &sc_o;
    }
}

/* (per, level) */
%typemap(in) const sc_rates_options *options (sc_rates_options sc_o = SC_RATES_OPTIONS_INIT) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (!PyArg_ParseTuple($input, "dd;rates options must be (per, level)", &sc_o.per, &sc_o.level))
            SWIG_fail;
        $1 = &sc_o;
    }
}

/* (width, height) */
%typemap(in) const sc_chart_options *options (sc_chart_options sc_o = SC_CHART_OPTIONS_INIT) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (!PyArg_ParseTuple($input, "II;chart options must be (width, height)", &sc_o.width, &sc_o.height))
            SWIG_fail;
        $1 = &sc_o;
    }
}

/* (months, values, low or None, high or None): months are ints, values numbers or None. */
%typemap(in) (const sc_month *months, const double *values, const double *low,
              const double *high, size_t n)
             (sc_month *sc_m = NULL, double *sc_v = NULL, double *sc_lo = NULL,
              double *sc_hi = NULL) {
    PyObject *ms, *vs, *los, *his, *fast;
    Py_ssize_t i, len;
    if (!PyArg_ParseTuple($input, "OOOO;a line is (months, values, low, high)", &ms, &vs, &los, &his))
        SWIG_fail;
    fast = PySequence_Fast(ms, "months must be a sequence");
    if (fast == NULL)
        SWIG_fail;
    len = PySequence_Fast_GET_SIZE(fast);
    sc_m = malloc((size_t)(len > 0 ? len : 1) * sizeof *sc_m);
    if (sc_m == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (i = 0; i < len; i++) {
        if (sc_py_month_arg(PySequence_Fast_GET_ITEM(fast, i), &sc_m[i]) != 0) {
            Py_DECREF(fast);
            SWIG_fail;
        }
    }
    Py_DECREF(fast);
    sc_v = sc_py_doubles(vs, len, "values");
    if (sc_v == NULL)
        SWIG_fail;
    if (los != Py_None && (sc_lo = sc_py_doubles(los, len, "low")) == NULL)
        SWIG_fail;
    if (his != Py_None && (sc_hi = sc_py_doubles(his, len, "high")) == NULL)
        SWIG_fail;
    $1 = sc_m;
    $2 = sc_v;
    $3 = sc_lo;
    $4 = sc_hi;
    $5 = (size_t)len;
}
%typemap(freearg) (const sc_month *months, const double *values, const double *low,
                   const double *high, size_t n) {
    free(sc_m$argnum);
    free(sc_v$argnum);
    free(sc_lo$argnum);
    free(sc_hi$argnum);
}

/* sc_month_format, sc_time_format, sc_sha256_to_hex: the text as str. */
%typemap(in, numinputs=0) (char *buf, size_t size) (char sc_text[128]) {
    sc_text[0] = '\0';
    $1 = sc_text;
    $2 = sizeof sc_text;
}
%typemap(argout) (char *buf, size_t size) {
    $result = SWIG_Python_AppendOutput($result, PyUnicode_FromString($1));
}

/* sc_chart_write_buffer: the SVG document as str; the C buffer is freed with sc_free. */
%typemap(in, numinputs=0) (char **out, size_t *size) (char *sc_buf = NULL, size_t sc_size = 0) {
    $1 = &sc_buf;
    $2 = &sc_size;
}
%typemap(argout) (char **out, size_t *size) {
    if (*$1 != NULL) {
        PyObject *sc_doc = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)*$2, "strict");
        sc_free(*$1);
        *$1 = NULL;
        if (sc_doc == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, sc_doc);
    }
}
%typemap(freearg) (char **out, size_t *size) {
    sc_free(sc_buf$argnum);
}

/* sc_mps_info *info: the import summary (rows, month_columns, first_month, last_month). */
%typemap(in, numinputs=0) sc_mps_info *info (sc_mps_info sc_info = SC_MPS_INFO_INIT) {
    $1 = &sc_info;
}
%typemap(argout) sc_mps_info *info {
    $result = SWIG_Python_AppendOutput($result,
                      Py_BuildValue("(nnii)", (Py_ssize_t)$1->rows, (Py_ssize_t)$1->month_columns,
                                    (int)$1->first_month, (int)$1->last_month));
}

/* Borrowed structs: copied into tuples at once. */
%typemap(out) const sc_cell * { $result = sc_py_cell($1); }
%typemap(out) const sc_break * { $result = sc_py_break($1); }
%typemap(out) const sc_period * { $result = sc_py_period($1); }
%typemap(out) const sc_area_population * { $result = sc_py_area_population($1); }
%typemap(out) const sc_rate_row * { $result = sc_py_rate_row($1); }

/* ==================================================================== case records and XML */

%{
#include <datetime.h>
#include <limits.h>
#include <pthread.h>

/* ---- times: sc_time <-> datetime.date / timezone-aware datetime.datetime ---- */

/* timezone objects by offset in minutes (-1439..1439), made once; slot 1439 (offset 0) is
 * timezone(timedelta(0), "+00:00"), the spelling "+00:00"; "Z" is datetime.timezone.utc. */
static PyObject *sc_py_tz_cache[2 * 1439 + 1];

static PyObject *sc_py_tz(int offset, int zulu)
{
    PyObject **slot;
    if (offset == 0 && zulu) {
        Py_INCREF(PyDateTime_TimeZone_UTC);
        return PyDateTime_TimeZone_UTC;
    }
    if (offset < -1439 || offset > 1439) {
        PyErr_SetString(PyExc_ValueError, "UTC offset out of range");
        return NULL;
    }
    slot = &sc_py_tz_cache[offset + 1439];
    if (*slot == NULL) {
        PyObject *delta = PyDelta_FromDSU(0, offset * 60, 0);
        if (delta == NULL)
            return NULL;
        if (offset == 0) {
            PyObject *name = PyUnicode_FromString("+00:00");
            if (name != NULL)
                *slot = PyTimeZone_FromOffsetAndName(delta, name);
            Py_XDECREF(name);
        } else {
            *slot = PyTimeZone_FromOffset(delta);
        }
        Py_DECREF(delta);
        if (*slot == NULL)
            return NULL;
    }
    Py_INCREF(*slot);
    return *slot;
}

/* None for SC_TIME_NONE, a date for SC_TIME_DATE, an aware datetime (in the offset it was
 * written with) for SC_TIME_DATETIME. */
static PyObject *sc_py_time(sc_time t)
{
    int y, mo, d;
    long long local, sod;
    PyObject *tz, *res;
    if (t.kind == SC_TIME_NONE)
        Py_RETURN_NONE;
    if (sc_time_local_date(&t, &y, &mo, &d) != SC_OK) {
        PyErr_SetString(PyExc_ValueError, "invalid time value");
        return NULL;
    }
    if (t.kind == SC_TIME_DATE)
        return PyDate_FromDate(y, mo, d);
    local = (long long)t.utc + (long long)t.offset * 60;
    sod = local % 86400;
    if (sod < 0)
        sod += 86400;
    tz = sc_py_tz((int)t.offset, (int)t.zulu);
    if (tz == NULL)
        return NULL;
    res = PyDateTimeAPI->DateTime_FromDateAndTime(y, mo, d, (int)(sod / 3600), (int)(sod / 60 % 60),
                                                  (int)(sod % 60), 0, tz,
                                                  PyDateTimeAPI->DateTimeType);
    Py_DECREF(tz);
    return res;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long sc_py_days_from_civil(long long y, int m, int d)
{
    long long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* A time argument: an aware datetime, a date, or text as sc_time_parse reads it (date or
 * timestamp). Naive datetimes, fractions of a second and offsets that are not whole minutes
 * raise ValueError (they cannot be written back as they came). Returns 0 or -1 (exception). */
static int sc_py_time_arg(PyObject *o, sc_time *t)
{
    sc_time none = SC_TIME_INIT;
    *t = none;
    if (PyUnicode_Check(o)) {
        Py_ssize_t len;
        sc_error err;
        int rc;
        const char *s = PyUnicode_AsUTF8AndSize(o, &len);
        if (s == NULL)
            return -1;
        if (strlen(s) != (size_t)len) {
            PyErr_SetString(PyExc_ValueError, "embedded NUL character in a time");
            return -1;
        }
        sc_error_clear(&err);
        rc = sc_time_parse(t, s, SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME, &err);
        if (rc != SC_OK) {
            sc_py_raise(rc, &err);
            return -1;
        }
        return 0;
    }
    if (PyDateTime_Check(o)) {
        PyObject *off;
        long secs, mins;
        long long local;
        off = PyObject_CallMethod(o, "utcoffset", NULL);
        if (off == NULL)
            return -1;
        if (off == Py_None) {
            Py_DECREF(off);
            PyErr_SetString(PyExc_ValueError,
                            "a naive datetime has no UTC offset: give it a tzinfo "
                            "(e.g. datetime.timezone.utc)");
            return -1;
        }
        if (!PyDelta_Check(off)) {
            Py_DECREF(off);
            PyErr_SetString(PyExc_TypeError, "utcoffset() did not return a timedelta");
            return -1;
        }
        secs = (long)PyDateTime_DELTA_GET_DAYS(off) * 86400L + PyDateTime_DELTA_GET_SECONDS(off);
        if (PyDateTime_DELTA_GET_MICROSECONDS(off) != 0 || secs % 60 != 0) {
            Py_DECREF(off);
            PyErr_SetString(PyExc_ValueError, "the UTC offset must be a whole number of minutes");
            return -1;
        }
        Py_DECREF(off);
        mins = secs / 60;
        if (mins < -1439 || mins > 1439) {
            PyErr_SetString(PyExc_ValueError, "the UTC offset must lie within -23:59..+23:59");
            return -1;
        }
        if (PyDateTime_DATE_GET_MICROSECOND(o) != 0) {
            PyErr_SetString(PyExc_ValueError,
                            "fractions of a second cannot be stored (times are kept to the "
                            "second): use dt.replace(microsecond=0)");
            return -1;
        }
        local = sc_py_days_from_civil(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o),
                                      PyDateTime_GET_DAY(o)) * 86400LL +
                PyDateTime_DATE_GET_HOUR(o) * 3600LL + PyDateTime_DATE_GET_MINUTE(o) * 60LL +
                PyDateTime_DATE_GET_SECOND(o);
        if (sc_time_from_utc(t, (int64_t)(local - mins * 60LL), (int)mins) != SC_OK) {
            PyErr_SetString(PyExc_ValueError, "time out of range");
            return -1;
        }
        if (mins == 0) {
            /* "+00:00" only for the timezone the reader makes for it (or any named so) */
            PyObject *name = PyObject_CallMethod(o, "tzname", NULL);
            if (name == NULL)
                return -1;
            if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, "+00:00") == 0)
                t->zulu = 0;
            Py_DECREF(name);
        }
        return 0;
    }
    if (PyDate_Check(o)) {
        if (sc_time_from_date(t, PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o),
                              PyDateTime_GET_DAY(o)) != SC_OK) {
            PyErr_SetString(PyExc_ValueError, "date out of range");
            return -1;
        }
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "a time must be an aware datetime, a date, an ISO 8601 str or "
                 "None, not %.100s", Py_TYPE(o)->tp_name);
    return -1;
}

/* ---- custody entries and problems: copied into tuples ---- */

/* (at, actor, action, note) */
static PyObject *sc_py_custody(const sc_custody *c)
{
    if (c == NULL)
        Py_RETURN_NONE;
    return Py_BuildValue("(NO&O&O&)", sc_py_time(c->at), sc_py_text, c->actor, sc_py_text,
                         c->action, sc_py_text, c->note);
}

typedef struct sc_py_problem {
    int code, kind;
    char *id, *report_id, *detail, *message;
} sc_py_problem;

typedef struct sc_py_problems {
    sc_py_problem *items;
    size_t n, cap;
} sc_py_problems;

#define SC_PY_PROBLEMS_INIT { NULL, 0, 0 }

static int sc_py_dup(char **out, const char *s)
{
    size_t len;
    *out = NULL;
    if (s == NULL)
        return 0;
    len = strlen(s);
    *out = malloc(len + 1);
    if (*out == NULL)
        return -1;
    memcpy(*out, s, len + 1);
    return 0;
}

static void sc_py_problems_free(sc_py_problems *l)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        free(l->items[i].id);
        free(l->items[i].report_id);
        free(l->items[i].detail);
        free(l->items[i].message);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

/* sc_casebook_check callback: collects copies (runs without the GIL). */
static int sc_py_problem_cb(const sc_problem *p, void *payload)
{
    sc_py_problems *l = payload;
    sc_py_problem *q;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        sc_py_problem *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return SC_ENOMEM;
        l->items = items;
        l->cap = cap;
    }
    q = &l->items[l->n];
    memset(q, 0, sizeof *q);
    q->code = (int)p->code;
    q->kind = (int)p->kind;
    l->n++;
    if (sc_py_dup(&q->id, p->id) || sc_py_dup(&q->report_id, p->report_id) ||
        sc_py_dup(&q->detail, p->detail) || sc_py_dup(&q->message, p->message))
        return SC_ENOMEM;
    return 0;
}

/* [(code, kind, id, report_id, detail, message), ...] */
static PyObject *sc_py_problems_list(const sc_py_problems *l)
{
    PyObject *list = PyList_New((Py_ssize_t)l->n);
    size_t i;
    if (list == NULL)
        return NULL;
    for (i = 0; i < l->n; i++) {
        const sc_py_problem *q = &l->items[i];
        PyObject *t = Py_BuildValue("(iiO&O&O&O&)", q->code, q->kind, sc_py_text, q->id,
                                    sc_py_text, q->report_id, sc_py_text, q->detail,
                                    sc_py_text, q->message);
        if (t == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* ---- XML inputs and options ---- */

typedef struct sc_py_input {
    sc_xml_input in;
    PyObject *path;  /* bytes of the path (PyUnicode_FSConverter) */
    PyObject *name;  /* bytes of the name (UTF-8) */
    Py_buffer view;  /* the data, held while the input is in use */
    int have_view;
} sc_py_input;

#define SC_PY_INPUT_INIT { SC_XML_INPUT_INIT, NULL, NULL, { 0 }, 0 }

/* (kind, value[, name]): ("path", str | bytes | os.PathLike), ("data", bytes-like) or
 * ("fd", int); name (str) is used in error messages. With the GIL. */
static int sc_py_input_get(PyObject *o, sc_py_input *pi)
{
    const char *kind;
    PyObject *value, *name = Py_None;
    if (!PyTuple_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "an XML input is a tuple (kind, value[, name])");
        return -1;
    }
    if (!PyArg_ParseTuple(o, "sO|O;an XML input is (kind, value[, name])", &kind, &value, &name))
        return -1;
    if (name != Py_None) {
        Py_ssize_t len;
        const char *s;
        if (!PyUnicode_Check(name)) {
            PyErr_SetString(PyExc_TypeError, "the input's name must be str or None");
            return -1;
        }
        s = PyUnicode_AsUTF8AndSize(name, &len);
        if (s == NULL)
            return -1;
        if (strlen(s) != (size_t)len) {
            PyErr_SetString(PyExc_ValueError, "embedded NUL character in the input's name");
            return -1;
        }
        pi->name = PyBytes_FromStringAndSize(s, len);
        if (pi->name == NULL)
            return -1;
        pi->in.name = PyBytes_AS_STRING(pi->name);
    }
    if (strcmp(kind, "path") == 0) {
        if (!PyUnicode_FSConverter(value, &pi->path))
            return -1;
        pi->in.path = PyBytes_AS_STRING(pi->path);
    } else if (strcmp(kind, "data") == 0) {
        if (PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "XML data must be bytes-like, not str");
            return -1;
        }
        if (PyObject_GetBuffer(value, &pi->view, PyBUF_SIMPLE) != 0)
            return -1;
        pi->have_view = 1;
        pi->in.data = pi->view.buf != NULL ? pi->view.buf : (const void *)"";
        pi->in.size = (size_t)pi->view.len;
    } else if (strcmp(kind, "fd") == 0) {
        long fd = PyLong_AsLong(value);
        if (fd == -1 && PyErr_Occurred())
            return -1;
        if (fd < 0 || fd > INT_MAX) {
            PyErr_SetString(PyExc_ValueError, "a file descriptor must be >= 0");
            return -1;
        }
        pi->in.fd = (int)fd;
    } else {
        PyErr_Format(PyExc_ValueError, "unknown input kind '%.20s' (path, data or fd)", kind);
        return -1;
    }
    return 0;
}

/* With the GIL. */
static void sc_py_input_release(sc_py_input *pi)
{
    Py_CLEAR(pi->path);
    Py_CLEAR(pi->name);
    if (pi->have_view) {
        PyBuffer_Release(&pi->view);
        pi->have_view = 0;
    }
}

static int sc_py_uint(PyObject *o, unsigned int *out, const char *what)
{
    unsigned long v;
    if (o == Py_None)
        return 0;
    v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred())
        return -1;
    if (v > UINT_MAX) {
        PyErr_Format(PyExc_OverflowError, "%s out of range", what);
        return -1;
    }
    *out = (unsigned int)v;
    return 0;
}

/* (validate, check, max_inflated, max_depth, max_name, max_attribute, max_text[, unique_ids]);
 * None for an item (or unique_ids left out) keeps its default. */
static int sc_py_read_options(PyObject *o, sc_xml_read_options *opts)
{
    PyObject *v, *c, *infl, *depth, *name, *attr, *text, *uid = Py_None;
    if (!PyArg_ParseTuple(o, "OOOOOOO|O;read options are (validate, check, max_inflated, "
                          "max_depth, max_name, max_attribute, max_text[, unique_ids])",
                          &v, &c, &infl, &depth, &name, &attr, &text, &uid))
        return -1;
    if (uid != Py_None) {
        int b = PyObject_IsTrue(uid);
        if (b < 0)
            return -1;
        opts->unique_ids = b;
    }
    if (v != Py_None) {
        int b = PyObject_IsTrue(v);
        if (b < 0)
            return -1;
        opts->validate = b;
    }
    if (c != Py_None) {
        int b = PyObject_IsTrue(c);
        if (b < 0)
            return -1;
        opts->check = b;
    }
    if (infl != Py_None) {
        unsigned long long n = PyLong_AsUnsignedLongLong(infl);
        if (n == (unsigned long long)-1 && PyErr_Occurred())
            return -1;
        opts->max_inflated = (uint64_t)n;
    }
    if (sc_py_uint(depth, &opts->max_depth, "max_depth") || sc_py_uint(name, &opts->max_name, "max_name") ||
        sc_py_uint(attr, &opts->max_attribute, "max_attribute") ||
        sc_py_uint(text, &opts->max_text, "max_text"))
        return -1;
    return 0;
}

/* ---- records handed to Python: SWIG objects that own them ---- */

/* A bare SWIG pointer object (not a proxy class instance: cheaper to make, accepted by every
 * wrapped function) that frees the record with its _free when collected. */
static PyObject *sc_py_own(void *p, swig_type_info *ty)
{
    return SwigPyObject_New(p, ty, SWIG_POINTER_OWN);
}

/* A borrowed record as a bare SWIG pointer object that does not own it; None for NULL. The
 * package keeps the owner alive beside it. */
static PyObject *sc_py_borrow(void *p, swig_type_info *ty)
{
    if (p == NULL)
        Py_RETURN_NONE;
    return SwigPyObject_New(p, ty, 0);
}

/* ---- sc_xml_stream with Python callbacks (the GIL is held throughout) ---- */

typedef struct sc_py_callbacks {
    PyObject *on_victim, *on_report;
} sc_py_callbacks;

/* Calls fn with a copy the callback owns; returns 0 to go on, 1 to stop (a true result),
 * SC_EUSER when it raised (the exception stays set). */
static int sc_py_call(PyObject *fn, PyObject *obj)
{
    PyObject *res;
    int truth;
    sc_error *saved_cur;
    if (obj == NULL)
        return SC_EUSER;
    /* the callback may call wrapped functions, which use this thread's error record: the
     * running sc_xml_stream's must survive them */
    saved_cur = sc_py_err_cur;
    res = PyObject_CallFunctionObjArgs(fn, obj, NULL);
    sc_py_err_cur = saved_cur;
    Py_DECREF(obj);
    if (res == NULL)
        return SC_EUSER;
    truth = PyObject_IsTrue(res);
    Py_DECREF(res);
    if (truth < 0)
        return SC_EUSER;
    return truth ? 1 : 0;
}

static int sc_py_on_victim(const sc_victim *v, void *payload)
{
    sc_py_callbacks *cbs = payload;
    sc_victim *copy;
    if (sc_victim_copy(&copy, v) != SC_OK) {
        PyErr_NoMemory();
        return SC_EUSER;
    }
    return sc_py_call(cbs->on_victim, sc_py_own(copy, SWIGTYPE_p_sc_victim));
}

static int sc_py_on_report(const sc_report *r, void *payload)
{
    sc_py_callbacks *cbs = payload;
    sc_report *copy;
    if (sc_report_copy(&copy, r) != SC_OK) {
        PyErr_NoMemory();
        return SC_EUSER;
    }
    return sc_py_call(cbs->on_report, sc_py_own(copy, SWIGTYPE_p_sc_report));
}

/* ---- counting a casebook file in C (the GIL released) ---- */

typedef struct sc_py_count_ctx {
    sc_counts *counts;
    int cyber;
    sc_error err;
} sc_py_count_ctx;

static int sc_py_count_report(const sc_report *r, void *payload)
{
    sc_py_count_ctx *ctx = payload;
    return ctx->cyber ? sc_report_count_cyber(r, ctx->counts, &ctx->err)
                      : sc_report_count(r, ctx->counts, &ctx->err);
}

static int sc_py_xml_count(sc_counts *counts, const sc_xml_input *in,
                           const sc_xml_read_options *opts, int cyber, sc_error *err)
{
    sc_py_count_ctx ctx;
    sc_month first, last;
    int rc;
    if (counts == NULL)
        return SC_EINVAL;
    ctx.counts = counts;
    ctx.cyber = cyber;
    sc_error_clear(&ctx.err);
    rc = sc_xml_stream(in, opts, NULL, sc_py_count_report, &ctx, err);
    if (rc != SC_OK && ctx.err.code != SC_OK && err != NULL) {
        /* the counting failed: its message, at the reader's position */
        err->code = ctx.err.code;
        snprintf(err->message, sizeof err->message, "%s", ctx.err.message);
    }
    if (rc == SC_OK && sc_counts_coverage(counts, &first, &last) == SC_OK)
        rc = sc_counts_cover(counts, first, last);
    return rc;
}

/* "YYYY-MM" written directly (the hot path of iterating reports: no snprintf). */
static PyObject *sc_py_report_month(const sc_report *r)
{
    sc_time t = sc_report_get_time(r, SC_REPORT_REPORTED_AT);
    sc_month m = sc_time_month(&t);
    int y, mo;
    char buf[7];
    if (!sc_month_valid(m))
        Py_RETURN_NONE;
    y = sc_month_year(m);
    mo = sc_month_number(m);
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + mo / 10);
    buf[6] = (char)('0' + mo % 10);
    return PyUnicode_DecodeASCII(buf, 7, NULL);
}

/* ---- streaming records to a Python generator through a worker thread ----
 *
 * The worker runs sc_xml_stream_take without the GIL. Its callbacks put each record handed over
 * into a batch of SC_PY_BATCH; full batches go through a queue of at most SC_PY_QUEUE batches
 * (the worker waits when it is full), so memory stays bounded whatever the file size. sc_py_stream_next
 * takes the next batch and hands its records to Python as objects that own them. Closing
 * (or collecting) the stream sets `stop`: the worker's next hand-over returns SC_EUSER, the
 * parse ends, the thread is joined and every record not handed out is freed.
 */
#define SC_PY_BATCH 256
#define SC_PY_QUEUE 4

typedef struct sc_py_item {
    void *rec;
    int kind; /* SC_RECORD_REPORT or SC_RECORD_VICTIM */
} sc_py_item;

typedef struct sc_py_batch {
    size_t n;
    sc_py_item items[SC_PY_BATCH];
} sc_py_batch;

typedef struct sc_py_stream {
    sc_py_input input;
    sc_xml_read_options opts;
    int have_opts, victims;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sc_py_batch *queue[SC_PY_QUEUE];
    size_t head, count;
    sc_py_batch *cur;            /* the worker's batch being filled */
    int started, joined, done, stop, busy, closed;
    int rc;                      /* the worker's result, once done */
    sc_error err;
    pthread_t thread;
} sc_py_stream;

static void sc_py_item_free(sc_py_item *it)
{
    if (it->kind == SC_RECORD_VICTIM)
        sc_victim_free(it->rec);
    else
        sc_report_free(it->rec);
}

static void sc_py_batch_free(sc_py_batch *b)
{
    size_t i;
    if (b == NULL)
        return;
    for (i = 0; i < b->n; i++)
        sc_py_item_free(&b->items[i]);
    free(b);
}

/* Worker: queues the current batch, waiting for room. SC_EUSER when the stream was closed. */
static int sc_py_stream_flush(sc_py_stream *s)
{
    int rc = 0;
    pthread_mutex_lock(&s->mu);
    while (s->count == SC_PY_QUEUE && !s->stop)
        pthread_cond_wait(&s->cv, &s->mu);
    if (s->stop) {
        rc = SC_EUSER;
    } else {
        s->queue[(s->head + s->count) % SC_PY_QUEUE] = s->cur;
        s->count++;
        s->cur = NULL;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static int sc_py_stream_push(sc_py_stream *s, void *rec, int kind)
{
    if (s->cur == NULL) {
        s->cur = malloc(sizeof *s->cur);
        if (s->cur == NULL) {
            sc_py_item it = { rec, kind };
            sc_py_item_free(&it);
            return SC_ENOMEM;
        }
        s->cur->n = 0;
    }
    s->cur->items[s->cur->n].rec = rec;
    s->cur->items[s->cur->n].kind = kind;
    s->cur->n++;
    return s->cur->n == SC_PY_BATCH ? sc_py_stream_flush(s) : 0;
}

/* sc_xml_stream_take hands each record over: the batch owns it from here (freed with the
 * batch when the stream stops early). */
static int sc_py_stream_report(sc_report *r, void *payload)
{
    return sc_py_stream_push(payload, r, SC_RECORD_REPORT);
}

static int sc_py_stream_victim(sc_victim *v, void *payload)
{
    return sc_py_stream_push(payload, v, SC_RECORD_VICTIM);
}

static void *sc_py_stream_main(void *arg)
{
    sc_py_stream *s = arg;
    sc_error err;
    int rc;
    sc_error_clear(&err);
    rc = sc_xml_stream_take(&s->input.in, s->have_opts ? &s->opts : NULL,
                            s->victims ? sc_py_stream_victim : NULL, sc_py_stream_report, s,
                            &err);
    if (rc == SC_ENOMEM)
        snprintf(err.message, sizeof err.message, "out of memory");
    /* the records read before an error are handed out before it is raised */
    if (s->cur != NULL && s->cur->n > 0 && sc_py_stream_flush(s) != 0 && rc == SC_OK)
        rc = SC_EUSER;
    pthread_mutex_lock(&s->mu);
    s->rc = rc;
    s->err = err;
    s->done = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* Stops the worker, joins it and frees every record not handed out. With the GIL. */
static void sc_py_stream_shutdown(sc_py_stream *s)
{
    size_t i;
    if (s->started && !s->joined) {
        s->joined = 1;
        pthread_mutex_lock(&s->mu);
        s->stop = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        Py_BEGIN_ALLOW_THREADS
        pthread_join(s->thread, NULL);
        Py_END_ALLOW_THREADS
    }
    for (i = 0; i < s->count; i++)
        sc_py_batch_free(s->queue[(s->head + i) % SC_PY_QUEUE]);
    s->count = 0;
    sc_py_batch_free(s->cur);
    s->cur = NULL;
    sc_py_input_release(&s->input);
    s->closed = 1;
}

static void sc_py_stream_free(sc_py_stream *s)
{
    if (s == NULL)
        return;
    sc_py_stream_shutdown(s);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
%}

/* ---- times ---- */
%typemap(in) const sc_time * (sc_time sc_tv) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (sc_py_time_arg($input, &sc_tv) != 0)
            SWIG_fail;
        $1 = &sc_tv;
    }
}
%typemap(out) sc_time {
    $result = sc_py_time($1);
    if ($result == NULL)
        SWIG_fail;
}
%typemap(in, numinputs=0) sc_time *out (sc_time sc_tv) {
    memset(&sc_tv, 0, sizeof sc_tv);
    $1 = &sc_tv;
}
%typemap(argout) sc_time *out {
    {
        PyObject *sc_o = sc_py_time(*$1);
        if (sc_o == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, sc_o);
    }
}
SC_OUT_VALUE(int, year, PyLong_FromLong)
SC_OUT_VALUE(int, month, PyLong_FromLong)
SC_OUT_VALUE(int, day, PyLong_FromLong)

/* ---- vocabularies: the value of a token ---- */
SC_OUT_VALUE(sc_offence, out, PyLong_FromLong)
SC_OUT_VALUE(sc_relationship, out, PyLong_FromLong)
SC_OUT_VALUE(sc_typology, out, PyLong_FromLong)
SC_OUT_VALUE(sc_evidence_kind, out, PyLong_FromLong)
SC_OUT_VALUE(sc_risk, out, PyLong_FromLong)
SC_OUT_VALUE(sc_channel, out, PyLong_FromLong)
SC_OUT_VALUE(sc_tristate, out, PyLong_FromLong)

/* ---- digests: 32 bytes in and out ---- */
%typemap(in) const uint8_t *sha256 (Py_buffer sc_dview, int sc_have_dview = 0) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (PyUnicode_Check($input)) {
            PyErr_SetString(PyExc_TypeError, "a SHA-256 digest is 32 bytes, not str");
            SWIG_fail;
        }
        if (PyObject_GetBuffer($input, &sc_dview, PyBUF_SIMPLE) != 0)
            SWIG_fail;
        sc_have_dview = 1;
        if (sc_dview.len != SC_SHA256_SIZE) {
            PyErr_Format(PyExc_ValueError, "a SHA-256 digest is %d bytes, not %zd",
                         SC_SHA256_SIZE, sc_dview.len);
            SWIG_fail;
        }
        $1 = (uint8_t *)sc_dview.buf;
    }
}
%typemap(freearg) const uint8_t *sha256 {
    if (sc_have_dview$argnum)
        PyBuffer_Release(&sc_dview$argnum);
}
%typemap(argout) const uint8_t *sha256 "";
%typemap(in, numinputs=0) uint8_t *sha256 (uint8_t sc_d[SC_SHA256_SIZE]),
                          uint8_t *out (uint8_t sc_d[SC_SHA256_SIZE]) {
    memset(sc_d, 0, sizeof sc_d);
    $1 = sc_d;
}
%typemap(argout) uint8_t *sha256, uint8_t *out {
    $result = SWIG_Python_AppendOutput($result,
                  PyBytes_FromStringAndSize((const char *)$1, SC_SHA256_SIZE));
}
SC_OUT_VALUE(uint64_t, size, PyLong_FromUnsignedLongLong)
%apply (const void *data, size_t size) { (const void *data, size_t len) };

/* ---- borrowed records: bare pointer objects that do not own them ---- */
%typemap(out) const sc_report *, sc_report * { $result = sc_py_borrow((void *)$1, $1_descriptor); }
%typemap(out) const sc_victim *, sc_victim * { $result = sc_py_borrow((void *)$1, $1_descriptor); }
%typemap(out) const sc_evidence *, sc_evidence * { $result = sc_py_borrow((void *)$1, $1_descriptor); }
%typemap(out) const sc_custody * { $result = sc_py_custody($1); }

/* ---- sc_casebook_check: every problem as a tuple; SC_EDATA ("there are problems") is not
 * raised: the list says it ---- */
%typemap(in, numinputs=0) (sc_problem_cb fn, void *payload) (sc_py_problems sc_probs = SC_PY_PROBLEMS_INIT) {
    $1 = sc_py_problem_cb;
    $2 = &sc_probs;
}
%typemap(argout) (sc_problem_cb fn, void *payload) {
    {
        PyObject *sc_l = sc_py_problems_list((const sc_py_problems *)$2);
        if (sc_l == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, sc_l);
    }
}
%typemap(freearg) (sc_problem_cb fn, void *payload) {
    sc_py_problems_free(&sc_probs$argnum);
}
%typemap(out) int sc_casebook_check {
    {
        sc_error *sc_e = sc_py_err_cur;
        sc_py_err_cur = NULL;
        if ($1 < 0 && $1 != SC_EDATA) {
            sc_py_raise($1, sc_e);
            SWIG_fail;
        }
    }
    $result = SWIG_Py_Void();
}

/* ---- XML inputs, options and outputs ---- */
%typemap(in) const sc_xml_input *in (sc_py_input sc_pin = SC_PY_INPUT_INIT) {
    if (sc_py_input_get($input, &sc_pin) != 0)
        SWIG_fail;
    $1 = &sc_pin.in;
}
%typemap(freearg) const sc_xml_input *in {
    sc_py_input_release(&sc_pin$argnum);
}
%typemap(in) const sc_xml_read_options *opts (sc_xml_read_options sc_ro = SC_XML_READ_OPTIONS_INIT) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (sc_py_read_options($input, &sc_ro) != 0)
            SWIG_fail;
        $1 = &sc_ro;
    }
}
/* (gzip, level) */
%typemap(in) const sc_xml_write_options *opts (sc_xml_write_options sc_wo = SC_XML_WRITE_OPTIONS_INIT) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (!PyArg_ParseTuple($input, "pi;write options are (gzip, level)", &sc_wo.gzip, &sc_wo.level))
            SWIG_fail;
        $1 = &sc_wo;
    }
}
/* sc_xml_write_buffer, sc_xml_write_counts_buffer: the document as bytes (sc_free'd). */
%typemap(in, numinputs=0) (unsigned char **out, size_t *size) (unsigned char *sc_buf = NULL, size_t sc_size = 0) {
    $1 = &sc_buf;
    $2 = &sc_size;
}
%typemap(argout) (unsigned char **out, size_t *size) {
    if (*$1 != NULL) {
        PyObject *sc_doc = PyBytes_FromStringAndSize((const char *)*$1, (Py_ssize_t)*$2);
        sc_free(*$1);
        *$1 = NULL;
        if (sc_doc == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, sc_doc);
    }
}
%typemap(freearg) (unsigned char **out, size_t *size) {
    sc_free(sc_buf$argnum);
}
/* sc_xml_schema: the text (its size is that of the str). */
%typemap(in, numinputs=0) size_t *size (size_t sc_sz = 0) {
    $1 = &sc_sz;
}
%typemap(out) const char *sc_xml_schema {
    $result = PyUnicode_DecodeUTF8($1, (Py_ssize_t)strlen($1), "strict");
    if ($result == NULL)
        SWIG_fail;
}

/* sc_xml_stream: (on_victim, on_report), each a callable or None, called with a copy of each
 * record that the callee owns; a true result stops reading (the function then returns 1), an
 * exception stops it and propagates. The GIL is held throughout. */
%typemap(in) (sc_victim_cb on_victim, sc_report_cb on_report, void *payload) (sc_py_callbacks sc_cbs) {
    if (!PyArg_ParseTuple($input, "OO;callbacks are (on_victim, on_report)", &sc_cbs.on_victim,
                          &sc_cbs.on_report))
        SWIG_fail;
    if ((sc_cbs.on_victim != Py_None && !PyCallable_Check(sc_cbs.on_victim)) ||
        (sc_cbs.on_report != Py_None && !PyCallable_Check(sc_cbs.on_report))) {
        PyErr_SetString(PyExc_TypeError, "callbacks must be callable or None");
        SWIG_fail;
    }
    $1 = sc_cbs.on_victim != Py_None ? sc_py_on_victim : NULL;
    $2 = sc_cbs.on_report != Py_None ? sc_py_on_report : NULL;
    $3 = &sc_cbs;
}
%typemap(out) int sc_xml_stream {
    {
        sc_error *sc_e = sc_py_err_cur;
        sc_py_err_cur = NULL;
        if (PyErr_Occurred())
            SWIG_fail;
        if ($1 < 0) {
            sc_py_raise($1, sc_e);
            SWIG_fail;
        }
    }
    $result = PyLong_FromLong((long)$1);
}

%{
#if SWIG_VERSION < 0x040200
static void sc_py_varlink_dealloc(PyObject *o)
{
    swig_varlink_dealloc(o);
    PyObject_Del(o);
}
#endif

static PyObject *sc_py_stream_open(PyObject *input, PyObject *opts, int victims)
{
    sc_py_input init = SC_PY_INPUT_INIT;
    sc_xml_read_options ro = SC_XML_READ_OPTIONS_INIT;
    PyObject *obj;
    sc_py_stream *s = calloc(1, sizeof *s);
    if (s == NULL)
        return PyErr_NoMemory();
    s->input = init;
    s->opts = ro;
    s->victims = victims != 0;
    if (pthread_mutex_init(&s->mu, NULL) != 0) {
        free(s);
        return PyErr_NoMemory();
    }
    if (pthread_cond_init(&s->cv, NULL) != 0) {
        pthread_mutex_destroy(&s->mu);
        free(s);
        return PyErr_NoMemory();
    }
    if (opts != Py_None) {
        if (sc_py_read_options(opts, &s->opts) != 0) {
            sc_py_stream_free(s);
            return NULL;
        }
        s->have_opts = 1;
    }
    if (sc_py_input_get(input, &s->input) != 0) {
        sc_py_stream_free(s);
        return NULL;
    }
    obj = SWIG_NewPointerObj(s, SWIGTYPE_p_sc_py_stream, SWIG_POINTER_OWN);
    if (obj == NULL)
        sc_py_stream_free(s);
    return obj;
}

static PyObject *sc_py_stream_next(sc_py_stream *s)
{
    sc_py_batch *b = NULL;
    PyObject *list;
    size_t i;
    if (s == NULL) {
        PyErr_SetString(PyExc_ValueError, "no stream");
        return NULL;
    }
    if (s->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the stream is in use by another thread");
        return NULL;
    }
    if (s->closed)
        return PyList_New(0);
    if (!s->started) {
        int e = pthread_create(&s->thread, NULL, sc_py_stream_main, s);
        if (e != 0) {
            errno = e;
            return PyErr_SetFromErrno(PyExc_OSError);
        }
        s->started = 1;
    }
    s->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&s->mu);
    while (s->count == 0 && !s->done)
        pthread_cond_wait(&s->cv, &s->mu);
    if (s->count > 0) {
        b = s->queue[s->head];
        s->head = (s->head + 1) % SC_PY_QUEUE;
        s->count--;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    Py_END_ALLOW_THREADS
    s->busy = 0;
    if (b == NULL) {
        /* the worker is done and everything it read was handed out */
        int rc;
        sc_error err;
        if (!s->joined) {
            s->joined = 1;
            Py_BEGIN_ALLOW_THREADS
            pthread_join(s->thread, NULL);
            Py_END_ALLOW_THREADS
        }
        rc = s->rc;
        err = s->err;
        sc_py_stream_shutdown(s);
        if (rc != SC_OK) {
            sc_py_raise(rc, &err);
            return NULL;
        }
        return PyList_New(0);
    }
    list = PyList_New((Py_ssize_t)b->n);
    for (i = 0; list != NULL && i < b->n; i++) {
        sc_py_item *it = &b->items[i];
        PyObject *o = sc_py_own(it->rec, it->kind == SC_RECORD_VICTIM ? SWIGTYPE_p_sc_victim
                                                                      : SWIGTYPE_p_sc_report);
        if (o != NULL) {
            it->rec = NULL; /* the object owns it now */
            if (s->victims)
                o = Py_BuildValue("(iN)", it->kind, o);
        }
        if (o == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    for (; i < b->n; i++)
        if (b->items[i].rec != NULL)
            sc_py_item_free(&b->items[i]);
    free(b);
    return list;
}

static PyObject *sc_py_stream_close(sc_py_stream *s)
{
    if (s == NULL) {
        PyErr_SetString(PyExc_ValueError, "no stream");
        return NULL;
    }
    if (s->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the stream is in use by another thread");
        return NULL;
    }
    sc_py_stream_shutdown(s);
    Py_RETURN_NONE;
}
%}

/* ---- owned objects: freed with their _free when Python collects them ---- */

%define SC_HANDLE(TYPE, FREE)
SC_OUT_OBJECT(TYPE)
struct TYPE {};
%extend TYPE {
    ~TYPE() { FREE($self); }
}
%delobject FREE;
%enddef

SC_HANDLE(sc_counts, sc_counts_free)
SC_HANDLE(sc_totals, sc_totals_free)
SC_HANDLE(sc_breaks, sc_breaks_free)
SC_HANDLE(sc_series, sc_series_free)
SC_HANDLE(sc_comparison, sc_comparison_free)
SC_HANDLE(sc_population, sc_population_free)
SC_HANDLE(sc_rates, sc_rates_free)
SC_HANDLE(sc_chart, sc_chart_free)
SC_HANDLE(sc_casebook, sc_casebook_free)
SC_HANDLE(sc_report, sc_report_free)
SC_HANDLE(sc_victim, sc_victim_free)
SC_HANDLE(sc_evidence, sc_evidence_free)

/* Adding a record to its container hands it over: the Python object stops owning it. */
%pythoncode %{
def _sc_disown(h):
    getattr(h, "this", h).disown()
%}
%pythonappend sc_casebook_add_report %{
    _sc_disown(r)
%}
%pythonappend sc_casebook_add_victim %{
    _sc_disown(v)
%}
%pythonappend sc_report_add_evidence %{
    _sc_disown(e)
%}

/* ---- GIL: held by default, released around the calls that can take long ---- */
%nothread;

/* The streaming reader behind stalkcase.iter_reports (see sc_py_stream_next). Its destructor
 * needs the GIL (it releases the Python objects the input holds, and releases the GIL itself
 * while it joins the reader thread). */
%nodefaultctor sc_py_stream;
struct sc_py_stream {};
%extend sc_py_stream {
    ~sc_py_stream() { sc_py_stream_free($self); }
}
%thread sc_mps_read_path;
%thread sc_mps_read_buffer;
%thread sc_counts_totals;
%thread sc_counts_merge;
%thread sc_counts_equal;
%thread sc_series_new;
%thread sc_comparison_new;
%thread sc_breaks_read_path;
%thread sc_breaks_read_buffer;
%thread sc_population_read_path;
%thread sc_population_read_buffer;
%thread sc_population_rates;
%thread sc_chart_write_buffer;
%thread sc_chart_write_path;
%thread sc_evidence_digest_buffer;
%thread sc_evidence_digest_file;
%thread sc_evidence_verify;
%thread sc_evidence_verify_buffer;
%thread sc_casebook_check;
%thread sc_casebook_equal;
%thread sc_casebook_count;
%thread sc_casebook_count_cyber;
%thread sc_xml_load;
/* Not sc_xml_import: it changes a casebook that other threads may be reading (readers take no
 * lock), so it keeps the GIL. */
%thread sc_xml_write_path;
%thread sc_xml_write_buffer;
%thread sc_xml_write_counts_path;
%thread sc_xml_write_counts_buffer;
%thread sc_py_xml_count;

/* ---- not wrapped (each is listed with its reason in tests/python/test_coverage.py) ---- */
%ignore sc_error_clear;
%ignore sc_error_format;
%ignore sc_free;
%ignore sc_counts_foreach;
%ignore sc_mps_read_file;
%ignore sc_error;
%ignore sc_cell;
%ignore sc_break;
%ignore sc_period;
%ignore sc_area_population;
%ignore sc_rate_row;
%ignore sc_interval;
%ignore sc_change;
%ignore sc_mps_info;
%ignore sc_counts_filter;
%ignore sc_series_filter;
%ignore sc_comparison_options;
%ignore sc_rates_options;
%ignore sc_chart_options;
%ignore sc_counts_cb;
%ignore sc_time;
%ignore sc_custody;
%ignore sc_problem;
%ignore sc_report_cb;
%ignore sc_victim_cb;
%ignore sc_problem_cb;
%ignore sc_casebook_foreach_report;
%ignore sc_casebook_foreach_victim;
%ignore sc_xml_input;
%ignore sc_xml_read_options;
%ignore sc_xml_write_options;
%ignore sc_xml_write_file;

#define SC_API
%include <stalkcase/common.h>
%include <stalkcase/month.h>
%include <stalkcase/counts.h>
%include <stalkcase/mps.h>
%include <stalkcase/stats.h>
%include <stalkcase/breaks.h>
%include <stalkcase/series.h>
%include <stalkcase/population.h>
%include <stalkcase/chart.h>
%include <stalkcase/time.h>
%include <stalkcase/vocab.h>
%include <stalkcase/evidence.h>
%include <stalkcase/victim.h>
%include <stalkcase/report.h>
%include <stalkcase/casebook.h>
%include <stalkcase/xml.h>

/* ---- binding helpers ---- */
%feature("docstring") sc_py_set_error_factory
"Registers factory(code, sys_errno, source, line, column, message, text) -> exception,
used to raise every failure (the package does this at import)." ;
PyObject *sc_py_set_error_factory(PyObject *factory);
%feature("docstring") sc_py_counts_cells
"Every non-zero cell of a table, in sc_counts_foreach order, as a list of tuples
(ward_code, ward_name, borough, major, minor, 'YYYY-MM', count)." ;
PyObject *sc_py_counts_cells(const sc_counts *c);

%feature("docstring") sc_py_report_month
"The month 'YYYY-MM' of a report's reported_at (its local date), or None when unset." ;
PyObject *sc_py_report_month(const sc_report *r);
%feature("docstring") sc_py_xml_count
"Counts every report of a casebook file into counts as sc_report_count (cyber false) or
sc_report_count_cyber (cyber true) does, streaming (sc_xml_stream), then covers the months
from the first to the last report, as `stalkcase stats` does. The GIL is released." ;
int sc_py_xml_count(sc_counts *counts, const sc_xml_input *in, const sc_xml_read_options *opts,
                    int cyber, sc_error *err);
%feature("docstring") sc_py_stream_open
"A stream of the records of a casebook file, read by a worker thread (sc_xml_stream with the GIL
released) and handed over in batches: input (kind, value[, name]), opts as for sc_xml_load or
None, victims true to get victims too." ;
PyObject *sc_py_stream_open(PyObject *input, PyObject *opts, int victims);
%feature("docstring") sc_py_stream_next
"The next batch of records (objects that own them; (kind, record) pairs when the stream was
opened with victims), [] at the end; raises the reader's error after the records read before
it." ;
PyObject *sc_py_stream_next(sc_py_stream *s);
%feature("docstring") sc_py_stream_close
"Stops the reader, joins its thread and frees the records not handed out (idempotent; also done
when the stream is collected)." ;
PyObject *sc_py_stream_close(sc_py_stream *s);

%init %{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        return NULL;
#if SWIG_VERSION < 0x040200
    /* SWIG 4.1's swig_varlink_dealloc forgets to free the object itself (fixed in 4.2), and
     * SWIG_Python_DestroyModule makes one at exit: 24 bytes valgrind counts as lost. */
    {
        PyTypeObject *sc_vt = swig_varlink_type();
        if (sc_vt->tp_dealloc == swig_varlink_dealloc)
            sc_vt->tp_dealloc = sc_py_varlink_dealloc;
    }
#endif
%}
