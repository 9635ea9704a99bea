/*
 * tests/testutil.h - small helpers shared by the cmocka tests.
 *
 * Include after <stdarg.h> <stddef.h> <stdint.h> <setjmp.h> <cmocka.h>.
 *
 * Environment:
 *  - SC_TEST_DATA   the fixtures folder (<srcdir>/tests/data); "tests/data" when unset, which
 *                   works when a test is started from the source tree.
 *  - SC_SHARED_DATA the folder holding the real police data (shared/data); tests that need it
 *                   print "skipped: ..." and call cmocka's skip() when it is unset or absent.
 *
 * Everything here is static (inline), so each test binary gets its own copy and no
 * -Wmissing-prototypes / -Wunused-function warnings arise.
 */
#ifndef SC_TESTS_TESTUTIL_H
#define SC_TESTS_TESTUTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stalkcase/stalkcase.h>

#include <cmocka.h>

/** Size of the path buffers the helpers fill. */
#define TU_PATH_MAX 4096

/** Folder of the test fixtures: $SC_TEST_DATA, or "tests/data" when unset or empty. */
static inline const char *tu_test_data_dir(void)
{
    const char *dir = getenv("SC_TEST_DATA");
    return (dir != NULL && dir[0] != '\0') ? dir : "tests/data";
}

/**
 * Folder of the real public data: $SC_SHARED_DATA, or NULL when unset or empty.
 */
static inline const char *tu_shared_data_dir(void)
{
    const char *dir = getenv("SC_SHARED_DATA");
    return (dir != NULL && dir[0] != '\0') ? dir : NULL;
}

/**
 * Writes "<dir>/<rel>" into buf (TU_PATH_MAX bytes) and returns buf. Fails the test when the
 * result does not fit.
 */
static inline const char *tu_join(char *buf, const char *dir, const char *rel)
{
    int n = snprintf(buf, TU_PATH_MAX, "%s/%s", dir, rel);
    if (n < 0 || n >= TU_PATH_MAX) {
        fail_msg("path too long: %s/%s", dir, rel);
    }
    return buf;
}

/** Path of a fixture: "$SC_TEST_DATA/<rel>" written into buf (TU_PATH_MAX bytes). */
static inline const char *tu_fixture(char *buf, const char *rel)
{
    return tu_join(buf, tu_test_data_dir(), rel);
}

/** 1 when path names an existing regular file, else 0. */
static inline int tu_file_exists(const char *path)
{
    struct stat st;
    return path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/**
 * Prints "skipped: <reason>" on stdout and makes cmocka skip the running test (skip() does
 * not return).
 */
#define TU_SKIP(...)                                                                 \
    do {                                                                             \
        printf("skipped: ");                                                         \
        printf(__VA_ARGS__);                                                         \
        printf("\n");                                                                \
        fflush(stdout);                                                              \
        skip();                                                                      \
    } while (0)

/**
 * Reads a whole file into a malloc'd buffer of exactly its size (not NUL-terminated, so a
 * reader that runs past the end is caught by valgrind/ASan). *size receives the length.
 * Fails the test when the file cannot be read. The caller frees the result (may be NULL
 * for an empty file).
 */
static inline unsigned char *tu_slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t len = 0;
    size_t cap = 0;

    if (fp == NULL) {
        fail_msg("cannot open fixture %s", path);
        return NULL;
    }
    for (;;) {
        unsigned char chunk[8192];
        size_t got = fread(chunk, 1, sizeof chunk, fp);
        if (got > 0) {
            if (len + got > cap) {
                size_t ncap = cap == 0 ? 16384 : cap;
                unsigned char *p;
                while (ncap < len + got) {
                    ncap *= 2;
                }
                p = realloc(data, ncap);
                if (p == NULL) {
                    free(data);
                    fclose(fp);
                    fail_msg("out of memory reading %s", path);
                    return NULL;
                }
                data = p;
                cap = ncap;
            }
            memcpy(data + len, chunk, got);
            len += got;
        }
        if (got < sizeof chunk) {
            break;
        }
    }
    if (ferror(fp)) {
        free(data);
        fclose(fp);
        fail_msg("error reading %s", path);
        return NULL;
    }
    fclose(fp);
    if (len > 0 && len < cap) {
        /* Shrink to the exact size so that over-reads are detectable. */
        unsigned char *p = malloc(len);
        if (p == NULL) {
            free(data);
            fail_msg("out of memory reading %s", path);
            return NULL;
        }
        memcpy(p, data, len);
        free(data);
        data = p;
    }
    *size = len;
    return data;
}

/** Copies len bytes into a new malloc'd buffer of exactly len bytes (len may be 0 -> NULL). */
static inline void *tu_memdup(const void *src, size_t len)
{
    void *p;
    if (len == 0) {
        return NULL;
    }
    p = malloc(len);
    assert_non_null(p);
    memcpy(p, src, len);
    return p;
}

/** Fails the test unless haystack contains needle (both NUL-terminated). */
#define tu_assert_contains(haystack, needle)                                         \
    do {                                                                             \
        const char *tu_h_ = (haystack);                                              \
        const char *tu_n_ = (needle);                                                \
        if (tu_h_ == NULL || strstr(tu_h_, tu_n_) == NULL) {                         \
            fail_msg("\"%s\" does not contain \"%s\"", tu_h_ ? tu_h_ : "(null)",       \
                     tu_n_);                                                         \
        }                                                                            \
    } while (0)

/** Grouped totals of c with a category filter and a month range (SC_MONTH_NONE for open
 * ends); fails the test when sc_counts_totals fails. The caller frees the result. */
static inline sc_totals *tu_totals(const sc_counts *c, sc_group by, const char *category,
                                   sc_month from, sc_month to)
{
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    sc_totals *t = NULL;
    sc_error err;
    int rc;

    f.category = category;
    f.from = from;
    f.to = to;
    rc = sc_counts_totals(&t, c, by, &f, &err);
    if (rc != SC_OK) {
        fail_msg("sc_counts_totals: %d (%s): %s", rc, sc_strerror(rc), err.message);
    }
    assert_non_null(t);
    return t;
}

/**
 * Reads a whole file into a new buffer (free it with free()), with a NUL after the content
 * that *size does not count, so text files can be used as strings. Fails the test when the
 * file cannot be opened or memory runs out.
 */
static inline unsigned char *tu_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 1 >= cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    buf[n] = '\0';
    *size = n;
    return buf;
}

#endif /* SC_TESTS_TESTUTIL_H */
