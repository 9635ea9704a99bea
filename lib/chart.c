/*
 * chart.c - SVG line charts of monthly series (chart.h).
 *
 * Layout, top to bottom: title, subtitle, legend rows, the plot (grid, bands, axes, markers,
 * lines), month labels, x-axis title. Every number in the output is formatted here with
 * integer arithmetic (fmt_fixed), never with printf's %f, so the locale cannot change it.
 */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include <stalkcase/chart.h>

#include "sc_internal.h"

#define TEXT_LIMIT 1000
#define DESC_LIMIT 4000
#define MAX_POINTS 1200
#define VALUE_LIMIT 1e15

typedef struct chart_line {
    char *label;
    size_t n;
    sc_month *months;
    double *values;
    double *low;   /* NULL when the line has no band */
    double *high;
} chart_line;

typedef struct chart_marker {
    sc_month month;
    char *label;
} chart_marker;

struct sc_chart {
    unsigned int width, height;
    char *title;
    char *subtitle;    /* NULL = none, for each optional text */
    char *x_label;
    char *y_label;
    char *desc;
    char *band_label;
    chart_line lines[SC_CHART_MAX_LINES];
    size_t nlines;
    chart_marker markers[SC_CHART_MAX_MARKERS];
    size_t nmarkers;
};

/* Okabe-Ito palette (colour-blind safe), black last. */
static const char *const palette[] = { "#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                       "#E69F00", "#56B4E9", "#000000" };
#define PALETTE_SIZE (sizeof palette / sizeof palette[0])
static const char *const dashes[] = { NULL, "7 4", "2 3", "9 3 2 3" };

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* ================================================================== texts */

/* Checks a caller's text: valid UTF-8, only XML 1.0 characters, at most limit bytes. */
static int check_text(const char *text, size_t limit, const char *what, sc_error *err)
{
    size_t len = strlen(text), i;
    if (len > limit)
        return sci_error(err, SC_ELIMIT, NULL, 0, 0, "%s is longer than %zu bytes", what, limit);
    if (!sci_utf8_valid(text, len))
        return sci_error(err, SC_EDATA, NULL, 0, 0, "%s is not valid UTF-8", what);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return sci_error(err, SC_EDATA, NULL, 0, i + 1,
                             "%s holds control character 0x%02X, which XML does not allow",
                             what, c);
        if (c == 0xEF && i + 2 < len && (unsigned char)text[i + 1] == 0xBF &&
            ((unsigned char)text[i + 2] == 0xBE || (unsigned char)text[i + 2] == 0xBF))
            return sci_error(err, SC_EDATA, NULL, 0, i + 1,
                             "%s holds U+FFFE or U+FFFF, which XML does not allow", what);
    }
    return SC_OK;
}

/* Validates and copies text; "" gives *copy = NULL when empty_is_null. */
static int copy_text(char **copy, const char *text, size_t limit, const char *what,
                     int empty_is_null, sc_error *err)
{
    size_t len;
    int rc = check_text(text, limit, what, err);
    *copy = NULL;
    if (rc != SC_OK)
        return rc;
    len = strlen(text);
    if (len == 0 && empty_is_null)
        return SC_OK;
    *copy = malloc(len + 1);
    if (*copy == NULL)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(*copy, text, len + 1);
    return SC_OK;
}

/* Replaces *slot by a copy of text ("" = none). The slot is unchanged on failure. */
static int set_text(char **slot, const char *text, size_t limit, const char *what,
                    sc_error *err)
{
    char *copy;
    int rc = copy_text(&copy, text, limit, what, 1, err);
    if (rc != SC_OK)
        return rc;
    free(*slot);
    *slot = copy;
    return SC_OK;
}

/* Approximate width in px of text in a sans-serif font of the given size: 0.58 em per
 * character (code point), about the average of DejaVu Sans, the widest common default. */
static double text_width(const char *text, double size)
{
    size_t chars = 0;
    for (; *text; text++)
        if (((unsigned char)*text & 0xC0) != 0x80)
            chars++;
    return (double)chars * size * 0.6;
}

/* The same for bold text, which is wider. */
static double title_width(const char *text, double size)
{
    return text_width(text, size) * 1.13;
}

/* ================================================================== numbers */

static double pow10i(int e)
{
    double p = 1;
    int i;
    for (i = 0; i < (e < 0 ? -e : e); i++)
        p *= 10;
    return e < 0 ? 1 / p : p;
}

/* Writes v with `decimals` digits after the point (0-7), rounding half away from zero, with
 * "," between groups of thousands when group is set and trailing zeros removed when trim is
 * set. |v| must be at most about 1e15. Independent of the locale. */
static void fmt_fixed(char *buf, size_t size, double v, int decimals, int group, int trim)
{
    unsigned long long scale = 1, q, ip, fp;
    char digits[32], out[64];
    size_t nd = 0, k = 0, i;
    int neg = v < 0, d;
    double a = neg ? -v : v;

    while (decimals > 0 && a * pow10i(decimals) > 9e18)
        decimals--; /* keep q within 64 bits */
    for (d = 0; d < decimals; d++)
        scale *= 10;
    q = (unsigned long long)(a * (double)scale + 0.5);
    ip = q / scale;
    fp = q % scale;
    if (q == 0)
        neg = 0;
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);
    if (neg)
        out[k++] = '-';
    for (i = nd; i > 0; i--) {
        out[k++] = digits[i - 1];
        if (group && i > 1 && (i - 1) % 3 == 0)
            out[k++] = ',';
    }
    if (decimals > 0) {
        size_t point = k;
        out[k++] = '.';
        for (d = decimals - 1; d >= 0; d--) {
            unsigned long long p = 1;
            int e;
            for (e = 0; e < d; e++)
                p *= 10;
            out[k++] = (char)('0' + (fp / p) % 10);
        }
        if (trim) {
            while (k > point + 1 && out[k - 1] == '0')
                k--;
            if (k == point + 1)
                k = point;
        }
    }
    out[k] = '\0';
    snprintf(buf, size, "%s", out);
}

/* A coordinate: two decimals at most, trailing zeros removed. */
static void fmt_coord(char *buf, size_t size, double v)
{
    fmt_fixed(buf, size, v, 2, 0, 1);
}

/* The value axis: from lo to hi in steps of step, labels with `decimals` digits. */
typedef struct axis {
    double lo, hi, step;
    int decimals;
    long nticks; /* intervals */
} axis;

/* Smallest step of 1, 2, 2.5 or 5 times a power of ten that is at least raw (raw > 0). */
static double nice_step(double raw, int *decimals)
{
    static const double mant[] = { 1, 2, 2.5, 5, 10 };
    int e = 0;
    size_t i;
    double p;
    if (raw < 1e-6)
        raw = 1e-6;
    while (pow10i(e + 1) <= raw)
        e++;
    while (pow10i(e) > raw)
        e--;
    p = pow10i(e);
    for (i = 0; i < sizeof mant / sizeof mant[0]; i++)
        if (mant[i] * p >= raw * (1 - 1e-9))
            break;
    if (i == 4) { /* 10 * p */
        e++;
        i = 0;
    }
    *decimals = e < 0 ? -e : 0;
    if (mant[i] == 2.5 && e <= 0)
        (*decimals)++;
    return mant[i] * pow10i(e);
}

/* Rounds x / step up (or down) to a whole number of steps. */
static long steps_ceil(double x, double step)
{
    long k = (long)(x / step);
    while ((double)k * step < x - step * 1e-9)
        k++;
    while ((double)(k - 1) * step >= x - step * 1e-9 && (double)k * step > x + step * 1e-9)
        k--;
    return k;
}

static long steps_floor(double x, double step)
{
    return -steps_ceil(-x, step);
}

static void make_axis(axis *ax, double vmin, double vmax)
{
    long klo, khi;
    if (vmin > 0)
        vmin = 0;
    if (vmax < 0)
        vmax = 0;
    if (vmax - vmin <= 0)
        vmax = vmin + 1;
    ax->step = nice_step((vmax - vmin) / 5, &ax->decimals);
    klo = steps_floor(vmin, ax->step);
    khi = steps_ceil(vmax, ax->step);
    if (khi <= klo)
        khi = klo + 1;
    ax->lo = (double)klo * ax->step;
    ax->hi = (double)khi * ax->step;
    ax->nticks = khi - klo;
}

/* ================================================================== builder */

int sc_chart_new(sc_chart **out, const char *title, const sc_chart_options *options,
                 sc_error *err)
{
    sc_chart_options defaults = SC_CHART_OPTIONS_INIT;
    sc_chart *c;
    char *copy;
    int rc;

    if (out == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    if (title == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "title is NULL");
    if (options == NULL)
        options = &defaults;
    if (options->version == 0 || options->version > SC_CHART_OPTIONS_VERSION)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "unsupported options version %u",
                         options->version);
    if (options->width < SC_CHART_MIN_WIDTH || options->width > SC_CHART_MAX_SIZE ||
        options->height < SC_CHART_MIN_HEIGHT || options->height > SC_CHART_MAX_SIZE)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "chart size %ux%u is outside %ux%u to %ux%u", options->width,
                         options->height, SC_CHART_MIN_WIDTH, SC_CHART_MIN_HEIGHT,
                         SC_CHART_MAX_SIZE, SC_CHART_MAX_SIZE);
    rc = copy_text(&copy, title, TEXT_LIMIT, "title", 0, err);
    if (rc != SC_OK)
        return rc;
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        free(copy);
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    c->width = options->width;
    c->height = options->height;
    c->title = copy;
    *out = c;
    return SC_OK;
}

static void line_clear(chart_line *l)
{
    free(l->label);
    free(l->months);
    free(l->values);
    free(l->low);
    free(l->high);
    memset(l, 0, sizeof *l);
}

void sc_chart_free(sc_chart *chart)
{
    size_t i;
    if (chart == NULL)
        return;
    for (i = 0; i < chart->nlines; i++)
        line_clear(&chart->lines[i]);
    for (i = 0; i < chart->nmarkers; i++)
        free(chart->markers[i].label);
    free(chart->title);
    free(chart->subtitle);
    free(chart->x_label);
    free(chart->y_label);
    free(chart->desc);
    free(chart->band_label);
    free(chart);
}

int sc_chart_set_subtitle(sc_chart *chart, const char *text, sc_error *err)
{
    if (chart == NULL || text == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart or text is NULL");
    return set_text(&chart->subtitle, text, TEXT_LIMIT, "subtitle", err);
}

int sc_chart_set_description(sc_chart *chart, const char *text, sc_error *err)
{
    if (chart == NULL || text == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart or text is NULL");
    return set_text(&chart->desc, text, DESC_LIMIT, "description", err);
}

int sc_chart_set_band_label(sc_chart *chart, const char *text, sc_error *err)
{
    if (chart == NULL || text == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart or text is NULL");
    return set_text(&chart->band_label, text, TEXT_LIMIT, "band label", err);
}

int sc_chart_set_axis_labels(sc_chart *chart, const char *x_label, const char *y_label,
                             sc_error *err)
{
    char *x = NULL, *y = NULL;
    int rc;
    if (chart == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart is NULL");
    if (x_label != NULL && (rc = copy_text(&x, x_label, TEXT_LIMIT, "x-axis label", 1, err)))
        return rc;
    if (y_label != NULL && (rc = copy_text(&y, y_label, TEXT_LIMIT, "y-axis label", 1, err))) {
        free(x);
        return rc;
    }
    if (x_label != NULL) {
        free(chart->x_label);
        chart->x_label = x;
    }
    if (y_label != NULL) {
        free(chart->y_label);
        chart->y_label = y;
    }
    return SC_OK;
}

static int check_value(double v, const char *what, size_t i, sc_error *err)
{
    if (isnan(v))
        return SC_OK;
    if (!isfinite(v) || v > VALUE_LIMIT || v < -VALUE_LIMIT)
        return sci_error(err, SC_EDATA, NULL, 0, i + 1,
                         "%s %zu is infinite or above 1e15 in magnitude", what, i + 1);
    return SC_OK;
}

static double *copy_doubles(const double *src, size_t n)
{
    double *d = malloc(n * sizeof *d);
    if (d != NULL)
        memcpy(d, src, n * sizeof *d);
    return d;
}

int sc_chart_add_line(sc_chart *chart, const char *label, const sc_month *months,
                      const double *values, const double *low, const double *high, size_t n,
                      sc_error *err)
{
    chart_line l;
    size_t i;
    int rc;

    if (chart == NULL || label == NULL || months == NULL || values == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart, label, months or values is NULL");
    if ((low == NULL) != (high == NULL))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "give both low and high, or neither");
    if (n == 0)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "a line needs at least one point");
    if (n > MAX_POINTS)
        return sci_error(err, SC_ELIMIT, NULL, 0, 0, "a line has at most %d points",
                         MAX_POINTS);
    if (chart->nlines >= SC_CHART_MAX_LINES)
        return sci_error(err, SC_ELIMIT, NULL, 0, 0, "a chart has at most %d lines",
                         SC_CHART_MAX_LINES);
    for (i = 0; i < n; i++) {
        if (!sc_month_valid(months[i]))
            return sci_error(err, SC_EDATA, NULL, 0, i + 1, "month %zu is not a valid month",
                             i + 1);
        if (i > 0 && months[i] <= months[i - 1])
            return sci_error(err, SC_EDATA, NULL, 0, i + 1,
                             "month %zu is not after the month before it", i + 1);
        if ((rc = check_value(values[i], "value", i, err)) != SC_OK)
            return rc;
        if (low != NULL) {
            if ((rc = check_value(low[i], "low value", i, err)) != SC_OK ||
                (rc = check_value(high[i], "high value", i, err)) != SC_OK)
                return rc;
            if (!isnan(low[i]) && !isnan(high[i]) && low[i] > high[i])
                return sci_error(err, SC_EDATA, NULL, 0, i + 1,
                                 "low value %zu is above the high value", i + 1);
        }
    }
    memset(&l, 0, sizeof l);
    if ((rc = copy_text(&l.label, label, TEXT_LIMIT, "line label", 0, err)) != SC_OK)
        return rc;
    l.n = n;
    l.months = malloc(n * sizeof *l.months);
    l.values = copy_doubles(values, n);
    if (low != NULL) {
        l.low = copy_doubles(low, n);
        l.high = copy_doubles(high, n);
    }
    if (l.months == NULL || l.values == NULL || (low != NULL && (!l.low || !l.high))) {
        line_clear(&l);
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(l.months, months, n * sizeof *l.months);
    chart->lines[chart->nlines++] = l;
    return SC_OK;
}

int sc_chart_add_marker(sc_chart *chart, sc_month month, const char *label, sc_error *err)
{
    char *copy;
    int rc;
    if (chart == NULL || label == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart or label is NULL");
    if (!sc_month_valid(month))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "the marker's month is not valid");
    if (chart->nmarkers >= SC_CHART_MAX_MARKERS)
        return sci_error(err, SC_ELIMIT, NULL, 0, 0, "a chart has at most %d markers",
                         SC_CHART_MAX_MARKERS);
    if ((rc = copy_text(&copy, label, TEXT_LIMIT, "marker label", 0, err)) != SC_OK)
        return rc;
    chart->markers[chart->nmarkers].month = month;
    chart->markers[chart->nmarkers].label = copy;
    chart->nmarkers++;
    return SC_OK;
}

/* ================================================================== text builder */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void sb_month(sbuf *b, sc_month m)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%s %d", month_abbr[sc_month_number(m) - 1], sc_month_year(m));
    sb_add(b, buf);
}

/* ================================================================== layout */

typedef struct layout {
    double left, right, top, bottom; /* plot area */
    sc_month m0, m1;                 /* first and last month shown */
    double ppm;                      /* px per month */
    axis y;
} layout;

static double xpos(const layout *L, double m)
{
    return L->left + (m - ((double)L->m0 - 0.5)) * L->ppm;
}

static double ypos(const layout *L, double v)
{
    return L->bottom - (v - L->y.lo) / (L->y.hi - L->y.lo) * (L->bottom - L->top);
}

/* ================================================================== writing */

typedef struct writer {
    xmlTextWriterPtr w;
    int failed;
} writer;

#define W(call)                                                                            \
    do {                                                                                   \
        if (!wr->failed && (call) < 0)                                                     \
            wr->failed = 1;                                                                \
    } while (0)

static void start(writer *wr, const char *name)
{
    W(xmlTextWriterStartElement(wr->w, BAD_CAST name));
}

static void end(writer *wr)
{
    W(xmlTextWriterEndElement(wr->w));
}

static void attr(writer *wr, const char *name, const char *value)
{
    W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST name, BAD_CAST value));
}

static void attr_num(writer *wr, const char *name, double v)
{
    char buf[48];
    fmt_coord(buf, sizeof buf, v);
    attr(wr, name, buf);
}

static void text(writer *wr, const char *s)
{
    W(xmlTextWriterWriteString(wr->w, BAD_CAST s));
}

static void line_el(writer *wr, const char *cls, double x1, double y1, double x2, double y2,
                    const char *stroke, double width, const char *dash)
{
    start(wr, "line");
    if (cls)
        attr(wr, "class", cls);
    attr_num(wr, "x1", x1);
    attr_num(wr, "y1", y1);
    attr_num(wr, "x2", x2);
    attr_num(wr, "y2", y2);
    attr(wr, "stroke", stroke);
    attr_num(wr, "stroke-width", width);
    if (dash)
        attr(wr, "stroke-dasharray", dash);
    end(wr);
}

/* <text> at (x, y) with an anchor ("start", "middle", "end"), size, optional fill/weight. */
static void text_el(writer *wr, const char *cls, double x, double y, const char *anchor,
                    double size, const char *fill, const char *weight, const char *s)
{
    start(wr, "text");
    if (cls)
        attr(wr, "class", cls);
    attr_num(wr, "x", x);
    attr_num(wr, "y", y);
    if (anchor && strcmp(anchor, "start") != 0)
        attr(wr, "text-anchor", anchor);
    attr_num(wr, "font-size", size);
    if (fill)
        attr(wr, "fill", fill);
    if (weight)
        attr(wr, "font-weight", weight);
    text(wr, s);
    end(wr);
}

/* Appends "Mx,y" or "Lx,y" to a path. */
static void sb_point(sbuf *b, char cmd, double x, double y)
{
    char xs[48], ys[48], buf[112];
    fmt_coord(xs, sizeof xs, x);
    fmt_coord(ys, sizeof ys, y);
    snprintf(buf, sizeof buf, "%s%c%s,%s", b->len ? " " : "", cmd, xs, ys);
    sb_add(b, buf);
}

static const char *line_dash(size_t i)
{
    return dashes[(i / PALETTE_SIZE) % (sizeof dashes / sizeof dashes[0])];
}

/* The generated <desc>. */
static void make_desc(sbuf *b, const sc_chart *c, const axis *y)
{
    size_t i, j;
    char num[64];
    sb_add(b, "Line chart: ");
    sb_add(b, c->title);
    sb_add(b, ".");
    if (c->subtitle) {
        sb_add(b, " ");
        sb_add(b, c->subtitle);
        sb_add(b, ".");
    }
    for (i = 0; i < c->nlines; i++) {
        const chart_line *l = &c->lines[i];
        size_t best = l->n;
        for (j = 0; j < l->n; j++)
            if (!isnan(l->values[j]) && (best == l->n || l->values[j] > l->values[best]))
                best = j;
        sb_add(b, " Line ");
        snprintf(num, sizeof num, "%zu", i + 1);
        sb_add(b, num);
        if (l->label[0]) {
            sb_add(b, " (");
            sb_add(b, l->label);
            sb_add(b, ")");
        }
        sb_add(b, ": ");
        sb_month(b, l->months[0]);
        sb_add(b, " to ");
        sb_month(b, l->months[l->n - 1]);
        if (best < l->n) {
            sb_add(b, ", highest value ");
            fmt_fixed(num, sizeof num, l->values[best], y->decimals + 2, 1, 1);
            sb_add(b, num);
            sb_add(b, " in ");
            sb_month(b, l->months[best]);
        } else {
            sb_add(b, ", no values");
        }
        if (l->low)
            sb_add(b, ", with a shaded interval");
        sb_add(b, ".");
    }
    for (i = 0; i < c->nmarkers; i++) {
        sb_add(b, i == 0 ? " Marked: " : "; ");
        sb_month(b, c->markers[i].month);
        if (c->markers[i].label[0]) {
            sb_add(b, ", ");
            sb_add(b, c->markers[i].label);
        }
    }
    if (c->nmarkers)
        sb_add(b, ".");
}

/* Legend entries: 0..nlines-1 lines (those with a label), nlines = the band swatch. */
typedef struct legend_item {
    size_t line; /* index, or nlines for the band */
    const char *label;
    double x, y;
} legend_item;

static int render(const sc_chart *c, xmlTextWriterPtr xw)
{
    writer wrs = { xw, 0 }, *wr = &wrs;
    layout L;
    sbuf b = { NULL, 0, 0, 0 };
    legend_item items[SC_CHART_MAX_LINES + 1];
    size_t nitems = 0, i, j;
    double W_ = c->width, H = c->height, y_cursor = 30, title_size, tick_w = 0, v;
    double vmin = 0, vmax = 0;
    int any_band = 0, show_legend;
    char num[64];
    size_t order[SC_CHART_MAX_MARKERS], mk_row[SC_CHART_MAX_MARKERS], nrows = 0;
    double mk_tx[SC_CHART_MAX_MARKERS], row_end[SC_CHART_MAX_MARKERS];
    int mk_end[SC_CHART_MAX_MARKERS];

    /* ---- data ranges */
    L.m0 = c->lines[0].months[0];
    L.m1 = L.m0;
    for (i = 0; i < c->nlines; i++) {
        const chart_line *l = &c->lines[i];
        if (l->months[0] < L.m0)
            L.m0 = l->months[0];
        if (l->months[l->n - 1] > L.m1)
            L.m1 = l->months[l->n - 1];
        for (j = 0; j < l->n; j++) {
            const double vs[3] = { l->values[j], l->low ? l->low[j] : NAN,
                                   l->high ? l->high[j] : NAN };
            int k;
            for (k = 0; k < 3; k++) {
                if (isnan(vs[k]))
                    continue;
                if (vs[k] < vmin)
                    vmin = vs[k];
                if (vs[k] > vmax)
                    vmax = vs[k];
            }
        }
        if (l->low)
            any_band = 1;
    }
    for (i = 0; i < c->nmarkers; i++) {
        if (c->markers[i].month < L.m0)
            L.m0 = c->markers[i].month;
        if (c->markers[i].month > L.m1)
            L.m1 = c->markers[i].month;
    }
    make_axis(&L.y, vmin, vmax);

    /* ---- document */
    W(xmlTextWriterStartDocument(xw, NULL, "UTF-8", NULL));
    start(wr, "svg");
    attr(wr, "xmlns", "http://www.w3.org/2000/svg");
    attr(wr, "version", "1.1");
    attr_num(wr, "width", W_);
    attr_num(wr, "height", H);
    snprintf(num, sizeof num, "0 0 %u %u", c->width, c->height);
    attr(wr, "viewBox", num);
    attr(wr, "font-family", "sans-serif");
    start(wr, "title");
    text(wr, c->title);
    end(wr);
    start(wr, "desc");
    if (c->desc) {
        text(wr, c->desc);
    } else {
        make_desc(&b, c, &L.y);
        if (b.failed)
            wr->failed = 1;
        else
            text(wr, b.p);
    }
    end(wr);
    start(wr, "rect");
    attr(wr, "width", "100%");
    attr(wr, "height", "100%");
    attr(wr, "fill", "#ffffff");
    end(wr);

    /* ---- header: title, subtitle */
    title_size = 18;
    if (title_width(c->title, title_size) > W_ - 32)
        title_size = (W_ - 32) / title_width(c->title, 1);
    if (title_size >= 13) {
        y_cursor = 12 + title_size;
        text_el(wr, "title", 16, y_cursor, "start", title_size, "#111111", "bold", c->title);
    } else { /* too long for one line: two lines, broken at the space nearest the middle */
        size_t len = strlen(c->title), cut = 0, k;
        char *first = malloc(len + 1);
        double w1, w2;
        for (k = 1; k < len; k++)
            if (c->title[k] == ' ' && (cut == 0 || (k > len / 2 ? k - len / 2 : len / 2 - k) <
                                                       (cut > len / 2 ? cut - len / 2
                                                                      : len / 2 - cut)))
                cut = k;
        if (first == NULL) {
            wr->failed = 1;
        } else {
            if (cut == 0)
                cut = len;
            memcpy(first, c->title, cut);
            first[cut] = '\0';
            w1 = title_width(first, 1);
            w2 = title_width(c->title + (cut < len ? cut + 1 : len), 1);
            title_size = (W_ - 32) / (w1 > w2 ? w1 : w2);
            if (title_size > 16)
                title_size = 16;
            if (title_size < 9)
                title_size = 9;
            y_cursor = 12 + title_size;
            text_el(wr, "title", 16, y_cursor, "start", title_size, "#111111", "bold", first);
            if (cut < len) {
                y_cursor += title_size * 1.25;
                text_el(wr, "title", 16, y_cursor, "start", title_size, "#111111", "bold",
                        c->title + cut + 1);
            }
            free(first);
        }
    }
    if (c->subtitle) {
        y_cursor += 19;
        text_el(wr, "subtitle", 16, y_cursor, "start", 13, "#555555", NULL, c->subtitle);
    }

    /* ---- legend: flowing rows under the header */
    show_legend = c->nlines > 1 || (any_band && c->band_label);
    if (show_legend) {
        double x = 16, row_y = y_cursor + 22;
        for (i = 0; i <= c->nlines; i++) {
            const char *label = i < c->nlines ? c->lines[i].label : c->band_label;
            double w;
            if (i == c->nlines && !(any_band && c->band_label))
                break;
            if (label == NULL || label[0] == '\0')
                continue;
            w = 28 + text_width(label, 12) + 18;
            if (x > 16 && x + w > W_ - 16) {
                x = 16;
                row_y += 18;
            }
            items[nitems].line = i;
            items[nitems].label = label;
            items[nitems].x = x;
            items[nitems].y = row_y;
            nitems++;
            x += w;
        }
        if (nitems)
            y_cursor = row_y;
    }

    /* ---- plot area */
    for (i = 0; i <= (size_t)L.y.nticks; i++) {
        v = L.y.lo + (double)i * L.y.step;
        fmt_fixed(num, sizeof num, v, L.y.decimals, 1, 0);
        if (text_width(num, 12) > tick_w)
            tick_w = text_width(num, 12);
    }
    L.left = 16 + (c->y_label ? 22 : 0) + tick_w + 8;
    L.right = W_ - 24;
    L.ppm = (L.right - L.left) / (double)(L.m1 - L.m0 + 1);

    /* ---- marker labels: rows above the plot, a label going to the next row when it would
     * overlap the one before it; a label that would pass the right edge ends at its line */
    for (i = 0; i < c->nmarkers; i++) { /* stable insertion sort by month */
        size_t k = i;
        while (k > 0 && c->markers[order[k - 1]].month > c->markers[i].month) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (i = 0; i < c->nmarkers; i++) {
        const chart_marker *mk = &c->markers[order[i]];
        double x = xpos(&L, (double)mk->month - 0.5), w = text_width(mk->label, 11), x0;
        size_t row;
        mk_tx[i] = x + 4;
        mk_end[i] = 0;
        x0 = x;
        if (mk->label[0] == '\0')
            continue;
        if (mk_tx[i] + w > W_ - 4) {
            mk_end[i] = 1;
            mk_tx[i] = x - 4;
            x0 = x - 8 - w;
        }
        for (row = 0; row < nrows; row++)
            if (row_end[row] < x0)
                break;
        if (row == nrows)
            nrows++;
        row_end[row] = x0 + w + 8;
        mk_row[i] = row;
    }
    L.top = y_cursor + 18 + 15 * (double)nrows;
    L.bottom = H - 12 - 30 - (c->x_label ? 20 : 0);
    if (L.bottom - L.top < 40)
        L.top = L.bottom - 40;

    /* ---- horizontal grid and value labels */
    start(wr, "g");
    attr(wr, "class", "y-axis");
    for (i = 0; i <= (size_t)L.y.nticks; i++) {
        double yy;
        v = L.y.lo + (double)i * L.y.step;
        yy = ypos(&L, v);
        line_el(wr, "grid", L.left, yy, L.right, yy, v == 0 ? "#888888" : "#dddddd", 1, NULL);
        fmt_fixed(num, sizeof num, v, L.y.decimals, 1, 0);
        text_el(wr, NULL, L.left - 8, yy + 4, "end", 12, "#333333", NULL, num);
    }
    end(wr);
    if (c->y_label) {
        double cx = 16 + 13, cy = (L.top + L.bottom) / 2;
        char tr[160], xs[48], ys[48];
        fmt_coord(xs, sizeof xs, cx);
        fmt_coord(ys, sizeof ys, cy);
        snprintf(tr, sizeof tr, "rotate(-90 %s %s)", xs, ys);
        start(wr, "text");
        attr(wr, "class", "axis-title");
        attr_num(wr, "x", cx);
        attr_num(wr, "y", cy);
        attr(wr, "text-anchor", "middle");
        attr(wr, "transform", tr);
        attr(wr, "font-size", "13");
        attr(wr, "fill", "#333333");
        text(wr, c->y_label);
        end(wr);
    }

    /* ---- bands */
    for (i = 0; i < c->nlines; i++) {
        const chart_line *l = &c->lines[i];
        size_t s, e, k;
        if (!l->low)
            continue;
        for (s = 0; s < l->n; s = e) {
            if (isnan(l->low[s]) || isnan(l->high[s])) {
                e = s + 1;
                continue;
            }
            e = s + 1;
            while (e < l->n && !isnan(l->low[e]) && !isnan(l->high[e]) &&
                   l->months[e] == l->months[e - 1] + 1)
                e++;
            if (e - s == 1) {
                line_el(wr, "band", xpos(&L, l->months[s]), ypos(&L, l->high[s]),
                        xpos(&L, l->months[s]), ypos(&L, l->low[s]),
                        palette[i % PALETTE_SIZE], 4, NULL);
                continue;
            }
            b.len = 0;
            for (k = s; k < e; k++) {
                char xs[48], ys[48], buf[112];
                fmt_coord(xs, sizeof xs, xpos(&L, l->months[k]));
                fmt_coord(ys, sizeof ys, ypos(&L, l->high[k]));
                snprintf(buf, sizeof buf, "%s%s,%s", b.len ? " " : "", xs, ys);
                sb_add(&b, buf);
            }
            for (k = e; k > s; k--) {
                char xs[48], ys[48], buf[112];
                fmt_coord(xs, sizeof xs, xpos(&L, l->months[k - 1]));
                fmt_coord(ys, sizeof ys, ypos(&L, l->low[k - 1]));
                snprintf(buf, sizeof buf, " %s,%s", xs, ys);
                sb_add(&b, buf);
            }
            if (b.failed) {
                wr->failed = 1;
                break;
            }
            start(wr, "polygon");
            attr(wr, "class", "band");
            attr(wr, "points", b.p);
            attr(wr, "fill", palette[i % PALETTE_SIZE]);
            attr(wr, "fill-opacity", "0.2");
            attr(wr, "stroke", "none");
            end(wr);
        }
    }

    /* ---- month axis: ticks every month, quarter or year; labels spaced to not collide */
    {
        static const long steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000,
                                      12000, 24000, 60000, 120000 };
        long lstep = steps[sizeof steps / sizeof steps[0] - 1], tstep;
        sc_month m;
        int labelled = 0;
        for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
            if ((double)steps[i] * L.ppm >= (steps[i] < 12 ? 34 : 44)) {
                lstep = steps[i];
                break;
            }
        tstep = L.ppm >= 4 ? 1 : 3 * L.ppm >= 4 ? 3 : 12 * L.ppm >= 4 ? 12 : lstep;
        if (tstep > lstep)
            tstep = lstep;
        start(wr, "g");
        attr(wr, "class", "x-axis");
        line_el(wr, NULL, L.left, L.bottom, L.right, L.bottom, "#333333", 1, NULL);
        for (m = L.m0 - (L.m0 % (sc_month)tstep); m <= L.m1; m += (sc_month)tstep) {
            double x;
            int is_label;
            if (m < L.m0)
                continue;
            x = xpos(&L, m);
            is_label = m % lstep == 0;
            line_el(wr, NULL, x, L.bottom, x, L.bottom + (is_label ? 6 : 3), "#333333", 1,
                    NULL);
        }
        m = L.m0 + (sc_month)((lstep - L.m0 % lstep) % lstep); /* first multiple of lstep */
        if (m > L.m1)
            m = L.m0; /* none in range: label the first month */
        for (; m <= L.m1; m += (sc_month)lstep) {
            double x = xpos(&L, m);
            if (lstep < 12) {
                text_el(wr, NULL, x, L.bottom + 19, "middle", 12, "#333333", NULL,
                        month_abbr[sc_month_number(m) - 1]);
                if (sc_month_number(m) == 1 || !labelled) {
                    snprintf(num, sizeof num, "%d", sc_month_year(m));
                    text_el(wr, NULL, x, L.bottom + 34, "middle", 12, "#333333", "bold", num);
                }
            } else {
                snprintf(num, sizeof num, "%d", sc_month_year(m));
                text_el(wr, NULL, x, L.bottom + 19, "middle", 12, "#333333", NULL, num);
            }
            labelled = 1;
        }
        end(wr);
        line_el(wr, NULL, L.left, L.top, L.left, L.bottom, "#333333", 1, NULL);
    }
    if (c->x_label)
        text_el(wr, "axis-title", (L.left + L.right) / 2, H - 12, "middle", 13, "#333333",
                NULL, c->x_label);

    /* ---- markers: dashed vertical lines at the start of their month, labels staggered */
    if (c->nmarkers) {
        start(wr, "g");
        attr(wr, "class", "breaks");
        for (i = 0; i < c->nmarkers; i++) { /* every line first, so no line crosses a label */
            double x = xpos(&L, (double)c->markers[order[i]].month - 0.5);
            double y1 = c->markers[order[i]].label[0] ? L.top - 15 * (double)mk_row[i] - 16
                                                      : L.top;
            line_el(wr, "marker", x, y1, x, L.bottom, "#444444", 1.5, "6 4");
        }
        for (i = 0; i < c->nmarkers; i++) {
            const chart_marker *mk = &c->markers[order[i]];
            double w = text_width(mk->label, 11), ty;
            if (mk->label[0] == '\0')
                continue;
            ty = L.top - 5 - 15 * (double)mk_row[i];
            start(wr, "rect");
            attr_num(wr, "x", (mk_end[i] ? mk_tx[i] - w : mk_tx[i]) - 2);
            attr_num(wr, "y", ty - 11);
            attr_num(wr, "width", w + 4);
            attr_num(wr, "height", 14);
            attr(wr, "fill", "#ffffff");
            end(wr);
            text_el(wr, "marker-label", mk_tx[i], ty, mk_end[i] ? "end" : "start", 11,
                    "#222222", NULL, mk->label);
        }
        end(wr);
    }

    /* ---- lines: a path per line, broken at gaps; dots where a value stands alone */
    for (i = 0; i < c->nlines; i++) {
        const chart_line *l = &c->lines[i];
        const char *colour = palette[i % PALETTE_SIZE];
        int all_dots = L.ppm >= 14;
        start(wr, "g");
        attr(wr, "class", "series");
        b.len = 0;
        for (j = 0; j < l->n; j++) {
            int joined = j > 0 && !isnan(l->values[j - 1]) &&
                         l->months[j] == l->months[j - 1] + 1;
            if (isnan(l->values[j]))
                continue;
            sb_point(&b, joined ? 'L' : 'M', xpos(&L, l->months[j]), ypos(&L, l->values[j]));
        }
        if (b.failed) {
            wr->failed = 1;
        } else if (b.len) {
            start(wr, "path");
            attr(wr, "class", "line");
            attr(wr, "d", b.p);
            attr(wr, "fill", "none");
            attr(wr, "stroke", colour);
            attr(wr, "stroke-width", "2.25");
            attr(wr, "stroke-linejoin", "round");
            attr(wr, "stroke-linecap", "round");
            if (line_dash(i))
                attr(wr, "stroke-dasharray", line_dash(i));
            if (l->label[0]) {
                start(wr, "title");
                text(wr, l->label);
                end(wr);
            }
            end(wr);
        }
        for (j = 0; j < l->n; j++) {
            int alone = (j == 0 || isnan(l->values[j - 1]) ||
                         l->months[j] != l->months[j - 1] + 1) &&
                        (j + 1 == l->n || isnan(l->values[j + 1]) ||
                         l->months[j + 1] != l->months[j] + 1);
            if (isnan(l->values[j]) || !(alone || all_dots))
                continue;
            start(wr, "circle");
            attr_num(wr, "cx", xpos(&L, l->months[j]));
            attr_num(wr, "cy", ypos(&L, l->values[j]));
            attr(wr, "r", "3");
            attr(wr, "fill", colour);
            end(wr);
        }
        end(wr);
    }

    /* ---- legend */
    if (nitems) {
        start(wr, "g");
        attr(wr, "class", "legend");
        for (i = 0; i < nitems; i++) {
            const legend_item *it = &items[i];
            if (it->line < c->nlines) {
                line_el(wr, NULL, it->x, it->y - 4, it->x + 22, it->y - 4,
                        palette[it->line % PALETTE_SIZE], 3, line_dash(it->line));
            } else {
                start(wr, "rect");
                attr_num(wr, "x", it->x);
                attr_num(wr, "y", it->y - 10);
                attr(wr, "width", "22");
                attr(wr, "height", "12");
                attr(wr, "fill", "#777777");
                attr(wr, "fill-opacity", "0.3");
                end(wr);
            }
            text_el(wr, NULL, it->x + 28, it->y, "start", 12, "#222222", NULL, it->label);
        }
        end(wr);
    }

    end(wr); /* svg */
    W(xmlTextWriterEndDocument(xw));
    free(b.p);
    return wr->failed ? SC_ENOMEM : SC_OK;
}

int sc_chart_write_buffer(char **out, size_t *size, const sc_chart *chart, sc_error *err)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc;
    size_t len;

    if (size != NULL)
        *size = 0;
    if (out == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    if (chart == NULL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart is NULL");
    if (chart->nlines == 0)
        return sci_error(err, SC_EDATA, NULL, 0, 0, "the chart has no line");
    buf = xmlBufferCreate();
    if (buf == NULL)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    w = xmlNewTextWriterMemory(buf, 0);
    if (w == NULL) {
        xmlBufferFree(buf);
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rc = xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, BAD_CAST " ") < 0
             ? SC_ENOMEM
             : render(chart, w);
    xmlFreeTextWriter(w); /* flushes into buf */
    if (rc == SC_OK) {
        len = (size_t)xmlBufferLength(buf);
        *out = malloc(len + 1);
        if (*out == NULL) {
            rc = SC_ENOMEM;
        } else {
            memcpy(*out, xmlBufferContent(buf), len);
            (*out)[len] = '\0';
            if (size != NULL)
                *size = len;
        }
    }
    xmlBufferFree(buf);
    if (rc != SC_OK)
        return sci_error(err, rc, NULL, 0, 0, "out of memory while writing the chart");
    return SC_OK;
}

int sc_chart_write_path(const sc_chart *chart, const char *path, sc_error *err)
{
    char *doc = NULL, *tmp;
    size_t len, off = 0, tmp_size;
    unsigned int k;
    int rc, fd = -1, e;

    if (chart == NULL || path == NULL || path[0] == '\0')
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "chart or path is NULL or empty");
    /* The file is written beside the target and renamed over it, which would replace a device,
     * a FIFO or a symbolic link with a plain file: only a regular file (or nothing) may be
     * there. */
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return sci_error_errno(err, EINVAL, path,
                               "cannot write the chart: not a regular file (a device, FIFO, "
                               "directory or symbolic link is never replaced)");
    rc = sc_chart_write_buffer(&doc, &len, chart, err);
    if (rc != SC_OK)
        return rc;
    tmp_size = strlen(path) + 48;
    tmp = malloc(tmp_size);
    if (tmp == NULL) {
        free(doc);
        return sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    }
    for (k = 0; k < 1000; k++) {
        snprintf(tmp, tmp_size, "%s.tmp-%ld-%u", path, (long)getpid(), k);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        e = errno;
        free(doc);
        free(tmp);
        return sci_error_errno(err, e, path, "cannot create a temporary file beside it: %s",
                               strerror(e));
    }
    while (off < len) {
        ssize_t n = write(fd, doc + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* no progress: give up rather than loop */
            break;
        }
        off += (size_t)n;
    }
    e = off < len ? errno : 0;
    if (e == 0 && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e != 0) {
        unlink(tmp);
        rc = sci_error_errno(err, e, path, "cannot write the chart: %s", strerror(e));
    }
    free(doc);
    free(tmp);
    return rc;
}
