/*
 * tests/test_time.c - ISO 8601 dates and timestamps with offset (time.h).
 *
 * Expected UTC seconds were computed independently with Python's datetime module (Debian
 * /usr/bin/python3), e.g.
 *   int(datetime.fromisoformat("2024-03-05T14:30:00+01:00").timestamp())  -> 1709645400
 *   (date.fromisoformat("2024-03-05") - date(1970, 1, 1)).days * 86400    -> 1709596800
 * Leap years follow the Gregorian rule (divisible by 4, except centuries not divisible by 400),
 * checked by hand for the years used below.
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

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ALL (SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME)

static void test_parse_values(void **state)
{
    static const struct {
        const char *text;
        sc_time_kind kind;
        int64_t utc;
        int offset;
        int zulu;
    } cases[] = {
        { "2024-03-05T14:30:00+01:00", SC_TIME_DATETIME, INT64_C(1709645400), 60, 0 },
        { "2024-03-05T14:30:00Z", SC_TIME_DATETIME, INT64_C(1709649000), 0, 1 },
        { "2024-03-05T14:30:00+00:00", SC_TIME_DATETIME, INT64_C(1709649000), 0, 0 },
        { "1969-12-31T23:59:59Z", SC_TIME_DATETIME, INT64_C(-1), 0, 1 },
        { "0001-01-01T00:00:00Z", SC_TIME_DATETIME, INT64_C(-62135596800), 0, 1 },
        { "9999-12-31T23:59:59Z", SC_TIME_DATETIME, INT64_C(253402300799), 0, 1 },
        { "2024-02-29T23:30:00-05:30", SC_TIME_DATETIME, INT64_C(1709269200), -330, 0 },
        { "2024-01-01T00:30:00+14:00", SC_TIME_DATETIME, INT64_C(1704018600), 840, 0 },
        { "2000-02-29T12:00:00+00:00", SC_TIME_DATETIME, INT64_C(951825600), 0, 0 },
        { "2024-03-05", SC_TIME_DATE, INT64_C(1709596800), 0, 0 },
        { "1970-01-01", SC_TIME_DATE, INT64_C(0), 0, 0 },
        { "0001-01-01", SC_TIME_DATE, INT64_C(-62135596800), 0, 0 },
        { "9999-12-31", SC_TIME_DATE, INT64_C(253402214400), 0, 0 },
        { "2000-02-29", SC_TIME_DATE, INT64_C(951782400), 0, 0 },
        { "1900-02-28", SC_TIME_DATE, INT64_C(-2203977600), 0, 0 },
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        sc_time t;
        sc_error err;
        char buf[SC_TIME_BUFSIZE];
        assert_int_equal(sc_time_parse(&t, cases[i].text, ALL, &err), SC_OK);
        assert_int_equal(t.kind, cases[i].kind);
        assert_true(t.utc == cases[i].utc);
        assert_int_equal(t.offset, cases[i].offset);
        assert_int_equal(t.zulu, cases[i].zulu);
        assert_true(sc_time_valid(&t));
        /* the written text equals what was read */
        assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
        assert_string_equal(buf, cases[i].text);
    }
}

static void test_parse_rejects(void **state)
{
    static const char *const bad[] = {
        "2023-02-29",                 /* 2023 is not a leap year */
        "1900-02-29",                 /* a century not divisible by 400 */
        "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "2024-01-32",
        "0000-01-01",                 /* year 0 */
        "2024-03-05T14:30:00",        /* no offset */
        "2024-03-05T14:30+01:00",     /* no seconds */
        "2024-03-05T14:30:00.5Z",     /* fraction */
        "2024-03-05T24:00:00Z", "2024-03-05T23:60:00Z", "2024-03-05T23:59:60Z",
        "2024-03-05T14:30:00-00:00",  /* forbidden by ISO 8601 */
        "2024-03-05T14:30:00+24:00", "2024-03-05T14:30:00+01:60", "2024-03-05T14:30:00+0100",
        "2024-03-05t14:30:00Z", "2024-03-05T14:30:00z", "2024-03-05 14:30:00Z",
        " 2024-03-05", "2024-03-05 ", "2024-3-5", "24-03-05", "2024/03/05", "", "2024-03",
        "2023-02-29T10:00:00Z",       /* impossible date with time */
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        sc_time t;
        sc_error err;
        sc_error_clear(&err);
        t.kind = SC_TIME_DATETIME;
        if (sc_time_parse(&t, bad[i], ALL, &err) != SC_EDATA)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(err.code, SC_EDATA);
        assert_non_null(strstr(err.message, bad[i][0] ? bad[i] : "\"\""));
        assert_int_equal(t.kind, SC_TIME_NONE);
    }
}

static void test_parse_accept(void **state)
{
    sc_time t;
    sc_error err;
    (void)state;
    assert_int_equal(sc_time_parse(&t, "2024-03-05", SC_TIME_ACCEPT_DATETIME, &err), SC_EDATA);
    assert_int_equal(sc_time_parse(&t, "2024-03-05T10:00:00Z", SC_TIME_ACCEPT_DATE, &err),
                     SC_EDATA);
    assert_int_equal(sc_time_parse(&t, "2024-03-05T10:00:00", SC_TIME_ACCEPT_DATETIME, &err),
                     SC_EDATA);
    assert_non_null(strstr(err.message, "no UTC offset"));
    assert_int_equal(sc_time_parse(&t, "2024-03-05", 0, &err), SC_EINVAL);
    assert_int_equal(sc_time_parse(NULL, "2024-03-05", ALL, &err), SC_EINVAL);
    assert_int_equal(sc_time_parse(&t, NULL, ALL, NULL), SC_EINVAL);
}

static void test_make_and_format(void **state)
{
    sc_time t;
    char buf[SC_TIME_BUFSIZE];
    (void)state;
    assert_int_equal(sc_time_from_utc(&t, INT64_C(1709645400), 60), SC_OK);
    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "2024-03-05T14:30:00+01:00");
    assert_int_equal(sc_time_from_utc(&t, INT64_C(1709649000), 0), SC_OK);
    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "2024-03-05T14:30:00Z");
    t.zulu = 0;
    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "2024-03-05T14:30:00+00:00");
    assert_int_equal(sc_time_from_utc(&t, 0, 1440), SC_EINVAL);
    assert_int_equal(t.kind, SC_TIME_NONE);
    assert_int_equal(sc_time_from_utc(&t, INT64_C(253402300800), 0), SC_EINVAL); /* year 10000 */
    assert_int_equal(sc_time_from_date(&t, 2024, 2, 29), SC_OK);
    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
    assert_string_equal(buf, "2024-02-29");
    assert_int_equal(sc_time_from_date(&t, 2023, 2, 29), SC_EINVAL);
    assert_int_equal(sc_time_from_date(&t, 2024, 13, 1), SC_EINVAL);
    assert_int_equal(sc_time_from_date(NULL, 2024, 1, 1), SC_EINVAL);
    /* too small a buffer, invalid values */
    assert_int_equal(sc_time_from_date(&t, 2024, 1, 1), SC_OK);
    buf[0] = 'x';
    assert_int_equal(sc_time_format(&t, buf, SC_TIME_BUFSIZE - 1), SC_EINVAL);
    assert_string_equal(buf, "");
    sc_time none = SC_TIME_INIT;
    assert_int_equal(sc_time_format(&none, buf, sizeof buf), SC_EINVAL);
    sc_time broken = t;
    broken.utc += 1; /* a date must be a whole day */
    assert_false(sc_time_valid(&broken));
    broken = t;
    broken.zulu = 1;
    assert_false(sc_time_valid(&broken));
    assert_false(sc_time_valid(NULL));
}

/* Every day of 1999-2001 and 2099-2101 (across the 2000 and 2100 century rules) reads back,
 * and consecutive days are 86400 s apart. */
static void test_every_day(void **state)
{
    static const int spans[][2] = { { 1999, 2001 }, { 2099, 2101 } };
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(spans); s++) {
        int64_t prev = 0;
        int first = 1;
        for (int y = spans[s][0]; y <= spans[s][1]; y++) {
            for (int m = 1; m <= 12; m++) {
                for (int d = 1; d <= 31; d++) {
                    char text[16], buf[SC_TIME_BUFSIZE];
                    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
                    sc_time t;
                    int rc = sc_time_parse(&t, text, ALL, NULL);
                    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                    int len = m == 2 ? 28 + leap : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
                    if (d > len) {
                        assert_int_equal(rc, SC_EDATA);
                        continue;
                    }
                    assert_int_equal(rc, SC_OK);
                    if (!first)
                        assert_true(t.utc - prev == 86400);
                    first = 0;
                    prev = t.utc;
                    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
                    assert_string_equal(buf, text);
                }
            }
        }
    }
}

static void test_local_date_and_month(void **state)
{
    sc_time t;
    int y, m, d;
    (void)state;
    /* 00:30 on 1 April in +01:00 is 23:30 on 31 March in UTC: the local date decides */
    assert_int_equal(sc_time_parse(&t, "2024-04-01T00:30:00+01:00", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_local_date(&t, &y, &m, &d), SC_OK);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 4);
    assert_int_equal(d, 1);
    assert_int_equal(sc_time_month(&t), 2024 * 12 + 3);
    assert_int_equal(sc_time_parse(&t, "2024-03-31T23:30:00-02:00", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_month(&t), 2024 * 12 + 2);
    assert_int_equal(sc_time_parse(&t, "1969-12-31", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_month(&t), 1969 * 12 + 11);
    sc_time none = SC_TIME_INIT;
    assert_int_equal(sc_time_month(&none), SC_MONTH_NONE);
    assert_int_equal(sc_time_local_date(&none, &y, &m, &d), SC_EINVAL);
    assert_int_equal(y, 0);
}

static void test_compare_equal(void **state)
{
    sc_time a, b, day;
    (void)state;
    assert_int_equal(sc_time_parse(&a, "2024-03-05T14:30:00+01:00", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_parse(&b, "2024-03-05T13:30:00Z", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_compare(&a, &b), 0); /* same instant */
    assert_false(sc_time_equal(&a, &b));           /* written differently */
    assert_true(sc_time_equal(&a, &a));
    assert_int_equal(sc_time_parse(&b, "2024-03-05T13:30:01Z", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_compare(&a, &b), -1);
    assert_int_equal(sc_time_compare(&b, &a), 1);
    /* a date against a timestamp: local dates */
    assert_int_equal(sc_time_parse(&day, "2024-03-05", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_compare(&day, &a), 0);
    assert_int_equal(sc_time_parse(&b, "2024-03-05T00:30:00+01:00", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_compare(&day, &b), 0); /* 2024-03-04T23:30Z, local date the 5th */
    assert_int_equal(sc_time_parse(&b, "2024-03-04T23:59:59Z", ALL, NULL), SC_OK);
    assert_int_equal(sc_time_compare(&day, &b), 1);
    sc_time none = SC_TIME_INIT, none2 = SC_TIME_INIT;
    assert_true(sc_time_equal(&none, &none2));
    assert_false(sc_time_equal(&none, &day));
    assert_true(sc_time_equal(NULL, NULL));
    assert_false(sc_time_equal(NULL, &day));
    assert_int_equal(sc_time_compare(&none, &day), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_values),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_accept),
        cmocka_unit_test(test_make_and_format),
        cmocka_unit_test(test_every_day),
        cmocka_unit_test(test_local_date_and_month),
        cmocka_unit_test(test_compare_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
