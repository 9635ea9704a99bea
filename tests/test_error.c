/*
 * tests/test_error.c - status codes, error records and the run-time version (common.h).
 *
 * Written against include/stalkcase/common.h and version.h only. Expected texts are built by
 * hand from the format the header documents ("SOURCE:LINE:COLUMN: MESSAGE").
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

/* Every code of enum sc_status, in header order. */
static const int all_codes[] = {
    SC_OK, SC_EINVAL, SC_ENOMEM, SC_EIO, SC_EPARSE,
    SC_EDATA, SC_EOVERFLOW, SC_ELIMIT, SC_ENOTFOUND, SC_EUSER
};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

/* Fills a record with recognisable non-zero content. */
static void fill_error(sc_error *err, const char *source, unsigned long line,
                       unsigned long column, const char *message)
{
    memset(err, 0x5a, sizeof *err);
    err->code = SC_EDATA;
    err->sys_errno = 0;
    snprintf(err->source, sizeof err->source, "%s", source);
    err->line = line;
    err->column = column;
    snprintf(err->message, sizeof err->message, "%s", message);
}

/* ------------------------------------------------------------------ sc_strerror */

static void test_strerror_known_codes(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < N_CODES; i++) {
        const char *s = sc_strerror(all_codes[i]);
        assert_non_null(s);
        /* A known code has its own description: not empty, not the fallback. */
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, "unknown status");
        /* One line of text. */
        assert_null(strchr(s, '\n'));
        /* Stable: the same code gives the same text. */
        assert_string_equal(s, sc_strerror(all_codes[i]));
        /* Distinct codes give distinct descriptions. */
        for (j = 0; j < i; j++)
            assert_string_not_equal(s, sc_strerror(all_codes[j]));
    }
    /* The header quotes this one. */
    assert_string_equal(sc_strerror(SC_EINVAL), "invalid argument");
}

static void test_strerror_unknown_codes(void **state)
{
    static const int unknown[] = { 1, 2, 100, -10, -42, -1000, INT_MAX, INT_MIN };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = sc_strerror(unknown[i]);
        assert_non_null(s);
        assert_string_equal(s, "unknown status");
    }
}

/* ------------------------------------------------------------------ sc_error_clear */

static void test_error_clear(void **state)
{
    sc_error err;
    (void)state;
    fill_error(&err, "data/mps.csv", 12, 7, "bad count \"x\"");
    err.code = SC_EIO;
    err.sys_errno = 2;
    sc_error_clear(&err);
    assert_int_equal(err.code, SC_OK);
    assert_string_equal(err.source, "");
    assert_string_equal(err.message, "");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    /* Not listed in the header's sentence, but a cleared record carries no errno either. */
    assert_int_equal(err.sys_errno, 0);

    sc_error_clear(NULL); /* must not crash */
}

static void test_format_cleared_record(void **state)
{
    sc_error err;
    char buf[16];
    (void)state;
    /* Every part of a cleared record is empty or zero, and sc_error_format leaves out the
       parts that are empty or zero: nothing is left, so the text is "" (length 0). */
    fill_error(&err, "x", 1, 2, "y");
    sc_error_clear(&err);
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

/* ------------------------------------------------------------------ sc_error_format */

static void test_format_all_parts(void **state)
{
    sc_error err;
    char buf[128];
    /* "data/mps.csv" + ":" + "12" + ":" + "7" + ": " + "bad count" = 12+1+2+1+1+2+9 = 28 */
    const char *expected = "data/mps.csv:12:7: bad count";
    (void)state;
    fill_error(&err, "data/mps.csv", 12, 7, "bad count");
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), 28);
    assert_int_equal(strlen(expected), 28);
    assert_string_equal(buf, expected);

    /* Large line and column numbers are written in full. */
    fill_error(&err, "f", 4294967295UL, 1000000UL, "m");
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), (int)strlen("f:4294967295:1000000: m"));
    assert_string_equal(buf, "f:4294967295:1000000: m");

    /* ULONG_MAX, compared with the C library's own rendering of the number. */
    {
        char want[128];
        int n;
        fill_error(&err, "f", ULONG_MAX, ULONG_MAX, "m");
        n = snprintf(want, sizeof want, "f:%lu:%lu: m", ULONG_MAX, ULONG_MAX);
        assert_int_equal(sc_error_format(&err, buf, sizeof buf), n);
        assert_string_equal(buf, want);
    }
}

static void test_format_line_without_column(void **state)
{
    sc_error err;
    char buf[64];
    (void)state;
    /* column 0 is left out: "in.xml" ":3" ": " "oops" = 6 + 2 + 2 + 4 = 14 */
    fill_error(&err, "in.xml", 3, 0, "oops");
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), 14);
    assert_string_equal(buf, "in.xml:3: oops");
}

static void test_format_without_source(void **state)
{
    sc_error err;
    char buf[64];
    (void)state;
    /* No source, no line, no column: the message alone (the header's own example). */
    fill_error(&err, "", 0, 0, "out of memory here");
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), 18);
    assert_string_equal(buf, "out of memory here");
}

static void test_format_without_line_column(void **state)
{
    sc_error err;
    char buf[64];
    (void)state;
    /* "<stdin>" ": " "empty input" = 7 + 2 + 11 = 20 */
    fill_error(&err, "<stdin>", 0, 0, "empty input");
    assert_int_equal(sc_error_format(&err, buf, sizeof buf), 20);
    assert_string_equal(buf, "<stdin>: empty input");
}

static void test_format_no_source_with_location(void **state)
{
    sc_error err;
    char buf[64];
    int n;
    (void)state;
    /*
     * The header says empty or zero parts are left out, and gives "MESSAGE alone when there
     * is no source" as its example. With no source but a line and column, either reading is
     * defensible: "2:5: bad" (leave out only the empty part) or "bad". Accept exactly these two
     * and check the returned length matches what was written.
     */
    fill_error(&err, "", 2, 5, "bad");
    n = sc_error_format(&err, buf, sizeof buf);
    assert_true(strcmp(buf, "2:5: bad") == 0 || strcmp(buf, "bad") == 0);
    assert_int_equal(n, (int)strlen(buf));
}

static void test_format_truncation(void **state)
{
    sc_error err;
    char buf[64];
    const char *full = "a.csv:1:2: message";   /* 5+1+1+1+1+2+7 = 18 */
    size_t size;
    (void)state;
    fill_error(&err, "a.csv", 1, 2, "message");
    assert_int_equal(strlen(full), 18);

    /* Every buffer size from 1 to beyond the text: returns 18, writes a NUL-terminated
     * prefix of size-1 bytes, and writes nothing past buf[size-1]. */
    for (size = 1; size <= 25; size++) {
        size_t keep = size - 1 < 18 ? size - 1 : 18;
        memset(buf, '#', sizeof buf);
        assert_int_equal(sc_error_format(&err, buf, size), 18);
        assert_int_equal(strlen(buf), keep);
        assert_memory_equal(buf, full, keep);
        assert_int_equal(buf[size], '#');   /* no byte written beyond the buffer */
    }

    /* size 18: one byte short of the text -> 17 characters kept. */
    memset(buf, '#', sizeof buf);
    assert_int_equal(sc_error_format(&err, buf, 18), 18);
    assert_string_equal(buf, "a.csv:1:2: messag");

    /* size 0: nothing is written, the length is still reported. */
    memset(buf, '#', sizeof buf);
    assert_int_equal(sc_error_format(&err, buf, 0), 18);
    assert_int_equal(buf[0], '#');
}

static void test_format_long_texts(void **state)
{
    sc_error err;
    char big[1024];
    char small[10];
    size_t i;
    int n;
    (void)state;
    /* Source and message each filled to the maximum (255 characters). */
    memset(&err, 0, sizeof err);
    err.code = SC_EPARSE;
    for (i = 0; i < SC_ERROR_TEXT_SIZE - 1; i++) {
        err.source[i] = (char)('a' + i % 26);
        err.message[i] = (char)('A' + i % 26);
    }
    err.source[SC_ERROR_TEXT_SIZE - 1] = '\0';
    err.message[SC_ERROR_TEXT_SIZE - 1] = '\0';
    err.line = 123;
    err.column = 45;
    /* 255 + ":123" (4) + ":45" (3) + ": " (2) + 255 = 519 */
    n = sc_error_format(&err, big, sizeof big);
    assert_int_equal(n, 519);
    assert_int_equal(strlen(big), 519);
    assert_memory_equal(big, err.source, 255);
    assert_memory_equal(big + 255, ":123:45: ", 9);
    assert_memory_equal(big + 264, err.message, 255);

    /* Same record into a small buffer: same length returned, first 9 bytes kept. */
    assert_int_equal(sc_error_format(&err, small, sizeof small), 519);
    assert_memory_equal(small, err.source, 9);
    assert_int_equal(small[9], '\0');
}

static void test_format_null_args(void **state)
{
    sc_error err;
    char buf[16];
    (void)state;
    fill_error(&err, "x", 1, 1, "y");
    assert_int_equal(sc_error_format(NULL, buf, sizeof buf), SC_EINVAL);
    assert_int_equal(sc_error_format(&err, NULL, sizeof buf), SC_EINVAL);
    /* Unlike snprintf, a NULL buffer is refused even with size 0 (the header says so). */
    assert_int_equal(sc_error_format(&err, NULL, 0), SC_EINVAL);
    assert_int_equal(sc_error_format(NULL, NULL, 0), SC_EINVAL);
}

static void test_format_does_not_modify_record(void **state)
{
    sc_error err, copy;
    char buf[64];
    (void)state;
    fill_error(&err, "s", 9, 8, "m");
    memcpy(&copy, &err, sizeof err);
    (void)sc_error_format(&err, buf, sizeof buf);
    assert_memory_equal(&err, &copy, sizeof err);
}

/* ------------------------------------------------------------------ errors filled by calls */

static void test_error_filled_on_failure_untouched_on_success(void **state)
{
    sc_error err, copy;
    sc_month m = 0;
    (void)state;
    /* Failure: the record gets the code returned. */
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_month_parse(&m, "2024-13", &err), SC_EDATA);
    assert_int_equal(err.code, SC_EDATA);
    assert_true(err.message[0] != '\0');
    /* Texts are NUL-terminated inside their buffers. */
    assert_non_null(memchr(err.source, '\0', sizeof err.source));
    assert_non_null(memchr(err.message, '\0', sizeof err.message));

    /* Success: the record is untouched, byte for byte. */
    memset(&err, 0xa5, sizeof err);
    memcpy(&copy, &err, sizeof err);
    assert_int_equal(sc_month_parse(&m, "2024-12", &err), SC_OK);
    assert_memory_equal(&err, &copy, sizeof err);
}

/* ------------------------------------------------------------------ version */

static void test_version(void **state)
{
    char want[32];
    (void)state;
    assert_non_null(sc_version());
    assert_string_equal(sc_version(), SC_VERSION_STRING);
    assert_int_equal(sc_version_hex(), (unsigned long)SC_VERSION_HEX);

    /* The compile-time macros agree with each other. */
    snprintf(want, sizeof want, "%d.%d.%d", SC_VERSION_MAJOR, SC_VERSION_MINOR,
             SC_VERSION_PATCH);
    assert_string_equal(SC_VERSION_STRING, want);
    /* 0xMMmmpp: each part in its own byte. */
    assert_int_equal(SC_VERSION_HEX,
                     (unsigned long)SC_VERSION_MAJOR * 65536UL
                     + (unsigned long)SC_VERSION_MINOR * 256UL
                     + (unsigned long)SC_VERSION_PATCH);
    assert_true(SC_VERSION_MINOR >= 0 && SC_VERSION_MINOR <= 255);
    assert_true(SC_VERSION_PATCH >= 0 && SC_VERSION_PATCH <= 255);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_known_codes),
        cmocka_unit_test(test_strerror_unknown_codes),
        cmocka_unit_test(test_error_clear),
        cmocka_unit_test(test_format_cleared_record),
        cmocka_unit_test(test_format_all_parts),
        cmocka_unit_test(test_format_line_without_column),
        cmocka_unit_test(test_format_without_source),
        cmocka_unit_test(test_format_without_line_column),
        cmocka_unit_test(test_format_no_source_with_location),
        cmocka_unit_test(test_format_truncation),
        cmocka_unit_test(test_format_long_texts),
        cmocka_unit_test(test_format_null_args),
        cmocka_unit_test(test_format_does_not_modify_record),
        cmocka_unit_test(test_error_filled_on_failure_untouched_on_success),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
