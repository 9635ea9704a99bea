/*
 * tests/test_breaks.c - counting-rule break tables (breaks.h): the built-in England and Wales
 * table, CSV files of extra breaks (tests/data/breaks/), range queries.
 *
 * Expected values are read off the fixtures by hand: line numbers count physical lines with
 * the header as line 1, columns count fields from 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#include "testutil.h"

#define MON(y, m) ((sc_month)((y) * 12 + ((m) - 1)))

static sc_breaks *ew(void)
{
    sc_breaks *b = NULL;
    assert_int_equal(sc_breaks_new_england_wales(&b), SC_OK);
    assert_non_null(b);
    return b;
}

static void test_builtin(void **state)
{
    (void)state;
    sc_breaks *b = ew();
    static const struct {
        sc_month m;
        const char *id;
    } want[3] = {
        { MON(2014, 4), "ew-2014-04-stalking-code" },
        { MON(2018, 4), "ew-2018-04-additional-offence" },
        { MON(2020, 4), "ew-2020-04-ex-partner-conduct" },
    };
    assert_int_equal(sc_breaks_size(b), 3);
    for (size_t i = 0; i < 3; i++) {
        const sc_break *k = sc_breaks_get(b, i);
        assert_non_null(k);
        assert_int_equal(k->month, want[i].m);
        assert_string_equal(k->id, want[i].id);
        assert_true(strlen(k->title) > 10);
        assert_true(strlen(k->description) > 100);
        tu_assert_contains(k->source, "Counting Rules for Recorded Crime");
        assert_ptr_equal(sc_breaks_find(b, want[i].id), k);
    }
    tu_assert_contains(sc_breaks_get(b, 0)->description, "8Q");
    tu_assert_contains(sc_breaks_get(b, 2)->description, "ex-partners");
    assert_null(sc_breaks_get(b, 3));
    assert_null(sc_breaks_find(b, "nope"));
    sc_breaks_free(b);
    sc_breaks_free(NULL);
}

/* first < B <= last */
static void test_within(void **state)
{
    (void)state;
    sc_breaks *b = ew();
    size_t idx = 99;
    assert_int_equal(sc_breaks_within(b, MON(2020, 3), MON(2020, 4), &idx), 1);
    assert_int_equal(idx, 2);
    assert_int_equal(sc_breaks_within(b, MON(2020, 4), MON(2021, 4), &idx), 0);
    assert_int_equal(idx, 3);
    assert_int_equal(sc_breaks_within(b, MON(2020, 4), MON(2020, 4), &idx), 0);
    assert_int_equal(sc_breaks_within(b, MON(2014, 3), MON(2025, 12), &idx), 3);
    assert_int_equal(idx, 0);
    assert_int_equal(sc_breaks_within(b, MON(2014, 4), MON(2018, 4), &idx), 1);
    assert_int_equal(idx, 1);
    assert_int_equal(sc_breaks_within(b, MON(2024, 1), MON(2025, 12), NULL), 0);
    /* bad ranges */
    assert_int_equal(sc_breaks_within(b, MON(2021, 1), MON(2019, 1), &idx), 0);
    assert_int_equal(sc_breaks_within(b, SC_MONTH_NONE, MON(2019, 1), &idx), 0);
    assert_int_equal(sc_breaks_within(NULL, MON(2019, 1), MON(2021, 1), &idx), 0);
    sc_breaks_free(b);
}

static void test_add(void **state)
{
    (void)state;
    sc_breaks *b = NULL;
    sc_error err;
    assert_int_equal(sc_breaks_new(&b), SC_OK);
    assert_int_equal(sc_breaks_size(b), 0);
    assert_int_equal(sc_breaks_add(b, MON(2022, 1), "z", "Z", NULL, "S", &err), SC_OK);
    assert_int_equal(sc_breaks_add(b, MON(2021, 1), "y", "Y", "desc", "S", &err), SC_OK);
    const sc_break *z = sc_breaks_find(b, "z");
    assert_int_equal(sc_breaks_add(b, MON(2022, 1), "a", "A", "", "S", &err), SC_OK);
    /* sorted by month then id; pointers stay valid */
    assert_string_equal(sc_breaks_get(b, 0)->id, "y");
    assert_string_equal(sc_breaks_get(b, 1)->id, "a");
    assert_string_equal(sc_breaks_get(b, 2)->id, "z");
    assert_ptr_equal(sc_breaks_get(b, 2), z);
    assert_string_equal(z->description, "");
    /* errors leave the table as it was */
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), "z", "Z2", NULL, "S", &err), SC_EDATA);
    tu_assert_contains(err.message, "already");
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), "", "T", NULL, "S", &err), SC_EDATA);
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), "q", "", NULL, "S", &err), SC_EDATA);
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), "q", "T", NULL, "", &err), SC_EDATA);
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), "q", "T\xc3", NULL, "S", &err), SC_EDATA);
    assert_int_equal(sc_breaks_add(b, SC_MONTH_NONE, "q", "T", NULL, "S", &err), SC_EINVAL);
    assert_int_equal(sc_breaks_add(b, MON(2023, 1), NULL, "T", NULL, "S", &err), SC_EINVAL);
    assert_int_equal(sc_breaks_add(NULL, MON(2023, 1), "q", "T", NULL, "S", &err), SC_EINVAL);
    assert_int_equal(sc_breaks_size(b), 3);

    sc_breaks *c = NULL;
    assert_int_equal(sc_breaks_copy(&c, b), SC_OK);
    assert_int_equal(sc_breaks_size(c), 3);
    assert_string_equal(sc_breaks_get(c, 1)->id, "a");
    assert_ptr_not_equal(sc_breaks_get(c, 1), sc_breaks_get(b, 1));
    sc_breaks_free(c);
    assert_int_equal(sc_breaks_copy(&c, NULL), SC_EINVAL);
    assert_null(c);
    assert_int_equal(sc_breaks_new(NULL), SC_EINVAL);
    assert_int_equal(sc_breaks_new_england_wales(NULL), SC_EINVAL);
    sc_breaks_free(b);
}

/* good.csv: BOM, CRLF, columns in another order with spaces and case changes, an extra column,
 * a quoted field with a comma, doubled quotes and a line break, a blank line. */
static void test_read_good(void **state)
{
    (void)state;
    char path[TU_PATH_MAX];
    sc_error err;
    sc_breaks *b = ew();
    int rc = sc_breaks_read_path(b, tu_fixture(path, "breaks/good.csv"), &err);
    if (rc != SC_OK)
        fail_msg("%d: %s:%lu:%lu: %s", rc, err.source, err.line, err.column, err.message);
    assert_int_equal(sc_breaks_size(b), 5);
    const sc_break *k = sc_breaks_get(b, 2);
    assert_int_equal(k->month, MON(2019, 1));
    assert_string_equal(k->id, "local-2019-01");
    assert_string_equal(k->title, "Local change");
    assert_string_equal(k->source, "Local bulletin");
    assert_string_equal(k->description, "");
    k = sc_breaks_get(b, 4);
    assert_int_equal(k->month, MON(2022, 4));
    assert_string_equal(k->id, "force-x-2022-04");
    assert_string_equal(k->title, "Force X: new \"crime recording\" system");
    assert_string_equal(k->source, "Force X press notice, 2022");
    assert_string_equal(k->description, "Multi-line\r\ndescription");
    /* first < B <= last: 2019-01 is not inside 2019-01..2020-04, 2020-04 is */
    size_t idx;
    assert_int_equal(sc_breaks_within(b, MON(2019, 1), MON(2020, 4), &idx), 1);
    assert_string_equal(sc_breaks_get(b, idx)->id, "ew-2020-04-ex-partner-conduct");
    assert_int_equal(sc_breaks_within(b, MON(2018, 12), MON(2022, 4), &idx), 3);
    assert_int_equal(idx, 2);
    sc_breaks_free(b);

    /* the same from memory, into an empty table */
    size_t size = 0;
    unsigned char *data = tu_slurp(path, &size);
    assert_int_equal(sc_breaks_new(&b), SC_OK);
    assert_int_equal(sc_breaks_read_buffer(b, data, size, "mem", &err), SC_OK);
    assert_int_equal(sc_breaks_size(b), 2);
    free(data);
    assert_int_equal(sc_breaks_read_buffer(b, NULL, 0, "none", &err), SC_EDATA);
    assert_int_equal(sc_breaks_size(b), 2);
    sc_breaks_free(b);
}

static const struct bad_case {
    const char *file;
    int code;
    unsigned long line, column;
    const char *text;
} bad_cases[] = {
    { "breaks/empty.csv", SC_EDATA, 0, 0, "empty" },
    { "breaks/missing-title.csv", SC_EDATA, 1, 0, "title" },
    { "breaks/bad-month.csv", SC_EDATA, 3, 1, "2021-13" },
    { "breaks/empty-id.csv", SC_EDATA, 4, 2, "empty id" },
    { "breaks/dup-id.csv", SC_EDATA, 3, 2, "already" },
    { "breaks/dup-builtin.csv", SC_EDATA, 2, 2, "already" },
    { "breaks/unterminated.csv", SC_EPARSE, 2, 3, "malformed" },
    { "breaks/bad-utf8.csv", SC_EPARSE, 2, 3, "UTF-8" },
    { "breaks/short.csv", SC_EDATA, 2, 3, "fields" },
    /* id "a;b" (column 2 of line 2): ';' separates ids in CSV outputs */
    { "breaks/bad-id.csv", SC_EDATA, 2, 2, "may hold only" },
    /* "title" and "Title": the second is column 5 of the header */
    { "breaks/dup-column.csv", SC_EDATA, 1, 5, "appears twice" },
};

static void test_read_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *t = &bad_cases[i];
        char path[TU_PATH_MAX];
        sc_error err;
        sc_breaks *b = ew();
        tu_fixture(path, t->file);
        int rc = sc_breaks_read_path(b, path, &err);
        if (rc != t->code || err.line != t->line || err.column != t->column)
            fail_msg("%s: got %d at %lu:%lu (%s), want %d at %lu:%lu", t->file, rc, err.line,
                     err.column, err.message, t->code, t->line, t->column);
        tu_assert_contains(err.source, t->file);
        tu_assert_contains(err.message, t->text);
        /* all or nothing */
        assert_int_equal(sc_breaks_size(b), 3);
        sc_breaks_free(b);
    }
}

static void test_read_errors(void **state)
{
    (void)state;
    sc_error err;
    sc_breaks *b = ew();
    char path[TU_PATH_MAX];
    assert_int_equal(sc_breaks_read_path(b, tu_fixture(path, "breaks/no-such-file.csv"), &err),
                     SC_EIO);
    assert_int_not_equal(err.sys_errno, 0);
    assert_int_equal(sc_breaks_read_path(NULL, path, &err), SC_EINVAL);
    assert_int_equal(sc_breaks_read_path(b, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_breaks_read_buffer(b, NULL, 3, "x", &err), SC_EINVAL);
    /* minimal file appended; reading it a second time fails on the duplicate id */
    assert_int_equal(sc_breaks_read_path(b, tu_fixture(path, "breaks/minimal.csv"), &err), SC_OK);
    assert_int_equal(sc_breaks_size(b), 4);
    assert_int_equal(sc_breaks_read_path(b, path, &err), SC_EDATA);
    assert_int_equal(sc_breaks_size(b), 4);
    sc_breaks_free(b);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),   cmocka_unit_test(test_within),
        cmocka_unit_test(test_add),       cmocka_unit_test(test_read_good),
        cmocka_unit_test(test_read_bad),  cmocka_unit_test(test_read_errors),
    };
    return cmocka_run_group_tests_name("breaks", tests, NULL, NULL);
}
