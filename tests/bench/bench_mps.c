/*
 * bench_mps.c - benchmark of the Met ward CSV import (run by `make bench`, never by `make check`).
 *
 *   bench_mps libstalkcase FILE   sc_mps_read_path + sc_counts_totals by month for the category
 *                                 "STALKING AND HARASSMENT"; the sum of those totals.
 *   bench_mps bare FILE           a bare libcsv pass written for the benchmark: the same
 *                                 filter-and-sum (the month columns of rows whose MinorText is
 *                                 STALKING AND HARASSMENT, ASCII-case-insensitively), with no
 *                                 table, no validation and no error reporting beyond libcsv's.
 *
 * Both print one line, "sum=N rows=N seconds=S maxrss_kib=K base_kib=K": the sum, the data rows
 * read, the wall time from opening the file to having the sum (CLOCK_MONOTONIC), the process's
 * peak resident set size (getrusage, KiB) and its resident set size just before the work began
 * (/proc/self/statm, KiB; -1 where there is no /proc), so that peak - base is what the work
 * itself needed. tests/bench/run-bench.sh runs them and compares them with
 * tests/bench/bench_mps.py, which does the same with Python's csv module.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include <stalkcase/stalkcase.h>

#define CATEGORY "STALKING AND HARASSMENT"
#define READ_CHUNK 65536

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* Current resident set size in KiB (Linux /proc), or -1. */
static long rss_kib(void)
{
    long pages = -1, resident = -1, page = sysconf(_SC_PAGESIZE);
    FILE *fp = fopen("/proc/self/statm", "r");
    if (fp) {
        if (fscanf(fp, "%ld %ld", &pages, &resident) != 2)
            resident = -1;
        fclose(fp);
    }
    return resident < 0 || page <= 0 ? -1 : resident * (page / 1024);
}

/* a (alen bytes) equals the string literal b, ASCII-case-insensitively */
#define CASEEQ(a, alen, b) ascii_caseeq((a), (alen), (b), sizeof(b) - 1)

static int ascii_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'a' && x <= 'z')
            x = (unsigned char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (unsigned char)(y - 'a' + 'A');
        if (x != y)
            return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- libstalkcase */

static int run_libstalkcase(const char *path, uint64_t *sum, size_t *rows)
{
    sc_counts *counts = NULL;
    sc_totals *totals = NULL;
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts_filter filter = SC_COUNTS_FILTER_INIT;
    sc_error err;
    char msg[2 * SC_ERROR_TEXT_SIZE];

    filter.category = CATEGORY;
    int rc = sc_mps_read_path(&counts, path, &info, &err);
    if (rc == SC_OK)
        rc = sc_counts_totals(&totals, counts, SC_GROUP_MONTH, &filter, &err);
    if (rc != SC_OK) {
        sc_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "bench_mps: %s\n", msg);
    } else {
        *sum = sc_totals_sum(totals);
        *rows = info.rows;
    }
    sc_totals_free(totals);
    sc_counts_free(counts);
    return rc == SC_OK ? 0 : 1;
}

/* ---------------------------------------------------------------- bare libcsv */

typedef struct bare {
    int in_header;
    size_t col;               /* 0-based index of the next field in the record */
    size_t ncols, cap;
    unsigned char *is_month;  /* per column: a YYYYMM header */
    size_t minor_col;         /* index of MinorText, or SIZE_MAX */
    size_t first_month_col;   /* index of the first month column, or SIZE_MAX */
    int match;                /* the current row's MinorText is CATEGORY */
    uint64_t sum;
    size_t rows;
    int bad;                  /* the header is not usable */
} bare;

static void bare_field(void *data, size_t len, void *payload)
{
    bare *b = payload;
    const char *s = data ? data : "";
    size_t col = b->col++;
    if (b->in_header) {
        if (b->ncols == b->cap) {
            size_t cap = b->cap ? 2 * b->cap : 64;
            unsigned char *p = realloc(b->is_month, cap);
            if (!p) {
                b->bad = 1;
                return;
            }
            b->is_month = p;
            b->cap = cap;
        }
        int digits = len == 6;
        for (size_t i = 0; i < len && digits; i++)
            digits = s[i] >= '0' && s[i] <= '9';
        b->is_month[b->ncols++] = (unsigned char)digits;
        if (digits && b->first_month_col == SIZE_MAX)
            b->first_month_col = col;
        if (CASEEQ(s, len, "MinorText"))
            b->minor_col = col;
        return;
    }
    if (col == b->minor_col) {
        b->match = CASEEQ(s, len, CATEGORY);
    } else if (b->match && col < b->ncols && b->is_month[col]) {
        uint64_t v = 0;
        for (size_t i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (uint64_t)(s[i] - '0');
        b->sum += v;
    }
}

static void bare_record(int term, void *payload)
{
    bare *b = payload;
    (void)term;
    if (b->in_header) {
        b->in_header = 0;
        /* the filter is decided before the counts arrive: MinorText must come first */
        if (b->minor_col == SIZE_MAX || b->first_month_col == SIZE_MAX ||
            b->minor_col > b->first_month_col)
            b->bad = 1;
    } else if (b->col > 0) {
        b->rows++;
    }
    b->col = 0;
    b->match = 0;
}

static int run_bare(const char *path, uint64_t *sum, size_t *rows)
{
    struct csv_parser parser;
    bare b = {1, 0, 0, 0, NULL, SIZE_MAX, SIZE_MAX, 0, 0, 0, 0};
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    char *buf = malloc(READ_CHUNK);
    if (!buf || csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "bench_mps: out of memory\n");
        free(buf);
        fclose(fp);
        return 1;
    }
    int status = 0, first = 1;
    size_t n;
    while ((n = fread(buf, 1, READ_CHUNK, fp)) > 0) {
        size_t skip = first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        first = 0;
        if (csv_parse(&parser, buf + skip, n - skip, bare_field, bare_record, &b) != n - skip) {
            fprintf(stderr, "bench_mps: %s: %s\n", path, csv_strerror(csv_error(&parser)));
            status = 1;
            break;
        }
    }
    if (status == 0 && ferror(fp)) {
        perror(path);
        status = 1;
    }
    if (status == 0 && csv_fini(&parser, bare_field, bare_record, &b) != 0) {
        fprintf(stderr, "bench_mps: %s: %s\n", path, csv_strerror(csv_error(&parser)));
        status = 1;
    }
    if (status == 0 && b.bad) {
        fprintf(stderr, "bench_mps: %s: the header needs MinorText before the month columns\n",
                path);
        status = 1;
    }
    csv_free(&parser);
    free(buf);
    free(b.is_month);
    fclose(fp);
    *sum = b.sum;
    *rows = b.rows;
    return status;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "libstalkcase") != 0 && strcmp(argv[1], "bare") != 0)) {
        fprintf(stderr, "usage: bench_mps libstalkcase|bare FILE\n");
        return 2;
    }
    uint64_t sum = 0;
    size_t rows = 0;
    long base = rss_kib();
    double start = now();
    int status = strcmp(argv[1], "bare") == 0 ? run_bare(argv[2], &sum, &rows)
                                               : run_libstalkcase(argv[2], &sum, &rows);
    double seconds = now() - start;
    if (status != 0)
        return status;
    printf("sum=%llu rows=%zu seconds=%.6f maxrss_kib=%ld base_kib=%ld\n",
           (unsigned long long)sum, rows, seconds, maxrss_kib(), base);
    return 0;
}
