/*
 * tests/test_chart.c - SVG line charts (chart.h).
 *
 * Written against include/stalkcase/chart.h. The SVG is checked by parsing it with libxml2
 * (xmlReadMemory with XML_PARSE_NONET) and looking at its elements; the rendering is checked
 * by running rsvg-convert (Debian librsvg2-bin; the test says "skipped" when it is absent) and
 * decoding the PNG here with zlib: header size, and colours actually drawn.
 * Expected axis ticks are worked out by hand in the comments (nice steps are 1, 2, 2.5 or 5
 * times a power of ten, about five intervals, from 0 up to the first tick at or above the
 * largest value).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include <stalkcase/stalkcase.h>
#include "testutil.h"

/* month.h's definition, written out independently of the library. */
#define M(y, mo) ((sc_month)((y) * 12 + ((mo) - 1)))

#define TITLE "Stalking & harassment <offences>, Hammersmith & Fulham \xE2\x80\x94 Caf\xC3\xA9 ward"

/* ================================================================== helpers */

static sc_chart *new_chart(const char *title)
{
    sc_chart *c = NULL;
    sc_error err;
    int rc = sc_chart_new(&c, title, NULL, &err);
    if (rc != SC_OK)
        fail_msg("sc_chart_new: %d %s", rc, err.message);
    assert_non_null(c);
    return c;
}

static char *write_ok(const sc_chart *c, size_t *size)
{
    char *doc = NULL;
    size_t n = 0;
    sc_error err;
    int rc = sc_chart_write_buffer(&doc, &n, c, &err);
    if (rc != SC_OK)
        fail_msg("sc_chart_write_buffer: %d %s", rc, err.message);
    assert_non_null(doc);
    assert_int_equal(strlen(doc), n);
    if (size)
        *size = n;
    return doc;
}

static xmlDocPtr parse(const char *doc, size_t n)
{
    xmlDocPtr d = xmlReadMemory(doc, (int)n, "chart.svg", NULL, XML_PARSE_NONET);
    if (d == NULL)
        fail_msg("the SVG is not well-formed XML");
    return d;
}

static int has_class(xmlNodePtr n, const char *name, const char *cls)
{
    xmlChar *v;
    int r;
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return 0;
    if (cls == NULL)
        return 1;
    v = xmlGetProp(n, BAD_CAST "class");
    r = v != NULL && strcmp((const char *)v, cls) == 0;
    xmlFree(v);
    return r;
}

/* Counts elements `name` (with class cls, when not NULL) under n, n included. */
static int count_el(xmlNodePtr n, const char *name, const char *cls)
{
    int k = 0;
    for (; n; n = n->next) {
        k += has_class(n, name, cls);
        k += count_el(n->children, name, cls);
    }
    return k;
}

/* The first element `name` with class cls under n (depth first). */
static xmlNodePtr find_el(xmlNodePtr n, const char *name, const char *cls)
{
    for (; n; n = n->next) {
        xmlNodePtr r;
        if (has_class(n, name, cls))
            return n;
        if ((r = find_el(n->children, name, cls)) != NULL)
            return r;
    }
    return NULL;
}

/* The texts of the <text> elements directly in the <g class=cls> group, joined by "|". */
static void group_texts(xmlNodePtr root, const char *cls, char *buf, size_t size)
{
    xmlNodePtr g = find_el(root, "g", cls), n;
    buf[0] = '\0';
    assert_non_null(g);
    for (n = g->children; n; n = n->next) {
        if (has_class(n, "text", NULL)) {
            xmlChar *t = xmlNodeGetContent(n);
            if (buf[0])
                strncat(buf, "|", size - strlen(buf) - 1);
            strncat(buf, (const char *)t, size - strlen(buf) - 1);
            xmlFree(t);
        }
    }
}

/* Number of subpaths (M commands) of a path's d attribute. */
static int count_moves(xmlNodePtr path)
{
    xmlChar *d = xmlGetProp(path, BAD_CAST "d");
    int k = 0;
    const char *p;
    assert_non_null(d);
    for (p = (const char *)d; *p; p++)
        k += *p == 'M';
    xmlFree(d);
    return k;
}

/* The two-line series of the render and document tests: 36 months from Apr 2021, a gap in
 * the first line (2 months NaN), a band on the first line, a break marker. */
static sc_chart *sample_chart(void)
{
    sc_month ms[36];
    double a[36], b[36], lo[36], hi[36];
    sc_chart *c = new_chart(TITLE);
    size_t i;
    for (i = 0; i < 36; i++) {
        ms[i] = M(2021, 4) + (sc_month)i;
        a[i] = 20 + (double)(i % 12) * 2;
        b[i] = 5 + (double)(i % 5);
        lo[i] = a[i] - 4;
        hi[i] = a[i] + 4;
    }
    a[10] = a[11] = NAN;
    assert_int_equal(sc_chart_set_subtitle(c, "Metropolitan Police, recorded offences", NULL),
                     SC_OK);
    assert_int_equal(sc_chart_set_axis_labels(c, "Month", "Offences", NULL), SC_OK);
    assert_int_equal(sc_chart_set_band_label(c, "expected range", NULL), SC_OK);
    assert_int_equal(sc_chart_add_line(c, "Caf\xC3\xA9 ward", ms, a, lo, hi, 36, NULL), SC_OK);
    assert_int_equal(sc_chart_add_line(c, "Borough <all>", ms, b, NULL, NULL, 36, NULL), SC_OK);
    assert_int_equal(sc_chart_add_marker(c, M(2022, 4), "Counting rules changed", NULL), SC_OK);
    return c;
}

/* ================================================================== arguments */

static void test_args(void **state)
{
    sc_chart *c = NULL;
    sc_chart_options o = SC_CHART_OPTIONS_INIT;
    sc_month ms[3] = { M(2020, 1), M(2020, 2), M(2020, 3) };
    sc_month bad_order[3] = { M(2020, 1), M(2020, 3), M(2020, 3) };
    double v[3] = { 1, 2, 3 }, lo[3] = { 0, 1, 2 }, hi[3] = { 2, 3, 1 }, inf[3] = { 1, INFINITY, 2 };
    double big[3] = { 1, 2e15, 2 };
    char *doc = (char *)1, *before, *after;
    size_t size = 99, i;
    sc_error err;
    (void)state;

    assert_int_equal(o.width, 800);
    assert_int_equal(o.height, 450);
    assert_int_equal(sc_chart_new(NULL, "t", NULL, NULL), SC_EINVAL);
    c = (sc_chart *)1;
    assert_int_equal(sc_chart_new(&c, NULL, NULL, NULL), SC_EINVAL);
    assert_null(c);
    o.version = 0;
    assert_int_equal(sc_chart_new(&c, "t", &o, NULL), SC_EINVAL);
    o.version = SC_CHART_OPTIONS_VERSION + 1;
    assert_int_equal(sc_chart_new(&c, "t", &o, NULL), SC_EINVAL);
    o.version = SC_CHART_OPTIONS_VERSION;
    o.width = SC_CHART_MIN_WIDTH - 1;
    assert_int_equal(sc_chart_new(&c, "t", &o, NULL), SC_EINVAL);
    o.width = 800;
    o.height = SC_CHART_MAX_SIZE + 1;
    assert_int_equal(sc_chart_new(&c, "t", &o, NULL), SC_EINVAL);
    assert_null(c);
    assert_int_equal(sc_chart_new(&c, "bad \xFF utf-8", NULL, &err), SC_EDATA);
    assert_int_equal(err.code, SC_EDATA);
    assert_int_equal(sc_chart_new(&c, "control \x01", NULL, NULL), SC_EDATA);
    assert_int_equal(sc_chart_new(&c, "U+FFFE \xEF\xBF\xBE", NULL, NULL), SC_EDATA);
    assert_null(c);
    sc_chart_free(NULL);

    c = new_chart("t");
    /* no line yet */
    assert_int_equal(sc_chart_write_buffer(&doc, &size, c, NULL), SC_EDATA);
    assert_null(doc);
    assert_int_equal(size, 0);
    assert_int_equal(sc_chart_write_buffer(NULL, &size, c, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_write_buffer(&doc, &size, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_write_path(c, "/nonexistent/x.svg", NULL), SC_EDATA);
    assert_int_equal(sc_chart_write_path(c, "", NULL), SC_EINVAL);
    assert_int_equal(sc_chart_write_path(NULL, "x.svg", NULL), SC_EINVAL);

    assert_int_equal(sc_chart_add_line(c, "a", ms, v, NULL, NULL, 3, NULL), SC_OK);
    before = write_ok(c, NULL);
    /* failing calls leave the chart as it was */
    assert_int_equal(sc_chart_add_line(NULL, "a", ms, v, NULL, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, NULL, ms, v, NULL, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", NULL, v, NULL, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", ms, NULL, NULL, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", ms, v, lo, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", ms, v, NULL, hi, 3, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", ms, v, NULL, NULL, 0, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_line(c, "a", bad_order, v, NULL, NULL, 3, &err), SC_EDATA);
    assert_int_equal(err.column, 3);
    assert_int_equal(sc_chart_add_line(c, "a", ms, inf, NULL, NULL, 3, &err), SC_EDATA);
    assert_int_equal(err.column, 2);
    assert_int_equal(sc_chart_add_line(c, "a", ms, big, NULL, NULL, 3, NULL), SC_EDATA);
    assert_int_equal(sc_chart_add_line(c, "a", ms, v, lo, hi, 3, &err), SC_EDATA); /* 2 > 1 */
    assert_int_equal(err.column, 3);
    assert_int_equal(sc_chart_add_line(c, "\xC0\xAF", ms, v, NULL, NULL, 3, NULL), SC_EDATA);
    {
        sc_month bad_month[1] = { 5 };
        assert_int_equal(sc_chart_add_line(c, "a", bad_month, v, NULL, NULL, 1, NULL),
                         SC_EDATA);
    }
    assert_int_equal(sc_chart_add_marker(c, SC_MONTH_NONE, "x", NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_marker(c, M(2020, 2), NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_add_marker(c, M(2020, 2), "\x02", NULL), SC_EDATA);
    assert_int_equal(sc_chart_set_subtitle(c, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_set_subtitle(c, "\xFF", NULL), SC_EDATA);
    assert_int_equal(sc_chart_set_axis_labels(NULL, "x", "y", NULL), SC_EINVAL);
    assert_int_equal(sc_chart_set_axis_labels(c, "x", "\xFF", NULL), SC_EDATA); /* x unset too */
    assert_int_equal(sc_chart_set_description(c, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_chart_set_band_label(NULL, "b", NULL), SC_EINVAL);
    {
        char longtext[1100];
        memset(longtext, 'a', sizeof longtext - 1);
        longtext[sizeof longtext - 1] = '\0';
        assert_int_equal(sc_chart_set_subtitle(c, longtext, NULL), SC_ELIMIT);
    }
    after = write_ok(c, NULL);
    assert_string_equal(before, after);
    sc_free(after);

    /* limits: 16 lines, 64 markers */
    for (i = 1; i < SC_CHART_MAX_LINES; i++)
        assert_int_equal(sc_chart_add_line(c, "a", ms, v, NULL, NULL, 3, NULL), SC_OK);
    assert_int_equal(sc_chart_add_line(c, "a", ms, v, NULL, NULL, 3, NULL), SC_ELIMIT);
    for (i = 0; i < SC_CHART_MAX_MARKERS; i++)
        assert_int_equal(sc_chart_add_marker(c, M(2020, 2), "", NULL), SC_OK);
    assert_int_equal(sc_chart_add_marker(c, M(2020, 2), "", NULL), SC_ELIMIT);
    after = write_ok(c, NULL);
    sc_free(after);
    sc_free(before);
    sc_free(NULL);
    sc_chart_free(c);

    {
        static sc_month many[1201];
        static double vals[1201];
        c = new_chart("t");
        for (i = 0; i < 1201; i++) {
            many[i] = M(1900, 1) + (sc_month)i;
            vals[i] = (double)i;
        }
        assert_int_equal(sc_chart_add_line(c, "a", many, vals, NULL, NULL, 1201, NULL),
                         SC_ELIMIT);
        assert_int_equal(sc_chart_add_line(c, "a", many, vals, NULL, NULL, 1200, NULL), SC_OK);
        sc_free(write_ok(c, NULL));
        sc_chart_free(c);
    }
}

/* ================================================================== the document */

static void test_document(void **state)
{
    sc_chart *c = sample_chart();
    size_t n;
    char *doc = write_ok(c, &n);
    xmlDocPtr d = parse(doc, n);
    xmlNodePtr root = xmlDocGetRootElement(d), t;
    xmlChar *v;
    char buf[1024];
    (void)state;

    assert_string_equal((const char *)root->name, "svg");
    assert_non_null(root->ns);
    assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2000/svg");
    v = xmlGetProp(root, BAD_CAST "version");
    assert_string_equal((const char *)v, "1.1");
    xmlFree(v);
    v = xmlGetProp(root, BAD_CAST "width");
    assert_string_equal((const char *)v, "800");
    xmlFree(v);
    v = xmlGetProp(root, BAD_CAST "height");
    assert_string_equal((const char *)v, "450");
    xmlFree(v);
    v = xmlGetProp(root, BAD_CAST "font-family");
    assert_string_equal((const char *)v, "sans-serif");
    xmlFree(v);

    /* <title> first, then <desc>: the title's text round-trips through escaping */
    for (t = root->children; t && t->type != XML_ELEMENT_NODE; t = t->next)
        ;
    assert_non_null(t);
    assert_string_equal((const char *)t->name, "title");
    v = xmlNodeGetContent(t);
    assert_string_equal((const char *)v, TITLE);
    xmlFree(v);
    for (t = t->next; t && t->type != XML_ELEMENT_NODE; t = t->next)
        ;
    assert_string_equal((const char *)t->name, "desc");
    v = xmlNodeGetContent(t);
    assert_non_null(strstr((const char *)v, "Counting rules changed"));
    assert_non_null(strstr((const char *)v, "Apr 2021 to Mar 2024"));
    xmlFree(v);
    /* the visible title too */
    t = find_el(root, "text", "title");
    assert_non_null(t);
    v = xmlNodeGetContent(t);
    assert_string_equal((const char *)v, TITLE);
    xmlFree(v);

    /* one path per line; the first has a gap (two subpaths); a band polygon; one marker */
    assert_int_equal(count_el(root, "path", "line"), 2);
    assert_int_equal(count_moves(find_el(root, "path", "line")), 2);
    assert_int_equal(count_el(root, "polygon", "band"), 1);
    assert_int_equal(count_el(root, "line", "marker"), 1);
    t = find_el(root, "line", "marker");
    v = xmlGetProp(t, BAD_CAST "stroke-dasharray");
    assert_non_null(v);
    xmlFree(v);
    t = find_el(root, "text", "marker-label");
    v = xmlNodeGetContent(t);
    assert_string_equal((const char *)v, "Counting rules changed");
    xmlFree(v);
    group_texts(root, "legend", buf, sizeof buf);
    assert_string_equal(buf, "Caf\xC3\xA9 ward|Borough <all>|expected range");
    /* y axis: largest value 20 + 11 * 2 + 4 = 46 (a high bound); 46 / 5 = 9.2 -> step 10,
     * maximum 50 */
    group_texts(root, "y-axis", buf, sizeof buf);
    assert_string_equal(buf, "0|10|20|30|40|50");
    /* 36 months at about 19 px each: a label every 2 months from Apr 2021 (Apr 2021 is an
     * even month index: 2021 * 12 + 3 = 24255 is odd, so May first), the year under January
     * and under the first label */
    group_texts(root, "x-axis", buf, sizeof buf);
    assert_string_equal(buf, "May|2021|Jul|Sep|Nov|Jan|2022|Mar|May|Jul|Sep|Nov|Jan|2023|Mar"
                             "|May|Jul|Sep|Nov|Jan|2024|Mar");

    xmlFreeDoc(d);
    sc_free(doc);
    sc_chart_free(c);
}

/* Expected tick labels for a single line with largest value vmax (by hand). */
static void check_ticks(double vmax, double vmin, const char *expected)
{
    sc_month ms[2] = { M(2020, 1), M(2020, 2) };
    double v[2] = { vmin, vmax };
    sc_chart *c = new_chart("ticks");
    size_t n;
    char *doc, buf[512];
    xmlDocPtr d;
    assert_int_equal(sc_chart_add_line(c, "", ms, v, NULL, NULL, 2, NULL), SC_OK);
    doc = write_ok(c, &n);
    d = parse(doc, n);
    group_texts(xmlDocGetRootElement(d), "y-axis", buf, sizeof buf);
    if (strcmp(buf, expected) != 0)
        fail_msg("max %g: ticks %s, expected %s", vmax, buf, expected);
    xmlFreeDoc(d);
    sc_free(doc);
    sc_chart_free(c);
}

static void test_axis(void **state)
{
    (void)state;
    check_ticks(37, 0, "0|10|20|30|40");                   /* 7.4 -> 10 */
    check_ticks(100, 3, "0|20|40|60|80|100");              /* 20 -> 20, 100 is a tick */
    check_ticks(101, 3, "0|25|50|75|100|125");             /* 20.2 -> 25 */
    check_ticks(2.4, 0, "0.0|0.5|1.0|1.5|2.0|2.5");        /* 0.48 -> 0.5 */
    check_ticks(1.1, 0, "0.00|0.25|0.50|0.75|1.00|1.25");  /* 0.22 -> 0.25 */
    check_ticks(12345, 0, "0|2,500|5,000|7,500|10,000|12,500"); /* 2469 -> 2500 */
    check_ticks(0, 0, "0.0|0.2|0.4|0.6|0.8|1.0");          /* all zero: 0 to 1, 0.2 steps */
    check_ticks(20, -7, "-10|0|10|20");                     /* span 27, 5.4 -> 10 */
}

/* Gaps: NaN and missing months break the path; lone values are dots. */
static void test_gaps(void **state)
{
    sc_month ms[7] = { M(2020, 1), M(2020, 2), M(2020, 3), M(2020, 4), M(2020, 5),
                       M(2020, 8), M(2020, 9) };
    double v[7] = { 1, 2, NAN, 4, NAN, 6, 7 };
    sc_chart *c = new_chart("gaps");
    size_t n;
    char *doc;
    xmlDocPtr d;
    xmlNodePtr root;
    sc_chart_options o = SC_CHART_OPTIONS_INIT;
    (void)state;
    sc_chart_free(c);
    o.width = 2000; /* wide: no dots on every point, only on lone values */
    assert_int_equal(sc_chart_new(&c, "gaps", &o, NULL), SC_OK);
    assert_int_equal(sc_chart_add_line(c, "", ms, v, NULL, NULL, 7, NULL), SC_OK);
    doc = write_ok(c, &n);
    d = parse(doc, n);
    root = xmlDocGetRootElement(d);
    /* runs: Jan-Feb, Apr (alone), Aug-Sep (Jun and Jul missing) */
    assert_int_equal(count_moves(find_el(root, "path", "line")), 3);
    /* every point is drawn as a dot at 2000 px (> 14 px per month), 5 values */
    assert_int_equal(count_el(root, "circle", NULL), 5);
    assert_null(find_el(root, "g", "legend")); /* one line, no band label */
    xmlFreeDoc(d);
    sc_free(doc);
    sc_chart_free(c);

    /* 240 months at 800 px: only the lone value gets a dot; labels are years */
    {
        static sc_month lm[240];
        static double lv[240];
        size_t i;
        char buf[512];
        for (i = 0; i < 240; i++) {
            lm[i] = M(2005, 1) + (sc_month)i;
            lv[i] = (i == 100 || i == 102) ? NAN : 3;
        }
        c = new_chart("long");
        assert_int_equal(sc_chart_add_line(c, "", lm, lv, NULL, NULL, 240, NULL), SC_OK);
        doc = write_ok(c, &n);
        d = parse(doc, n);
        root = xmlDocGetRootElement(d);
        assert_int_equal(count_el(root, "circle", NULL), 1);
        group_texts(root, "x-axis", buf, sizeof buf);
        /* about 3 px a month: 12 months = 35 px < 44, so every 24 months (even years) */
        assert_string_equal(buf, "2006|2008|2010|2012|2014|2016|2018|2020|2022|2024");
        xmlFreeDoc(d);
        sc_free(doc);
        sc_chart_free(c);
    }
}

/* ================================================================== files, determinism */

/* Number of entries in a directory besides . and .. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int k = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        k += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return k;
}

static void test_files(void **state)
{
    char dir[] = "/tmp/sc-chart-XXXXXX", path[256], sub[256];
    sc_chart *c = sample_chart();
    char *a, *b, *f;
    size_t na, nb, nf;
    sc_error err;
    static const char *const comma_locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "nl_NL.UTF-8",
                                                 "de_DE.utf8", "fr_FR.utf8", "ru_RU.UTF-8" };
    size_t i;
    (void)state;

    a = write_ok(c, &na);
    b = write_ok(c, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    sc_free(b);
    /* a locale with a decimal comma changes nothing */
    for (i = 0; i < sizeof comma_locales / sizeof comma_locales[0]; i++)
        if (setlocale(LC_ALL, comma_locales[i]) != NULL)
            break;
    if (i < sizeof comma_locales / sizeof comma_locales[0]) {
        b = write_ok(c, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        sc_free(b);
    } else {
        printf("skipped: no locale with a decimal comma installed\n");
    }
    setlocale(LC_ALL, "C");

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/chart.svg", dir);
    assert_int_equal(sc_chart_write_path(c, path, &err), SC_OK);
    f = (char *)tu_read_file(path, &nf);
    assert_int_equal(nf, na);
    assert_memory_equal(f, a, na);
    free(f);
    /* replacing an existing file */
    assert_int_equal(sc_chart_write_path(c, path, NULL), SC_OK);
    assert_int_equal(dir_entries(dir), 1);

    /* a missing directory: SC_EIO with errno */
    snprintf(sub, sizeof sub, "%s/missing/chart.svg", dir);
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_chart_write_path(c, sub, &err), SC_EIO);
    assert_int_equal(err.code, SC_EIO);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_string_equal(err.source, sub);
    /* the target is a directory: rename fails; the temporary file is gone */
    snprintf(sub, sizeof sub, "%s/adir", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    {
        char inner[300];
        snprintf(inner, sizeof inner, "%s/x", sub);
        assert_int_equal(mkdir(inner, 0700), 0); /* non-empty, so rename cannot replace it */
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_chart_write_path(c, sub, &err), SC_EIO);
        assert_true(err.sys_errno != 0);
        assert_int_equal(dir_entries(dir), 2); /* chart.svg and adir, no temporary file */
        rmdir(inner);
    }
    rmdir(sub);
    unlink(path);
    rmdir(dir);
    sc_free(a);
    sc_chart_free(c);
}

/* ================================================================== rendering */

static int find_program(const char *name, char *buf, size_t size)
{
    const char *path = getenv("PATH"), *p, *e;
    if (path == NULL)
        path = "/usr/bin:/bin";
    for (p = path; *p; p = *e ? e + 1 : e) {
        e = strchr(p, ':');
        if (e == NULL)
            e = p + strlen(p);
        snprintf(buf, size, "%.*s/%s", (int)(e - p), p, name);
        if (e > p && access(buf, X_OK) == 0)
            return 1;
    }
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Decodes an 8-bit RGB or RGBA PNG (non-interlaced) into RGB rows. */
static unsigned char *decode_png(const unsigned char *png, size_t n, uint32_t *w, uint32_t *h)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    unsigned char *idat = NULL, *raw, *rgb;
    size_t nidat = 0, off = 8, bpp, stride, y, x;
    uLongf rawlen;
    int ctype;

    assert_true(n > 33);
    assert_memory_equal(png, sig, 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    *w = be32(png + 16);
    *h = be32(png + 20);
    assert_int_equal(png[24], 8); /* bit depth */
    ctype = png[25];
    assert_true(ctype == 2 || ctype == 6);
    assert_int_equal(png[28], 0); /* not interlaced */
    bpp = ctype == 6 ? 4 : 3;
    while (off + 12 <= n) {
        uint32_t len = be32(png + off);
        if (memcmp(png + off + 4, "IDAT", 4) == 0) {
            idat = realloc(idat, nidat + len);
            assert_non_null(idat);
            memcpy(idat + nidat, png + off + 8, len);
            nidat += len;
        }
        off += 12 + (size_t)len;
    }
    stride = *w * bpp;
    rawlen = (uLongf)((stride + 1) * *h);
    raw = malloc(rawlen);
    rgb = malloc((size_t)*w * *h * 3);
    assert_non_null(raw);
    assert_non_null(rgb);
    assert_int_equal(uncompress(raw, &rawlen, idat, (uLong)nidat), Z_OK);
    assert_int_equal(rawlen, (stride + 1) * *h);
    for (y = 0; y < *h; y++) {
        unsigned char *row = raw + y * (stride + 1) + 1;
        unsigned char *prev = y ? raw + (y - 1) * (stride + 1) + 1 : NULL;
        int filter = row[-1];
        for (x = 0; x < stride; x++) {
            int a = x >= bpp ? row[x - bpp] : 0, b = prev ? prev[x] : 0;
            int c = prev && x >= bpp ? prev[x - bpp] : 0;
            switch (filter) {
            case 0: break;
            case 1: row[x] = (unsigned char)(row[x] + a); break;
            case 2: row[x] = (unsigned char)(row[x] + b); break;
            case 3: row[x] = (unsigned char)(row[x] + (a + b) / 2); break;
            case 4: row[x] = (unsigned char)(row[x] + paeth(a, b, c)); break;
            default: fail_msg("bad PNG filter %d", filter);
            }
        }
        for (x = 0; x < *w; x++) {
            /* composite on white when there is alpha */
            int alpha = bpp == 4 ? row[x * 4 + 3] : 255, k;
            for (k = 0; k < 3; k++)
                rgb[(y * *w + x) * 3 + k] =
                    (unsigned char)((row[x * bpp + k] * alpha + 255 * (255 - alpha)) / 255);
        }
    }
    free(raw);
    free(idat);
    return rgb;
}

static void test_render(void **state)
{
    char prog[512], dir[] = "/tmp/sc-chart-render-XXXXXX", svg[256], png_path[256];
    char cmd[1400];
    sc_chart *c;
    unsigned char *png, *rgb;
    size_t npng, i;
    uint32_t w, h;
    size_t nonwhite = 0, blue = 0, orange = 0, tint = 0;
    const char *keep = getenv("SC_TEST_KEEP_PNG");
    (void)state;

    if (!find_program("rsvg-convert", prog, sizeof prog)) {
        printf("skipped: rsvg-convert not found (apt-get install librsvg2-bin)\n");
        skip();
    }
    assert_non_null(mkdtemp(dir));
    snprintf(svg, sizeof svg, "%s/chart.svg", dir);
    snprintf(png_path, sizeof png_path, "%s/chart.png", dir);
    c = sample_chart();
    assert_int_equal(sc_chart_write_path(c, svg, NULL), SC_OK);
    sc_chart_free(c);
    snprintf(cmd, sizeof cmd, "'%s' -w 800 -h 450 '%s' -o '%s'", prog, svg, png_path);
    assert_int_equal(system(cmd), 0);
    png = tu_read_file(png_path, &npng);
    rgb = decode_png(png, npng, &w, &h);
    assert_int_equal(w, 800);
    assert_int_equal(h, 450);
    for (i = 0; i < (size_t)w * h; i++) {
        int r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
        nonwhite += r < 240 || g < 240 || b < 240;
        blue += abs(r - 0x00) < 40 && abs(g - 0x72) < 40 && abs(b - 0xB2) < 40;  /* line 1 */
        orange += abs(r - 0xD5) < 40 && abs(g - 0x5E) < 40 && abs(b - 0x00) < 40; /* line 2 */
        /* the band: #0072B2 at 20% on white = (204, 227, 240) */
        tint += abs(r - 204) < 12 && abs(g - 227) < 12 && abs(b - 240) < 12;
    }
    /* a drawn chart, not a blank page: text, axes, two lines of ~700 px at 2 px, a band */
    assert_true(nonwhite > 8000);
    assert_true(blue > 1000);
    assert_true(orange > 1000);
    assert_true(tint > 5000);
    free(rgb);
    free(png);
    if (keep != NULL && keep[0]) {
        snprintf(cmd, sizeof cmd, "cp '%s' '%s' && cp '%s' '%s.svg'", png_path, keep, svg, keep);
        assert_int_equal(system(cmd), 0);
    }
    unlink(png_path);
    unlink(svg);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args),     cmocka_unit_test(test_document),
        cmocka_unit_test(test_axis),     cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_files),    cmocka_unit_test(test_render),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
