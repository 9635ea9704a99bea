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
              int sc_series_covers, int sc_month_valid {
    $result = PyBool_FromLong((long)$1);
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

/* sc_month_format: the text as str. */
%typemap(in, numinputs=0) (char *buf, size_t size) (char sc_text[64]) {
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

/* ---- GIL: held by default, released around the calls that can take long ---- */
%nothread;
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

/* ---- binding helpers ---- */
%feature("docstring") sc_py_set_error_factory
"Registers factory(code, sys_errno, source, line, column, message, text) -> exception,
used to raise every failure (the package does this at import)." ;
PyObject *sc_py_set_error_factory(PyObject *factory);
%feature("docstring") sc_py_counts_cells
"Every non-zero cell of a table, in sc_counts_foreach order, as a list of tuples
(ward_code, ward_name, borough, major, minor, 'YYYY-MM', count)." ;
PyObject *sc_py_counts_cells(const sc_counts *c);
