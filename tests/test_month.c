/*
 * tests/test_month.c - calendar months (month.h).
 *
 * Expected values come from the header's definition, month = year * 12 + (month - 1), computed
 * here independently (M below), and from the C library's own "%04d-%02d" rendering.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stalkcase/stalkcase.h>

/* The header's definition, written out independently of the library. */
#define M(y, mo) ((sc_month)((y) * 12 + ((mo) - 1)))

/* A value that no function should leave behind. */
#define SENTINEL ((sc_month)424242)

/* ------------------------------------------------------------------ constants */

static void test_constants(void **state)
{
    (void)state;
    assert_int_equal(SC_MONTH_MIN, 12);          /* 1 * 12 + 0 */
    assert_int_equal(SC_MONTH_MAX, 119999);      /* 9999 * 12 + 11 = 119988 + 11 */
    assert_int_equal(SC_MONTH_NONE, -1);
    assert_int_equal(SC_MONTH_BUFSIZE, 8);       /* "YYYY-MM" + NUL */
}

/* ------------------------------------------------------------------ sc_month_make */

static void test_make_valid(void **state)
{
    sc_month m = SENTINEL;
    (void)state;
    assert_int_equal(sc_month_make(&m, 2024, 1), SC_OK);
    assert_int_equal(m, 24288);                 /* 2024 * 12 + 0 */
    assert_int_equal(sc_month_make(&m, 2024, 12), SC_OK);
    assert_int_equal(m, 24299);                 /* 2024 * 12 + 11 */
    assert_int_equal(sc_month_make(&m, 2020, 4), SC_OK);
    assert_int_equal(m, 24243);                 /* 2020 * 12 + 3 = 24240 + 3 */
    assert_int_equal(sc_month_make(&m, 1, 1), SC_OK);
    assert_int_equal(m, SC_MONTH_MIN);
    assert_int_equal(sc_month_make(&m, 9999, 12), SC_OK);
    assert_int_equal(m, SC_MONTH_MAX);
}

static void test_make_invalid(void **state)
{
    static const int bad[][2] = {
        { 0, 1 }, { 10000, 1 }, { -1, 1 }, { 2024, 0 }, { 2024, 13 }, { 2024, -1 },
        { 0, 0 }, { INT_MAX, 1 }, { INT_MIN, 1 }, { 2024, INT_MAX }, { 2024, INT_MIN },
        { 9999, 13 }, { 1, 0 }
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_month m = SENTINEL;
        assert_int_equal(sc_month_make(&m, bad[i][0], bad[i][1]), SC_EINVAL);
        assert_int_equal(m, SC_MONTH_NONE);
    }
    assert_int_equal(sc_month_make(NULL, 2024, 1), SC_EINVAL);
}

/* ------------------------------------------------------------------ sc_month_parse */

static void test_parse_valid(void **state)
{
    static const struct { const char *text; sc_month want; } ok[] = {
        { "2024-01", 24288 },         /* 2024 * 12 + 0 */
        { "2024-12", 24299 },         /* 2024 * 12 + 11 */
        { "2000-02", 24001 },         /* 2000 * 12 + 1 */
        { "1999-10", 23997 },         /* 1999 * 12 + 9 = 23988 + 9 */
        { "0001-01", SC_MONTH_MIN },  /* lower boundary */
        { "9999-12", SC_MONTH_MAX },  /* upper boundary */
        { "0010-05", 124 },           /* 10 * 12 + 4, leading zeros in the year */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        sc_month m = SENTINEL;
        sc_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_month_parse(&m, ok[i].text, &err), SC_OK);
        assert_int_equal(m, ok[i].want);
        /* err is untouched on success */
        assert_int_equal(err.code, 0);
        /* err is optional */
        m = SENTINEL;
        assert_int_equal(sc_month_parse(&m, ok[i].text, NULL), SC_OK);
        assert_int_equal(m, ok[i].want);
    }
}

static void test_parse_rejects(void **state)
{
    static const char *const bad[] = {
        "2024-13", "2024-00", "0000-01", "2024-1", "24-01", "2024/01", " 2024-01", "2024-01 ",
        "2024-01-01", "", "+202-01", "-202-01", "2024-+1", "2024- 1", "2024--1", "202a-01",
        "2024-0a", "2024_01", "2024-99", "10000-01", "2024", "-", "2024-", "2024-1\n",
        "2024-01\n", "\t2024-01", "2024 -01", "20 4-01", "0x10-01", "2024-011", "02024-01",
        "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-01",  /* full-width digits 2024 */
        "2024\342\200\22001",   /* U+2010 hyphen (octal escapes: \220 then "01") */
        "Jan 2024", "2024-Jan", "202401", "2024.01", "2024-1 ", " 024-01", "2024-00 "
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_month m = SENTINEL;
        sc_error err;
        int rc;
        memset(&err, 0, sizeof err);
        rc = sc_month_parse(&m, bad[i], &err);
        if (rc != SC_EDATA)
            fail_msg("sc_month_parse(\"%s\") returned %d, want SC_EDATA (%d)", bad[i], rc,
                     SC_EDATA);
        if (m != SC_MONTH_NONE)
            fail_msg("sc_month_parse(\"%s\") left out = %ld, want SC_MONTH_NONE", bad[i],
                     (long)m);
        assert_int_equal(err.code, SC_EDATA);
        assert_true(err.message[0] != '\0');
        /* Without err it fails the same way. */
        m = SENTINEL;
        assert_int_equal(sc_month_parse(&m, bad[i], NULL), SC_EDATA);
        assert_int_equal(m, SC_MONTH_NONE);
    }
}

static void test_parse_error_quotes_text(void **state)
{
    static const char *const bad[] = { "2024-13", "24-01", "2024/01", "+202-01" };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_month m;
        sc_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_month_parse(&m, bad[i], &err), SC_EDATA);
        if (strstr(err.message, bad[i]) == NULL)
            fail_msg("message \"%s\" does not quote \"%s\"", err.message, bad[i]);
    }
}

static void test_parse_null_args(void **state)
{
    sc_month m = SENTINEL;
    sc_error err;
    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_month_parse(&m, NULL, &err), SC_EINVAL);
    assert_int_equal(m, SC_MONTH_NONE);
    assert_int_equal(err.code, SC_EINVAL);
    assert_int_equal(sc_month_parse(NULL, "2024-01", NULL), SC_EINVAL);
    assert_int_equal(sc_month_parse(NULL, NULL, NULL), SC_EINVAL);
    /* An invalid text with a NULL out is still an argument error. */
    assert_int_equal(sc_month_parse(NULL, "2024-13", NULL), SC_EINVAL);
}

/* ------------------------------------------------------------------ sc_month_format */

static void test_format_valid(void **state)
{
    char buf[SC_MONTH_BUFSIZE];
    char big[32];
    (void)state;
    assert_int_equal(sc_month_format(24288, buf, sizeof buf), SC_OK);  /* 2024*12+0 */
    assert_string_equal(buf, "2024-01");
    assert_int_equal(sc_month_format(24299, buf, sizeof buf), SC_OK);  /* 2024*12+11 */
    assert_string_equal(buf, "2024-12");
    assert_int_equal(sc_month_format(SC_MONTH_MIN, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "0001-01");
    assert_int_equal(sc_month_format(SC_MONTH_MAX, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "9999-12");
    assert_int_equal(sc_month_format(124, buf, sizeof buf), SC_OK);    /* 10*12+4 */
    assert_string_equal(buf, "0010-05");
    /* A larger buffer is fine too. */
    memset(big, 'x', sizeof big);
    assert_int_equal(sc_month_format(23997, big, sizeof big), SC_OK);  /* 1999*12+9 */
    assert_string_equal(big, "1999-10");
}

static void test_format_invalid(void **state)
{
    static const sc_month bad[] = {
        SC_MONTH_NONE, 0, 11, SC_MONTH_MAX + 1, -12, INT32_MAX, INT32_MIN, 200000
    };
    char buf[16];
    size_t i, size;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(buf, 'x', sizeof buf);
        assert_int_equal(sc_month_format(bad[i], buf, sizeof buf), SC_EINVAL);
        assert_string_equal(buf, "");
    }
    /* Too small a buffer, for every size below SC_MONTH_BUFSIZE: "" and nothing beyond. */
    for (size = 1; size < SC_MONTH_BUFSIZE; size++) {
        memset(buf, 'x', sizeof buf);
        assert_int_equal(sc_month_format(24288, buf, size), SC_EINVAL);
        assert_int_equal(buf[0], '\0');
        assert_int_equal(buf[size], 'x');
    }
    /* size 0: nothing written. */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sc_month_format(24288, buf, 0), SC_EINVAL);
    assert_int_equal(buf[0], 'x');
    /* NULL buffer. */
    assert_int_equal(sc_month_format(24288, NULL, SC_MONTH_BUFSIZE), SC_EINVAL);
    assert_int_equal(sc_month_format(24288, NULL, 0), SC_EINVAL);
}

/* ------------------------------------------------------------------ valid / year / number */

static void test_valid_year_number(void **state)
{
    (void)state;
    assert_int_equal(sc_month_valid(SC_MONTH_MIN), 1);
    assert_int_equal(sc_month_valid(SC_MONTH_MAX), 1);
    assert_int_equal(sc_month_valid(24288), 1);
    assert_int_equal(sc_month_valid(SC_MONTH_MIN - 1), 0);
    assert_int_equal(sc_month_valid(SC_MONTH_MAX + 1), 0);
    assert_int_equal(sc_month_valid(0), 0);
    assert_int_equal(sc_month_valid(SC_MONTH_NONE), 0);
    assert_int_equal(sc_month_valid(INT32_MIN), 0);
    assert_int_equal(sc_month_valid(INT32_MAX), 0);

    assert_int_equal(sc_month_year(24288), 2024);   /* 24288 / 12 = 2024 r 0 */
    assert_int_equal(sc_month_number(24288), 1);
    assert_int_equal(sc_month_year(24299), 2024);   /* 24299 = 2024*12 + 11 */
    assert_int_equal(sc_month_number(24299), 12);
    assert_int_equal(sc_month_year(24300), 2025);   /* next month: January 2025 */
    assert_int_equal(sc_month_number(24300), 1);
    assert_int_equal(sc_month_year(SC_MONTH_MIN), 1);
    assert_int_equal(sc_month_number(SC_MONTH_MIN), 1);
    assert_int_equal(sc_month_year(SC_MONTH_MAX), 9999);
    assert_int_equal(sc_month_number(SC_MONTH_MAX), 12);

    /* Invalid months give 0 for both. */
    assert_int_equal(sc_month_year(11), 0);
    assert_int_equal(sc_month_number(11), 0);
    assert_int_equal(sc_month_year(0), 0);
    assert_int_equal(sc_month_number(0), 0);
    assert_int_equal(sc_month_year(SC_MONTH_NONE), 0);
    assert_int_equal(sc_month_number(SC_MONTH_NONE), 0);
    assert_int_equal(sc_month_year(SC_MONTH_MAX + 1), 0);
    assert_int_equal(sc_month_number(SC_MONTH_MAX + 1), 0);
    assert_int_equal(sc_month_year(INT32_MIN), 0);
    assert_int_equal(sc_month_number(INT32_MIN), 0);
}

/* ------------------------------------------------------------------ every month */

static void test_round_trip_all_months(void **state)
{
    int year, mo;
    sc_month prev = SC_MONTH_NONE;
    long visited = 0;
    (void)state;
    for (year = 1; year <= 9999; year++) {
        for (mo = 1; mo <= 12; mo++) {
            sc_month made = SENTINEL, parsed = SENTINEL;
            char want[16], buf[SC_MONTH_BUFSIZE];
            snprintf(want, sizeof want, "%04d-%02d", year, mo);

            if (sc_month_make(&made, year, mo) != SC_OK || made != M(year, mo))
                fail_msg("sc_month_make(%d, %d) gave %ld, want %ld", year, mo, (long)made,
                         (long)M(year, mo));
            if (sc_month_parse(&parsed, want, NULL) != SC_OK || parsed != made)
                fail_msg("sc_month_parse(\"%s\") gave %ld, want %ld", want, (long)parsed,
                         (long)made);
            memset(buf, 'x', sizeof buf);
            if (sc_month_format(made, buf, sizeof buf) != SC_OK || strcmp(buf, want) != 0)
                fail_msg("sc_month_format(%ld) gave \"%.8s\", want \"%s\"", (long)made, buf,
                         want);
            if (sc_month_valid(made) != 1 || sc_month_year(made) != year
                || sc_month_number(made) != mo)
                fail_msg("valid/year/number of %ld wrong (%d %d %d)", (long)made,
                         sc_month_valid(made), sc_month_year(made), sc_month_number(made));
            /* Consecutive months are consecutive integers: the previous month plus one. */
            if (prev != SC_MONTH_NONE && made != prev + 1)
                fail_msg("%s is %ld, previous month was %ld", want, (long)made, (long)prev);
            prev = made;
            visited++;
        }
    }
    assert_int_equal(visited, 119988);   /* 9999 years * 12 */
    assert_int_equal(prev, SC_MONTH_MAX);
}

static void test_arithmetic(void **state)
{
    sc_month m;
    (void)state;
    /* m + 1 is the next month, for every valid month except the last. */
    for (m = SC_MONTH_MIN; m < SC_MONTH_MAX; m++) {
        int y = sc_month_year(m), mo = sc_month_number(m);
        int ny = sc_month_year(m + 1), nmo = sc_month_number(m + 1);
        int want_y = mo == 12 ? y + 1 : y;
        int want_mo = mo == 12 ? 1 : mo + 1;
        if (ny != want_y || nmo != want_mo)
            fail_msg("month after %d-%02d is %d-%02d", y, mo, ny, nmo);
    }
    /* December -> January across a year end, spelled out. */
    assert_int_equal(sc_month_parse(&m, "2023-12", NULL), SC_OK);
    {
        char buf[SC_MONTH_BUFSIZE];
        assert_int_equal(sc_month_format(m + 1, buf, sizeof buf), SC_OK);
        assert_string_equal(buf, "2024-01");
        assert_int_equal(sc_month_format(m - 11, buf, sizeof buf), SC_OK);
        assert_string_equal(buf, "2023-01");
    }
    /* b - a is the number of months from a to b: 2020-04 -> 2024-01 is 3*12 + 9 = 45. */
    {
        sc_month a, b;
        assert_int_equal(sc_month_parse(&a, "2020-04", NULL), SC_OK);
        assert_int_equal(sc_month_parse(&b, "2024-01", NULL), SC_OK);
        assert_int_equal(b - a, 45);
    }
    /* The last month has no valid successor; the first no valid predecessor. */
    assert_int_equal(sc_month_valid(SC_MONTH_MAX + 1), 0);
    assert_int_equal(sc_month_valid(SC_MONTH_MIN - 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_make_valid),
        cmocka_unit_test(test_make_invalid),
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_error_quotes_text),
        cmocka_unit_test(test_parse_null_args),
        cmocka_unit_test(test_format_valid),
        cmocka_unit_test(test_format_invalid),
        cmocka_unit_test(test_valid_year_number),
        cmocka_unit_test(test_round_trip_all_months),
        cmocka_unit_test(test_arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
