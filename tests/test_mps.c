/*
 * tests/test_mps.c - sc_mps_read_path / sc_mps_read_buffer / sc_mps_read_file against the
 * contract in include/stalkcase/mps.h (and common.h, counts.h for what the table must hold).
 *
 * Fixtures: $SC_TEST_DATA/mps/good/ and $SC_TEST_DATA/mps/bad/ (small hand-written CSV files;
 * their exact bytes, line by line, are repeated in the comments below). Other inputs are built
 * in memory. Every expected number is worked out by hand from the fixture; the arithmetic is
 * in the comments.
 *
 * Line numbers in error checks are physical lines: the header is line 1, blank lines count,
 * and a record containing a quoted line break starts on its first line.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stalkcase/stalkcase.h>

#include "testutil.h"

/* A month as month.h defines it: year * 12 + (month - 1). */
#define MON(y, m) ((sc_month)((y) * 12 + ((m) - 1)))

/* "Do not check" for a line or column. */
#define ANY ULONG_MAX

/* A non-NULL value put in *out before a call that must fail, to see it reset to NULL. */
static char out_sentinel;
#define SENTINEL ((sc_counts *)(void *)&out_sentinel)

static const char VAP[] = "VIOLENCE AGAINST THE PERSON";
static const char SH[] = "STALKING AND HARASSMENT";
static const char VWI[] = "VIOLENCE WITH INJURY";
static const char BUR[] = "BURGLARY";
static const char BID[] = "BURGLARY IN A DWELLING";

/* ------------------------------------------------------------------------------ helpers */

static uint64_t get(const sc_counts *c, const char *code, const char *name,
                    const char *borough, const char *major, const char *minor, sc_month m)
{
    uint64_t n = 12345;
    assert_int_equal(sc_counts_get(c, code, name, borough, major, minor, m, &n), SC_OK);
    return n;
}

/* Reads a good fixture with sc_mps_read_path; err must stay untouched on success. */
static sc_counts *read_good(const char *rel, sc_mps_info *info)
{
    char path[TU_PATH_MAX];
    char rel2[256];
    sc_counts *c = SENTINEL;
    sc_error err, before;
    int rc;

    snprintf(rel2, sizeof rel2, "mps/good/%s", rel);
    tu_fixture(path, rel2);
    memset(&err, 0x5a, sizeof err);
    memcpy(&before, &err, sizeof err);
    rc = sc_mps_read_path(&c, path, info, &err);
    if (rc != SC_OK) {
        fail_msg("%s: status %d (%s) at %lu:%lu: %s", path, rc, sc_strerror(rc), err.line,
                 err.column, err.message);
    }
    assert_non_null(c);
    assert_true(c != SENTINEL);
    assert_memory_equal(&err, &before, sizeof err); /* untouched on success */
    return c;
}

static sc_counts *read_buffer_ok(const char *text, size_t len, sc_mps_info *info)
{
    sc_counts *c = SENTINEL;
    sc_error err;
    void *copy = tu_memdup(text, len); /* exact size, no NUL after it */
    int rc;

    memset(&err, 0, sizeof err);
    rc = sc_mps_read_buffer(&c, copy, len, "inline.csv", info, &err);
    free(copy);
    if (rc != SC_OK) {
        fail_msg("inline: status %d (%s) at %lu:%lu: %s", rc, sc_strerror(rc), err.line,
                 err.column, err.message);
    }
    assert_non_null(c);
    assert_true(c != SENTINEL);
    return c;
}

#define READ_BUFFER_OK(lit, info) read_buffer_ok((lit), sizeof(lit) - 1, (info))

static void month_row(const sc_totals *t, size_t i, sc_month m, uint64_t n)
{
    const sc_cell *row = sc_totals_get(t, i);
    assert_non_null(row);
    assert_int_equal(row->month, m);
    assert_int_equal(row->count, n);
}

static void borough_row(const sc_totals *t, size_t i, const char *borough, uint64_t n)
{
    const sc_cell *row = sc_totals_get(t, i);
    assert_non_null(row);
    assert_non_null(row->borough);
    assert_string_equal(row->borough, borough);
    assert_null(row->ward_code);
    assert_int_equal(row->month, SC_MONTH_NONE);
    assert_int_equal(row->count, n);
}

static void ward_row(const sc_totals *t, size_t i, const char *code, const char *name,
                     const char *borough, uint64_t n)
{
    const sc_cell *row = sc_totals_get(t, i);
    assert_non_null(row);
    assert_non_null(row->ward_code);
    assert_non_null(row->ward_name);
    assert_non_null(row->borough);
    assert_string_equal(row->ward_code, code);
    assert_string_equal(row->ward_name, name);
    assert_string_equal(row->borough, borough);
    assert_int_equal(row->count, n);
}

static void category_row(const sc_totals *t, size_t i, const char *major, const char *minor,
                         uint64_t n)
{
    const sc_cell *row = sc_totals_get(t, i);
    assert_non_null(row);
    assert_non_null(row->major);
    assert_non_null(row->minor);
    assert_string_equal(row->major, major);
    assert_string_equal(row->minor, minor);
    assert_int_equal(row->count, n);
}

/* ------------------------------------------------------------ the "current" data set
 *
 * good/current.csv (LF, no BOM) - the layout the Met publishes today:
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402,202403
 *   L2 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,St James's,E05013806,Westminster,31,40,0
 *   L3 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,West End,E05013808,Westminster,20,22,25
 *   L4 VIOLENCE AGAINST THE PERSON,VIOLENCE WITH INJURY,St James's,E05013806,Westminster,50,0,7
 *   L5 BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,3,4,5
 *   L6 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Heathrow Villages,E05013570,
 *      Aviation Security (SO18),1,0,2
 * The same 5 rows x 3 months appear in bom-crlf.csv, ward-first-crlf.csv, shuffled-bom.csv and
 * (with an extra all-zero 202312 column) first-month-zero.csv.
 *
 * Hand arithmetic:
 *   row sums: L2 31+40+0=71, L3 20+22+25=67, L4 50+0+7=57, L5 3+4+5=12, L6 1+0+2=3;
 *   grand total 71+67+57+12+3 = 210.
 *   non-zero cells: L2 2 (31,40), L3 3, L4 2 (50,7), L5 3, L6 2 (1,2) -> 12.
 *   STALKING AND HARASSMENT by month (L2+L3+L6): Jan 31+20+1=52, Feb 40+22+0=62,
 *     Mar 0+25+2=27; sum 141 (= 71+67+3).
 *   VIOLENCE AGAINST THE PERSON (major; L2,L3,L4,L6): Jan 52+50=102, Feb 62+0=62,
 *     Mar 27+7=34; sum 198 (= 141+57).
 *   boroughs: Westminster 71+67+57=195, Croydon 12, Aviation Security (SO18) 3.
 *   wards: St James's E05013806 71+57=128, West End 67, Fairfield 12, Heathrow Villages 3.
 *   categories: (VAP, S&H) 141, (VAP, VWI) 57, (BURGLARY, BID) 12.
 *   boroughs in 2024-02 only: Westminster 40+22+0=62, Croydon 4, Aviation 0 (-> no row).
 */
struct cur_row {
    const char *major, *minor, *name, *code, *borough;
    uint64_t n[3];
};

static const struct cur_row CUR[5] = {
    { "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", "St James's", "E05013806",
      "Westminster", { 31, 40, 0 } },
    { "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", "West End", "E05013808",
      "Westminster", { 20, 22, 25 } },
    { "VIOLENCE AGAINST THE PERSON", "VIOLENCE WITH INJURY", "St James's", "E05013806",
      "Westminster", { 50, 0, 7 } },
    { "BURGLARY", "BURGLARY IN A DWELLING", "Fairfield", "E05011468", "Croydon", { 3, 4, 5 } },
    { "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", "Heathrow Villages",
      "E05013570", "Aviation Security (SO18)", { 1, 0, 2 } },
};

/* Lower-cases an ASCII string into buf (for case-insensitive lookups). */
static const char *lower(char *buf, size_t size, const char *s)
{
    size_t i;
    for (i = 0; s[i] != '\0' && i + 1 < size; i++) {
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    }
    buf[i] = '\0';
    return buf;
}

/* Every cell of the current data set, looked up with upper- and lower-case categories. */
static void check_current_cells(const sc_counts *c)
{
    size_t r;
    int k;
    for (r = 0; r < 5; r++) {
        char maj[64], min[64];
        for (k = 0; k < 3; k++) {
            sc_month m = MON(2024, 1) + k;
            assert_int_equal(get(c, CUR[r].code, CUR[r].name, CUR[r].borough, CUR[r].major,
                                 CUR[r].minor, m),
                             CUR[r].n[k]);
            assert_int_equal(get(c, CUR[r].code, CUR[r].name, CUR[r].borough,
                                 lower(maj, sizeof maj, CUR[r].major),
                                 lower(min, sizeof min, CUR[r].minor), m),
                             CUR[r].n[k]);
        }
        /* Not covered by the file: absent cells read as 0. */
        assert_int_equal(get(c, CUR[r].code, CUR[r].name, CUR[r].borough, CUR[r].major,
                             CUR[r].minor, MON(2024, 4)),
                         0);
    }
    /* Title-case spelling of a category finds the same cell (L2 Jan = 31). */
    assert_int_equal(get(c, "E05013806", "St James's", "Westminster",
                         "Violence Against the Person", "Stalking and Harassment", MON(2024, 1)),
                     31);
    /* Areas are compared byte for byte: a lower-case ward name is another area. */
    assert_int_equal(get(c, "E05013806", "st james's", "Westminster", VAP, SH, MON(2024, 1)), 0);
    assert_int_equal(get(c, "E05013806", "St James's", "westminster", VAP, SH, MON(2024, 1)), 0);
    /* 12 non-zero cells (see the arithmetic above). */
    assert_int_equal(sc_counts_size(c), 12);
    assert_int_equal(sc_counts_covers(c, MON(2024, 1)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 2)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 3)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 4)), 0);
}

/* Totals of the current data set; sh_filter is "stalking and harassment" in some case. */
static void check_current_totals(const sc_counts *c, const char *sh_filter)
{
    sc_totals *t;

    /* No filter, by month: Jan 31+20+50+3+1=105, Feb 40+22+0+4+0=66, Mar 0+25+7+5+2=39;
     * 105+66+39 = 210 = grand total. */
    t = tu_totals(c, SC_GROUP_MONTH, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    month_row(t, 0, MON(2024, 1), 105);
    month_row(t, 1, MON(2024, 2), 66);
    month_row(t, 2, MON(2024, 3), 39);
    assert_int_equal(sc_totals_sum(t), 210);
    sc_totals_free(t);

    /* Stalking and harassment (matched case-insensitively on the minor text). */
    t = tu_totals(c, SC_GROUP_MONTH, sh_filter, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    month_row(t, 0, MON(2024, 1), 52);
    month_row(t, 1, MON(2024, 2), 62);
    month_row(t, 2, MON(2024, 3), 27);
    assert_int_equal(sc_totals_sum(t), 141);
    sc_totals_free(t);

    /* Major text as the filter, in mixed case: 102, 62, 34 = 198. */
    t = tu_totals(c, SC_GROUP_MONTH, "Violence AGAINST the person", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    month_row(t, 0, MON(2024, 1), 102);
    month_row(t, 1, MON(2024, 2), 62);
    month_row(t, 2, MON(2024, 3), 34);
    assert_int_equal(sc_totals_sum(t), 198);
    sc_totals_free(t);

    /* "burglary" matches the major text BURGLARY: 3+4+5 = 12. */
    t = tu_totals(c, SC_GROUP_MONTH, "burglary", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_sum(t), 12);
    sc_totals_free(t);

    /* By borough: 195, 12, 3. */
    t = tu_totals(c, SC_GROUP_BOROUGH, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    borough_row(t, 0, "Westminster", 195);
    borough_row(t, 1, "Croydon", 12);
    borough_row(t, 2, "Aviation Security (SO18)", 3);
    assert_int_equal(sc_totals_sum(t), 210);
    sc_totals_free(t);

    /* By borough in 2024-02 only: Westminster 62, Croydon 4; Aviation's 0 gives no row. */
    t = tu_totals(c, SC_GROUP_BOROUGH, NULL, MON(2024, 2), MON(2024, 2));
    assert_int_equal(sc_totals_size(t), 2);
    borough_row(t, 0, "Westminster", 62);
    borough_row(t, 1, "Croydon", 4);
    sc_totals_free(t);

    /* By ward: 128, 67, 12, 3. */
    t = tu_totals(c, SC_GROUP_WARD, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 4);
    ward_row(t, 0, "E05013806", "St James's", "Westminster", 128);
    ward_row(t, 1, "E05013808", "West End", "Westminster", 67);
    ward_row(t, 2, "E05011468", "Fairfield", "Croydon", 12);
    ward_row(t, 3, "E05013570", "Heathrow Villages", "Aviation Security (SO18)", 3);
    sc_totals_free(t);

    /* By category: 3 rows, 141, 57, 12 (names checked by the callers: spelling varies). */
    t = tu_totals(c, SC_GROUP_CATEGORY, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    assert_int_equal(sc_totals_get(t, 0)->count, 141);
    assert_int_equal(sc_totals_get(t, 1)->count, 57);
    assert_int_equal(sc_totals_get(t, 2)->count, 12);
    sc_totals_free(t);
}

/* The expected table, built by hand with sc_counts_add from the rows above. */
static sc_counts *build_current(int cover_dec_2023)
{
    sc_counts *c = NULL;
    size_t r;
    int k;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    for (r = 0; r < 5; r++) {
        for (k = 0; k < 3; k++) {
            assert_int_equal(sc_counts_add(c, CUR[r].code, CUR[r].name, CUR[r].borough,
                                           CUR[r].major, CUR[r].minor, MON(2024, 1) + k,
                                           CUR[r].n[k], NULL),
                             SC_OK);
        }
    }
    if (cover_dec_2023) {
        assert_int_equal(sc_counts_cover(c, MON(2023, 12), MON(2023, 12)), SC_OK);
    }
    return c;
}

static void check_info(const sc_mps_info *info, size_t rows, size_t months, sc_month first,
                       sc_month last)
{
    assert_int_equal(info->version, SC_MPS_INFO_VERSION);
    assert_int_equal(info->rows, rows);
    assert_int_equal(info->month_columns, months);
    assert_int_equal(info->first_month, first);
    assert_int_equal(info->last_month, last);
}

/* --------------------------------------------------------------------------- layouts */

/* good/current.csv: current Met layout, LF, no BOM, upper-case categories. */
static void test_current_layout(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c, *want;
    sc_month first = 0, last = 0;
    sc_totals *t;
    (void)state;

    c = read_good("current.csv", &info);
    /* 5 data rows (L2..L6), 3 month columns 202401..202403. */
    check_info(&info, 5, 3, MON(2024, 1), MON(2024, 3));
    check_current_cells(c);
    check_current_totals(c, "stalking and harassment");
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, MON(2024, 1));
    assert_int_equal(last, MON(2024, 3));

    t = tu_totals(c, SC_GROUP_CATEGORY, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    category_row(t, 0, VAP, SH, 141);
    category_row(t, 1, VAP, VWI, 57);
    category_row(t, 2, BUR, BID, 12);
    sc_totals_free(t);

    want = build_current(0);
    assert_int_equal(sc_counts_equal(c, want), 1);
    sc_counts_free(want);
    sc_counts_free(c);
}

/* good/bom-crlf.csv: the same bytes as current.csv with a UTF-8 BOM and CRLF line ends. */
static void test_bom_crlf(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c, *want;
    (void)state;

    c = read_good("bom-crlf.csv", &info);
    check_info(&info, 5, 3, MON(2024, 1), MON(2024, 3));
    check_current_cells(c); /* "MajorText" behind the BOM was found; no "\r" in 202403 */
    check_current_totals(c, "STALKING AND HARASSMENT");
    want = build_current(0);
    assert_int_equal(sc_counts_equal(c, want), 1);
    sc_counts_free(want);
    sc_counts_free(c);
}

/*
 * good/ward-first-crlf.csv (CRLF, no BOM): WardName,WardCode first, title-case categories,
 * a trailing "Refreshed Date" column:
 *   L1 WardName,WardCode,MajorText,MinorText,LookUp_BoroughName,202401,202402,202403,Refreshed Date
 *   L2 St James's,E05013806,Violence Against the Person,Stalking and Harassment,Westminster,31,40,0,2024-04-15
 *   ... the same five rows as current.csv.
 */
static void test_ward_first_refreshed_title_case(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c, *want;
    sc_totals *t;
    (void)state;

    c = read_good("ward-first-crlf.csv", &info);
    /* "Refreshed Date" is not a month column: still 3. */
    check_info(&info, 5, 3, MON(2024, 1), MON(2024, 3));
    check_current_cells(c); /* upper- and lower-case lookups of title-case text */
    check_current_totals(c, "STALKING AND HARASSMENT");

    /* The spelling in the file is the one reported. */
    t = tu_totals(c, SC_GROUP_CATEGORY, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    category_row(t, 0, "Violence Against the Person", "Stalking and Harassment", 141);
    category_row(t, 1, "Violence Against the Person", "Violence with Injury", 57);
    category_row(t, 2, "Burglary", "Burglary in a Dwelling", 12);
    sc_totals_free(t);

    /* Equal to the upper-case table: categories compare case-insensitively. */
    want = build_current(0);
    assert_int_equal(sc_counts_equal(c, want), 1);
    sc_counts_free(want);
    sc_counts_free(c);
}

/*
 * good/shuffled-bom.csv (BOM, LF, no newline after the last record): every column moved, a
 * month column first (right after the BOM), months not in order, header names in other case
 * and with surrounding spaces, "Refreshed Date" in the middle:
 *   L1 <BOM>202403, lookup_boroughname ,WARDCODE,202401,minortext,Refreshed Date,MajorText,WardName,202402
 *   L2 0,Westminster,E05013806,31,STALKING AND HARASSMENT,15/04/2024 09:00,VIOLENCE AGAINST THE PERSON,St James's,40
 *   ... the same five rows as current.csv; L6 ends without a line break.
 */
static void test_shuffled_bom(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c, *want;
    (void)state;

    c = read_good("shuffled-bom.csv", &info);
    /* first_month is the earliest month column (202401, the 4th column), not the first. */
    check_info(&info, 5, 3, MON(2024, 1), MON(2024, 3));
    check_current_cells(c);
    check_current_totals(c, "Stalking and Harassment");
    want = build_current(0);
    assert_int_equal(sc_counts_equal(c, want), 1);
    sc_counts_free(want);
    sc_counts_free(c);
}

/*
 * good/first-month-zero.csv (CRLF): ward-first layout with a first month 202312 that is all
 * zeros and a trailing Refreshed Date:
 *   L1 WardName,WardCode,MajorText,MinorText,LookUp_BoroughName,202312,202401,202402,202403,Refreshed Date
 *   L2 St James's,E05013806,Violence Against the Person,Stalking and Harassment,Westminster,0,31,40,0,2024-04-15
 *   ... (the five current rows, each with 0 for 202312)
 */
static void test_first_month_zero(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c, *want;
    sc_totals *t;
    sc_month first = 0, last = 0;
    (void)state;

    c = read_good("first-month-zero.csv", &info);
    check_info(&info, 5, 4, MON(2023, 12), MON(2024, 3));
    check_current_cells(c); /* still 12 non-zero cells: the 202312 zeros add none */
    assert_int_equal(sc_counts_covers(c, MON(2023, 12)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2023, 11)), 0);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, MON(2023, 12));
    assert_int_equal(last, MON(2024, 3));
    assert_int_equal(get(c, "E05013806", "St James's", "Westminster", VAP, SH, MON(2023, 12)), 0);

    /* The covered zero month is a row of 0: 0, 52, 62, 27 (sum 141). */
    t = tu_totals(c, SC_GROUP_MONTH, "stalking and harassment", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 4);
    month_row(t, 0, MON(2023, 12), 0);
    month_row(t, 1, MON(2024, 1), 52);
    month_row(t, 2, MON(2024, 2), 62);
    month_row(t, 3, MON(2024, 3), 27);
    assert_int_equal(sc_totals_sum(t), 141);
    sc_totals_free(t);

    want = build_current(1);
    assert_int_equal(sc_counts_equal(c, want), 1);
    sc_counts_free(want);
    /* ... and not equal to the table without the 2023-12 coverage. */
    want = build_current(0);
    assert_int_equal(sc_counts_equal(c, want), 0);
    sc_counts_free(want);
    sc_counts_free(c);
}

/*
 * good/header-only.csv: only
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402,202403
 * Valid: an empty table that covers its three months.
 */
static void test_header_only(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_totals *t;
    sc_month first = 0, last = 0;
    (void)state;

    c = read_good("header-only.csv", &info);
    check_info(&info, 0, 3, MON(2024, 1), MON(2024, 3));
    assert_int_equal(sc_counts_size(c), 0);
    assert_int_equal(sc_counts_covers(c, MON(2023, 12)), 0);
    assert_int_equal(sc_counts_covers(c, MON(2024, 1)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 2)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 3)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2024, 4)), 0);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, MON(2024, 1));
    assert_int_equal(last, MON(2024, 3));

    /* Three covered months, each 0, even for a category never seen. */
    t = tu_totals(c, SC_GROUP_MONTH, "stalking and harassment", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    month_row(t, 0, MON(2024, 1), 0);
    month_row(t, 1, MON(2024, 2), 0);
    month_row(t, 2, MON(2024, 3), 0);
    assert_int_equal(sc_totals_sum(t), 0);
    sc_totals_free(t);

    t = tu_totals(c, SC_GROUP_WARD, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 0);
    sc_totals_free(t);
    sc_counts_free(c);

    /* The same header without a final line break, from memory. */
    info = (sc_mps_info)SC_MPS_INFO_INIT;
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202512", &info);
    check_info(&info, 0, 1, MON(2025, 12), MON(2025, 12));
    assert_int_equal(sc_counts_size(c), 0);
    assert_int_equal(sc_counts_covers(c, MON(2025, 12)), 1);
    sc_counts_free(c);
}

/*
 * good/quoted.csv (LF):
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402
 *   L2 Public Order Offences,"Other Offences Against the State, or Public Order",
 *      "Bromley Common and Holwood, East",E05000109,Bromley,4,2
 *   L3 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,"St Mary's & St James",E05011229,Bexley,"7",0
 *   L4 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,St James's,E05013806,Westminster,31,40
 *   L5 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,"The ""Quoted"" Ward",E05999901,Test Borough,5,6
 *   L6 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,"Line
 *   L7 Break",E05999902,Test Borough,8,9
 *   L8 VIOLENCE AGAINST THE PERSON,"STALKING AND HARASSMENT","Comma, Apostrophe's, ""Quotes""",
 *      E05999903,"Test, Borough",10,11
 * 6 records (L6-L7 is one record).
 * S&H: Jan 7+31+5+8+10 = 61, Feb 0+40+6+9+11 = 66; sum 127.
 * Boroughs: Westminster 31+40=71, Test Borough 5+6+8+9=28, "Test, Borough" 10+11=21,
 *   Bexley 7+0=7, Bromley 4+2=6; total 71+28+21+7+6 = 133 (= 127 + 6).
 */
static void test_quoted_fields(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_totals *t;
    const char *pub = "Public Order Offences";
    const char *other = "Other Offences Against the State, or Public Order";
    (void)state;

    c = read_good("quoted.csv", &info);
    check_info(&info, 6, 2, MON(2024, 1), MON(2024, 2));

    /* Commas inside quotes, in a category and a ward name; category in other case. */
    assert_int_equal(get(c, "E05000109", "Bromley Common and Holwood, East", "Bromley",
                         "PUBLIC ORDER OFFENCES", "other offences against the state, or public order",
                         MON(2024, 1)),
                     4);
    assert_int_equal(get(c, "E05000109", "Bromley Common and Holwood, East", "Bromley", pub,
                         other, MON(2024, 2)),
                     2);
    /* Apostrophe in a quoted field; a quoted count "7". */
    assert_int_equal(get(c, "E05011229", "St Mary's & St James", "Bexley", VAP, SH, MON(2024, 1)),
                     7);
    /* Apostrophe in an unquoted field. */
    assert_int_equal(get(c, "E05013806", "St James's", "Westminster", VAP, SH, MON(2024, 2)), 40);
    /* Doubled quotes. */
    assert_int_equal(get(c, "E05999901", "The \"Quoted\" Ward", "Test Borough", VAP, SH,
                         MON(2024, 1)),
                     5);
    assert_int_equal(get(c, "E05999901", "The \"Quoted\" Ward", "Test Borough", VAP, SH,
                         MON(2024, 2)),
                     6);
    /* A line break inside quotes is part of the value (LF file, so "\n"). */
    assert_int_equal(get(c, "E05999902", "Line\nBreak", "Test Borough", VAP, SH, MON(2024, 1)), 8);
    assert_int_equal(get(c, "E05999902", "Line\nBreak", "Test Borough", VAP, SH, MON(2024, 2)), 9);
    /* Everything at once. */
    assert_int_equal(get(c, "E05999903", "Comma, Apostrophe's, \"Quotes\"", "Test, Borough", VAP,
                         SH, MON(2024, 1)),
                     10);
    assert_int_equal(get(c, "E05999903", "Comma, Apostrophe's, \"Quotes\"", "Test, Borough", VAP,
                         SH, MON(2024, 2)),
                     11);

    t = tu_totals(c, SC_GROUP_MONTH, "stalking and harassment", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 2);
    month_row(t, 0, MON(2024, 1), 61);
    month_row(t, 1, MON(2024, 2), 66);
    assert_int_equal(sc_totals_sum(t), 127);
    sc_totals_free(t);

    t = tu_totals(c, SC_GROUP_BOROUGH, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 5);
    borough_row(t, 0, "Westminster", 71);
    borough_row(t, 1, "Test Borough", 28);
    borough_row(t, 2, "Test, Borough", 21);
    borough_row(t, 3, "Bexley", 7);
    borough_row(t, 4, "Bromley", 6);
    assert_int_equal(sc_totals_sum(t), 133);
    sc_totals_free(t);

    /* The category text with a comma is kept whole. */
    t = tu_totals(c, SC_GROUP_CATEGORY, "other offences against the state, or public order",
               SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 1);
    category_row(t, 0, pub, other, 6);
    sc_totals_free(t);
    sc_counts_free(c);
}

/*
 * good/blank-lines.csv (CRLF):
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402
 *   L2 (empty)
 *   L3 VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,St James's,E05013806,Westminster,31,40
 *   L4 ,,,,,,                       (seven empty fields)
 *   L5 (empty)
 *   L6 "","","","","","",""         (seven quoted empty fields)
 *   L7 BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,3,4
 *   L8 (empty)
 *   L9 (empty)
 * Two data rows; total 31+40+3+4 = 78; 4 non-zero cells.
 */
static void test_blank_lines(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_totals *t;
    (void)state;

    c = read_good("blank-lines.csv", &info);
    check_info(&info, 2, 2, MON(2024, 1), MON(2024, 2));
    assert_int_equal(sc_counts_size(c), 4);
    assert_int_equal(get(c, "E05013806", "St James's", "Westminster", VAP, SH, MON(2024, 1)), 31);
    assert_int_equal(get(c, "E05013806", "St James's", "Westminster", VAP, SH, MON(2024, 2)), 40);
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)), 3);
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 2)), 4);
    /* No area with an empty code came from the empty lines: 2 wards only. */
    t = tu_totals(c, SC_GROUP_WARD, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 2);
    ward_row(t, 0, "E05013806", "St James's", "Westminster", 71);
    ward_row(t, 1, "E05011468", "Fairfield", "Croydon", 7);
    assert_int_equal(sc_totals_sum(t), 78);
    sc_totals_free(t);
    sc_counts_free(c);

    /* LF variant in memory: blank line first after the header, an all-empty line with
     * fewer fields than the header (",,," = 4 fields; all empty, so skipped), trailing
     * blank lines. One data row. */
    info = (sc_mps_info)SC_MPS_INFO_INIT;
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n"
                       "\n"
                       ",,,\n"
                       "BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,9\n"
                       "\n"
                       "\n",
                       &info);
    check_info(&info, 1, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)), 9);
    assert_int_equal(sc_counts_size(c), 1);
    sc_counts_free(c);
}

/*
 * good/mixed-case.csv (LF):
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401
 *   L2 BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,3
 *   L3 Burglary,Burglary in a Dwelling,Fairfield,E05011468,Croydon,4
 *   L4 burglary,burglary in a dwelling,Fairfield,E05011468,Croydon,5
 *   L5 BURGLARY,BURGLARY IN A DWELLING,fairfield,E05011468,Croydon,1
 * L2-L4 are one cell (categories case-insensitive): 3+4+5 = 12, reported as first spelled.
 * L5 is another area (ward names compare byte for byte): 1. Category total 12+1 = 13.
 */
static void test_mixed_case_categories(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_totals *t;
    (void)state;

    c = read_good("mixed-case.csv", &info);
    check_info(&info, 4, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(sc_counts_size(c), 2);
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", "bUrGlArY",
                         "Burglary In A Dwelling", MON(2024, 1)),
                     12);
    assert_int_equal(get(c, "E05011468", "fairfield", "Croydon", BUR, BID, MON(2024, 1)), 1);

    t = tu_totals(c, SC_GROUP_CATEGORY, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 1);
    category_row(t, 0, BUR, BID, 13);
    sc_totals_free(t);

    t = tu_totals(c, SC_GROUP_WARD, "Burglary in a dwelling", SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 2);
    ward_row(t, 0, "E05011468", "Fairfield", "Croydon", 12);
    ward_row(t, 1, "E05011468", "fairfield", "Croydon", 1);
    sc_totals_free(t);
    sc_counts_free(c);
}

/*
 * good/max-value.csv (LF):
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402
 *   L2 BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,18446744073709551615,007
 *   L3 BURGLARY,BURGLARY IN A DWELLING,West End,E05013808,Westminster,0,00000000000000000000018446744073709551608
 * 18446744073709551615 = 2^64 - 1 is allowed; leading zeros are digits like any other:
 * "007" = 7, and the 41-digit L3 Feb value is 18446744073709551608 = 2^64 - 1 - 7.
 * Month totals: Jan (2^64-1) + 0 = 2^64-1, Feb 7 + (2^64-1-7) = 2^64-1; their sum overflows.
 */
static void test_max_value(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_totals *t = NULL;
    sc_error err;
    (void)state;

    c = read_good("max-value.csv", &info);
    check_info(&info, 2, 2, MON(2024, 1), MON(2024, 2));
    assert_true(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)) == UINT64_MAX);
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 2)), 7);
    assert_int_equal(get(c, "E05013808", "West End", "Westminster", BUR, BID, MON(2024, 1)), 0);
    assert_true(get(c, "E05013808", "West End", "Westminster", BUR, BID, MON(2024, 2)) ==
                UINT64_MAX - 7);
    assert_int_equal(sc_counts_size(c), 3);

    t = tu_totals(c, SC_GROUP_MONTH, NULL, MON(2024, 1), MON(2024, 1));
    assert_int_equal(sc_totals_size(t), 1);
    assert_true(sc_totals_get(t, 0)->count == UINT64_MAX);
    assert_true(sc_totals_sum(t) == UINT64_MAX);
    sc_totals_free(t);

    t = NULL;
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_MONTH, NULL, &err), SC_EOVERFLOW);
    assert_null(t);
    sc_counts_free(c);
}

/* Valid inputs built in memory. */
static void test_more_good_buffers(void **state)
{
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_month first = 0, last = 0;
    (void)state;

    /* Months with a gap: 2023-11 and 2024-01 are covered, 2023-12 is not. */
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202311\n"
                       "BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,2,3\n",
                       &info);
    check_info(&info, 1, 2, MON(2023, 11), MON(2024, 1));
    assert_int_equal(sc_counts_covers(c, MON(2023, 11)), 1);
    assert_int_equal(sc_counts_covers(c, MON(2023, 12)), 0);
    assert_int_equal(sc_counts_covers(c, MON(2024, 1)), 1);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, MON(2023, 11));
    assert_int_equal(last, MON(2024, 1));
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)), 2);
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2023, 11)), 3);
    sc_counts_free(c);

    /* Headers that are not exactly six digits (and not a month written another way: mps.h
     * counts five or more digits without letters as one) are ordinary ignored columns:
     * "Notes", "2024" (4 digits), "12" (2 digits). One month column, 202402. */
    info = (sc_mps_info)SC_MPS_INFO_INIT;
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,"
                       "Notes,2024,12,202402\n"
                       "BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,x,y,z,6\n",
                       &info);
    check_info(&info, 1, 1, MON(2024, 2), MON(2024, 2));
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 2)), 6);
    assert_int_equal(sc_counts_covers(c, MON(2024, 1)), 0);
    sc_counts_free(c);

    /* Valid non-ASCII UTF-8 ("Caf\xC3\xA9" = "Café"); empty ward name and borough are
     * allowed (only an empty WardCode is an error). */
    info = (sc_mps_info)SC_MPS_INFO_INIT;
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\r\n"
                       "BURGLARY,BURGLARY IN A DWELLING,Caf\xC3\xA9,E05999904,Westminster,4\r\n"
                       "BURGLARY,BURGLARY IN A DWELLING,,E05999905,,5\r\n",
                       &info);
    check_info(&info, 2, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(get(c, "E05999904", "Caf\xC3\xA9", "Westminster", BUR, BID, MON(2024, 1)), 4);
    assert_int_equal(get(c, "E05999905", "", "", BUR, BID, MON(2024, 1)), 5);
    sc_counts_free(c);

    /* A quoted line break in a CRLF file still ends up as one record of one row; the lines
     * after it keep working. */
    info = (sc_mps_info)SC_MPS_INFO_INIT;
    c = READ_BUFFER_OK("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\r\n"
                       "BURGLARY,BURGLARY IN A DWELLING,\"Two\r\nLines\",E05999906,Westminster,1\r\n"
                       "BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,2\r\n",
                       &info);
    check_info(&info, 2, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)), 2);
    sc_counts_free(c);
}

/* The three readers give the same table and info for every good fixture. */
/* mps.h: spaces and tabs around an unquoted field are not part of it (libcsv's reading of
 * CSV), so " 12", "12 " and "\t12" are the count 12, and " West End " is "West End". */
static void test_spaces_around_fields(void **state)
{
    (void)state;
    sc_counts *c = NULL;
    sc_error err;
    char buf[TU_PATH_MAX];
    const char *path = tu_fixture(buf, "mps/good/count-spaces.csv");
    /* count-spaces.csv: L2 "...,West End,E05013808,Westminster, 12,22" */
    assert_int_equal(sc_mps_read_path(&c, path, NULL, &err), SC_OK);
    uint64_t v = 1;
    sc_month jan, feb;
    assert_int_equal(sc_month_make(&jan, 2024, 1), SC_OK);
    assert_int_equal(sc_month_make(&feb, 2024, 2), SC_OK);
    assert_int_equal(sc_counts_get(c, "E05013808", "West End", "Westminster",
                                   "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", jan,
                                   &v),
                     SC_OK);
    assert_int_equal(v, 12);
    assert_int_equal(sc_counts_get(c, "E05013808", "West End", "Westminster",
                                   "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", feb,
                                   &v),
                     SC_OK);
    assert_int_equal(v, 22);
    sc_counts_free(c);

    static const char text[] =
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\n"
        "VAP,STALKING, West End ,E05013808,Westminster,12 ,\t7\n";
    assert_int_equal(sc_mps_read_buffer(&c, text, sizeof text - 1, "mem", NULL, &err), SC_OK);
    assert_int_equal(sc_counts_get(c, "E05013808", "West End", "Westminster", "VAP", "STALKING",
                                   jan, &v),
                     SC_OK);
    assert_int_equal(v, 12);
    assert_int_equal(sc_counts_get(c, "E05013808", "West End", "Westminster", "VAP", "STALKING",
                                   feb, &v),
                     SC_OK);
    assert_int_equal(v, 7);
    sc_counts_free(c);
}

static void test_readers_agree(void **state)
{
    static const char *const files[] = {
        "current.csv",       "bom-crlf.csv", "ward-first-crlf.csv", "shuffled-bom.csv",
        "first-month-zero.csv", "header-only.csv", "quoted.csv", "blank-lines.csv",
        "mixed-case.csv",    "max-value.csv",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[256], path[TU_PATH_MAX];
        sc_mps_info i1 = SC_MPS_INFO_INIT, i2 = SC_MPS_INFO_INIT, i3 = SC_MPS_INFO_INIT;
        sc_counts *a, *b = SENTINEL, *c = SENTINEL;
        unsigned char *data;
        size_t size = 0;
        FILE *fp;
        int rc;

        snprintf(rel, sizeof rel, "mps/good/%s", files[i]);
        tu_fixture(path, rel);
        a = read_good(files[i], &i1);

        data = tu_slurp(path, &size);
        rc = sc_mps_read_buffer(&b, data, size, path, &i2, NULL);
        free(data);
        if (rc != SC_OK) {
            fail_msg("%s: sc_mps_read_buffer gave %d", files[i], rc);
        }

        fp = fopen(path, "rb");
        assert_non_null(fp);
        rc = sc_mps_read_file(&c, fp, path, &i3, NULL);
        if (rc != SC_OK) {
            fclose(fp);
            fail_msg("%s: sc_mps_read_file gave %d", files[i], rc);
        }
        /* "read to its end; not closed": the stream is at end of file and still ours. */
        assert_true(feof(fp) || fgetc(fp) == EOF);
        assert_int_equal(fclose(fp), 0);

        if (!sc_counts_equal(a, b) || !sc_counts_equal(a, c)) {
            fail_msg("%s: the readers disagree", files[i]);
        }
        check_info(&i2, i1.rows, i1.month_columns, i1.first_month, i1.last_month);
        check_info(&i3, i1.rows, i1.month_columns, i1.first_month, i1.last_month);
        sc_counts_free(a);
        sc_counts_free(b);
        sc_counts_free(c);
    }
}

/* sc_mps_read_file on a memory stream (not a regular file). */
static void test_read_file_memstream(void **state)
{
    static const char text[] =
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n"
        "BURGLARY,BURGLARY IN A DWELLING,Fairfield,E05011468,Croydon,42\n";
    char buf[sizeof text];
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c = SENTINEL;
    FILE *fp;
    (void)state;

    memcpy(buf, text, sizeof text);
    fp = fmemopen(buf, sizeof text - 1, "r");
    assert_non_null(fp);
    assert_int_equal(sc_mps_read_file(&c, fp, "<memory>", &info, NULL), SC_OK);
    fclose(fp);
    check_info(&info, 1, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(get(c, "E05011468", "Fairfield", "Croydon", BUR, BID, MON(2024, 1)), 42);
    sc_counts_free(c);
}

/* ------------------------------------------------------------------------ bad inputs */

typedef struct bad_case {
    const char *name;       /* fixture under mps/bad/, or a label for in-memory inputs */
    const char *text;       /* in-memory input, or NULL to read the fixture */
    size_t len;             /* bytes of text */
    int code;               /* expected status */
    int alt_code;           /* another acceptable status (contract ambiguous), or 0 */
    unsigned long line;     /* expected line, or ANY */
    unsigned long line_alt; /* another acceptable line, or ANY */
    unsigned long column;   /* expected column, or ANY */
    int column_may_be_0;    /* 1 when the contract does not say which field (0 accepted) */
    const char *needle1;    /* the message must contain these (NULL: no check) */
    const char *needle2;
    char *heap_text;        /* when set, run_bad frees it (so that a failed check leaks nothing) */
} bad_case;

/* What one reader call gave. The table (if any) is freed at once, so that a failing check
 * leaks nothing. */
typedef struct bad_result {
    int rc;
    int out_was_null; /* *out was NULL after the call */
    sc_error err;
} bad_result;

static void keep_result(bad_result *res, int rc, sc_counts *out, const sc_error *err)
{
    res->rc = rc;
    res->out_was_null = out == NULL;
    if (out != NULL && out != SENTINEL) {
        sc_counts_free(out);
    }
    memcpy(&res->err, err, sizeof *err);
}

/* Checks one call that should have failed against a case. */
static void check_failure(const bad_case *bc, const char *how, const bad_result *res,
                          const char *source)
{
    const sc_error *err = &res->err;
    int rc = res->rc;
    int ok = 1;
    size_t slen = strlen(source);

    if (rc == SC_OK) {
        /* err is untouched on success: it still holds the 0x5a filler, so do not read it. */
        fail_msg("%s via %s: expected status %d (%s), line %ld, column %ld; got SC_OK "
                 "(the input was accepted)",
                 bc->name, how, bc->code, sc_strerror(bc->code),
                 bc->line == ANY ? -1L : (long)bc->line,
                 bc->column == ANY ? -1L : (long)bc->column);
        return;
    }
    if (memchr(err->source, '\0', sizeof err->source) == NULL ||
        memchr(err->message, '\0', sizeof err->message) == NULL) {
        fail_msg("%s via %s: status %d but err.source/err.message not NUL-terminated (err not "
                 "filled?)", bc->name, how, rc);
        return;
    }
    if (!(rc == bc->code || (bc->alt_code != 0 && rc == bc->alt_code))) {
        ok = 0;
    }
    if (!res->out_was_null || err->code != rc || err->sys_errno != 0) {
        ok = 0;
    }
    if (slen < SC_ERROR_TEXT_SIZE) {
        if (strcmp(err->source, source) != 0) {
            ok = 0;
        }
    } else if (strlen(err->source) < 100 ||
               strcmp(err->source + strlen(err->source) - 100, source + slen - 100) != 0) {
        ok = 0; /* a long path keeps its end */
    }
    if (bc->line != ANY && err->line != bc->line &&
        !(bc->line_alt != ANY && err->line == bc->line_alt)) {
        ok = 0;
    }
    if (bc->column != ANY && err->column != bc->column &&
        !(bc->column_may_be_0 && err->column == 0)) {
        ok = 0;
    }
    if (err->message[0] == '\0') {
        ok = 0;
    }
    if (bc->needle1 != NULL && strstr(err->message, bc->needle1) == NULL) {
        ok = 0;
    }
    if (bc->needle2 != NULL && strstr(err->message, bc->needle2) == NULL) {
        ok = 0;
    }
    if (!ok) {
        fail_msg("%s via %s:\n"
                 "   expected status %d (alternative %d), line %ld, column %ld, message with \"%s\" \"%s\",\n"
                 "   got      status %d [%s], out %s, err.code %d, sys_errno %d,\n"
                 "            source \"%s\", line %lu, column %lu, message \"%s\"",
                 bc->name, how, bc->code, bc->alt_code,
                 bc->line == ANY ? -1L : (long)bc->line, bc->column == ANY ? -1L : (long)bc->column,
                 bc->needle1 ? bc->needle1 : "", bc->needle2 ? bc->needle2 : "", rc,
                 sc_strerror(rc), res->out_was_null ? "NULL" : "NOT NULL", err->code,
                 err->sys_errno, err->source, err->line, err->column, err->message);
    }
}

/* Runs one bad input through all three readers (and once with info and err NULL); every call
 * is made, and everything freed, before the results are checked. */
static void run_bad(const bad_case *bc)
{
    char rel[256], path[TU_PATH_MAX];
    const char *source;
    unsigned char *data;
    size_t size;
    sc_counts *out;
    sc_error err;
    sc_mps_info info = SC_MPS_INFO_INIT;
    bad_result by_path, by_buffer, by_buffer_quiet, by_file, by_pipe;
    FILE *fp;
    int rc;

    memset(&by_path, 0, sizeof by_path);
    if (bc->text == NULL) {
        snprintf(rel, sizeof rel, "mps/bad/%s", bc->name);
        source = tu_fixture(path, rel);
        data = tu_slurp(path, &size);

        out = SENTINEL;
        memset(&err, 0x5a, sizeof err);
        rc = sc_mps_read_path(&out, path, &info, &err);
        keep_result(&by_path, rc, out, &err);
    } else {
        source = "inline.csv";
        size = bc->len;
        data = tu_memdup(bc->text, size); /* exact size: over-reads are visible to valgrind */
        free(bc->heap_text);
    }

    out = SENTINEL;
    memset(&err, 0x5a, sizeof err);
    rc = sc_mps_read_buffer(&out, data, size, source, &info, &err);
    keep_result(&by_buffer, rc, out, &err);

    out = SENTINEL;
    memset(&err, 0x5a, sizeof err);
    rc = sc_mps_read_buffer(&out, data, size, source, NULL, NULL);
    keep_result(&by_buffer_quiet, rc, out, &err);

    fp = size > 0 ? fmemopen(data, size, "r") : tmpfile();
    if (fp == NULL) {
        free(data);
        fail_msg("cannot open a memory stream");
        return;
    }
    out = SENTINEL;
    memset(&err, 0x5a, sizeof err);
    rc = sc_mps_read_file(&out, fp, source, &info, &err);
    fclose(fp);
    keep_result(&by_file, rc, out, &err);

    /* A pipe cannot be read twice, so the reader keeps track of lines as it goes: the same
     * result is expected. (Small inputs only: they must fit in the pipe's buffer.) */
    int have_pipe = 0;
    if (size < 32768) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        assert_true(size == 0 || write(fds[1], data, size) == (ssize_t)size);
        close(fds[1]);
        fp = fdopen(fds[0], "r");
        assert_non_null(fp);
        out = SENTINEL;
        memset(&err, 0x5a, sizeof err);
        rc = sc_mps_read_file(&out, fp, source, &info, &err);
        fclose(fp);
        keep_result(&by_pipe, rc, out, &err);
        have_pipe = 1;
    }
    free(data);

    if (bc->text == NULL) {
        check_failure(bc, "sc_mps_read_path", &by_path, source);
    }
    check_failure(bc, "sc_mps_read_buffer", &by_buffer, source);
    check_failure(bc, "sc_mps_read_file", &by_file, source);
    if (have_pipe)
        check_failure(bc, "sc_mps_read_file (pipe)", &by_pipe, source);
    /* Without err the status and *out are the same. */
    assert_int_equal(by_buffer_quiet.rc, by_buffer.rc);
    assert_true(by_buffer_quiet.out_was_null);
}

static void test_bad_case(void **state)
{
    run_bad((const bad_case *)*state);
}

#define BAD(file, code, alt, line, col, col0, n1, n2) \
    { file, NULL, 0, code, alt, line, ANY, col, col0, n1, n2, NULL }

/*
 * The fixtures in mps/bad/. Unless said otherwise the header is
 *   L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402
 * i.e. columns 1 MajorText, 2 MinorText, 3 WardName, 4 WardCode, 5 LookUp_BoroughName,
 * 6 202401, 7 202402; and a "row" is
 *   VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,<ward>,<code>,Westminster,<a>,<b>
 */
static bad_case bad_files[] = {
    /* count-nonnumeric.csv (LF): L2 ok row; L3 row West End ..., 20,abc -> line 3, col 7. */
    BAD("count-nonnumeric.csv", SC_EDATA, 0, 3, 7, 0, "202402", "abc"),
    /* count-negative.csv (CRLF): L2 blank; L3 ok; L4 row with -5 for 202401 -> 4:6. */
    BAD("count-negative.csv", SC_EDATA, 0, 4, 6, 0, "202401", "-5"),
    /* count-fraction.csv (LF): L2-L3 one record with "Line\nBreak"; L4 row with 1.5 for
     * 202402 -> 4:7. */
    BAD("count-fraction.csv", SC_EDATA, 0, 4, 7, 0, "202402", "1.5"),
    /* count-empty.csv (LF): L2 ok; L3 blank; L4 row "...,20," (empty 202402) -> 4:7. */
    BAD("count-empty.csv", SC_EDATA, 0, 4, 7, 0, "202402", NULL),
    /* count-too-big.csv (LF): L2 row with 18446744073709551615 (fine); L3 row with
     * 18446744073709551616 = 2^64 for 202401 -> a bad count (SC_EDATA), 3:6. */
    BAD("count-too-big.csv", SC_EDATA, 0, 3, 6, 0, "202401", "18446744073709551616"),
    /* count-overflow.csv (LF): L2 St James's 202401 = 2^64-1; L3 West End 5,5; L4 blank;
     * L5 St James's (same area and category) 202401 = 1 -> the cell would be 2^64: 5:6. */
    BAD("count-overflow.csv", SC_EOVERFLOW, 0, 5, 6, 0, "202401", NULL),
    /* empty.csv: 0 bytes, so no header and no required column. The contract names no line
     * for it: 1 (where the header should be) or 0 accepted. */
    { "empty.csv", NULL, 0, SC_EDATA, 0, 1, 0, ANY, 0, NULL, NULL, NULL },
    /* no-months.csv: L1 MajorText,...,LookUp_BoroughName,Refreshed Date; L2 a row. */
    BAD("no-months.csv", SC_EDATA, 0, 1, ANY, 0, NULL, NULL),
    /* no-wardcode.csv: L1 MajorText,MinorText,WardName,LookUp_BoroughName,202401. */
    BAD("no-wardcode.csv", SC_EDATA, 0, 1, ANY, 0, "WardCode", NULL),
    /* dup-header.csv: L1 MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,WardName,
     * 202401 -> the second WardName is column 6. */
    BAD("dup-header.csv", SC_EDATA, 0, 1, 6, 0, "WardName", NULL),
    /* dup-month.csv: L1 ...,LookUp_BoroughName,202401,202402,202401 -> column 8. */
    BAD("dup-month.csv", SC_EDATA, 0, 1, 8, 0, "202401", NULL),
    /* bad-month.csv: L1 ...,LookUp_BoroughName,202412,202413 -> six digits, so a month
     * column, and month 13 is invalid: column 7. */
    BAD("bad-month.csv", SC_EDATA, 0, 1, 7, 0, "202413", NULL),
    /* too-few.csv (LF): L2 ok; L3 "...,Westminster,20" has 6 fields for 7 columns. The
     * contract does not say which column: 7 (the first missing) or 0 accepted. */
    BAD("too-few.csv", SC_EDATA, 0, 3, 7, 1, NULL, NULL),
    /* too-many.csv (CRLF): L2-L3 one record with "Line\r\nBreak"; L4 ok; L5 a row with an 8th
     * field ",99" -> line 5; column 8 (the first extra) or 0 accepted. */
    BAD("too-many.csv", SC_EDATA, 0, 5, 8, 1, NULL, NULL),
    /* unterminated.csv (LF): L2 ok; L3 "...,\"Unclosed Ward,E05013808,..." - the quote opened
     * in field 3 never closes (L4 and the end of file are swallowed) -> 3:3. */
    BAD("unterminated.csv", SC_EPARSE, 0, 3, 3, 0, NULL, NULL),
    /* stray-quote.csv (LF): L2 blank; L3 row whose ward is St "James" (quote inside an
     * unquoted field) -> 3:3. */
    BAD("stray-quote.csv", SC_EPARSE, 0, 3, 3, 0, NULL, NULL),
    /* bad-utf8.csv (LF): L2 ok; L3 row whose ward is "Caf\xE9" (Latin-1, not UTF-8) -> 3:3. */
    BAD("bad-utf8.csv", SC_EPARSE, 0, 3, 3, 0, "WardName", NULL),
    /* empty-wardcode.csv (LF): L2 row West End,,Westminster,... -> 2:4. */
    BAD("empty-wardcode.csv", SC_EDATA, 0, 2, 4, 0, "WardCode", NULL),
    /* nul-byte.csv (LF): L2 ok; L3 row whose ward is "St\0James" -> 3:3. mps.h does not say
     * whether a NUL is "not UTF-8" (SC_EPARSE) or invalid content (SC_EDATA): both accepted. */
    BAD("nul-byte.csv", SC_EPARSE, SC_EDATA, 3, 3, 0, "WardName", NULL),
};

#define HDR7 "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\n"
#define ROW_START "VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,"
#define INL(label, lit, code, alt, line, col, col0, n1, n2) \
    { label, lit, sizeof(lit) - 1, code, alt, line, ANY, col, col0, n1, n2, NULL }

/* In-memory bad inputs (header HDR7 unless shown; every row is on line 2 unless shown). */
static bad_case bad_inline[] = {
    /* mps.h: spaces around an unquoted field are not part of it, but inside quotes they are */
    /* mps.h: a month written another way is an error, not an ignored column (its counts would
     * silently go missing): "2024-03" is column 7 of the header -> 1:7 */
    INL("month header written YYYY-MM", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024-03\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024-03", NULL),
    INL("month header written MM/YYYY", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,03/2024\n" ROW_START "W,E05000001,B,1\n", SC_EDATA, 0, 1, 6, 0,
        "03/2024", NULL),
    /* mps.h: the other ways of naming a month or a day (digits, month names, separators),
     * each as column 7 of the header -> 1:7 */
    INL("month header written Jan-24", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,Jan-24\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "Jan-24", NULL),
    INL("month header written Jan 2024", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,Jan 2024\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "Jan 2024", NULL),
    INL("month header written January 2024", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,January 2024\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "January 2024", NULL),
    INL("month header written 2024.01", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024.01\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024.01", NULL),
    INL("month header written 2024_01", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024_01\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024_01", NULL),
    INL("month header written 2024-1", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024-1\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024-1", NULL),
    INL("month header written 1/2024", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,1/2024\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "1/2024", NULL),
    INL("month header written 01/01/2024", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,01/01/2024\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "01/01/2024", NULL),
    INL("month header written 2024-01-01 00:00:00", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024-01-01 00:00:00\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024-01-01 00:00:00", NULL),
    INL("month header written 20241", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,20241\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "20241", NULL),
    INL("month header written 2024011", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,2024011\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "2024011", NULL),
    INL("month header written SEPT-2024", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202402,SEPT-2024\n" ROW_START "W,E05000001,B,1,2\n", SC_EDATA, 0, 1, 7,
        0, "SEPT-2024", NULL),
    /* mps.h: a header line again (two files joined) is an error at its line, column 1, even
     * when it is the same header: L1 header, L2 row, L3 header with other months */
    INL("header repeated with other months", HDR7 ROW_START "W,E05000001,B,1,2\n"
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202403,202404\n"
        ROW_START "W,E05000001,B,10,20\n", SC_EDATA, 0, 3, 1, 0, "repeats the header", NULL),
    INL("header repeated, other case", HDR7 ROW_START "W,E05000001,B,1,2\n"
        "majortext,minortext,wardname,WARDCODE,LookUp_BoroughName,202401,202402\n",
        SC_EDATA, 0, 3, 1, 0, "repeats the header", NULL),
    /* mps.h: files that are not CSV text are named as such, at 1:1 */
    INL("an Excel .xlsx file", "PK\x03\x04\x14\x00\x06\x00", SC_EPARSE, 0, 1, 1, 0, "Excel", NULL),
    INL("an Excel .xls file", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", SC_EPARSE, 0, 1, 1, 0, "Excel",
        NULL),
    INL("UTF-16 text", "\xFF\xFEM\x00a\x00", SC_EPARSE, 0, 1, 1, 0, "UTF-16", NULL),
    /* a semicolon-separated header is one column: the message says so (line 1, no column) */
    INL("semicolon-separated file", "MajorText;MinorText;WardName;WardCode;LookUp_BoroughName;"
        "202401\nA;B;W;E05000001;B;1\n", SC_EDATA, 0, 1, ANY, 0, "';'", NULL),
    /* L1 header, L2 good row, L3 "   ", L4 tab, L5 the row with "x" for 202402 -> 5:7 */
    INL("white-space lines before a bad row", HDR7 ROW_START "W,E05000001,B,1,2\n   \n\t\n" ROW_START
        "W,E05000002,B,1,x\n", SC_EDATA, 0, 5, 7, 0, "202402", "x"),
    /* lone CR line ends: L1 header, L2 good row, L3 the row with "x" -> 3:7 */
    INL("lone CR line ends", "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\r"
        ROW_START "W,E05000001,B,1,2\r" ROW_START "W,E05000002,B,1,x\r", SC_EDATA, 0, 3, 7, 0,
        "202402", "x"),
    /* CRLF with empty CRLF lines: L1 header, L2 good row, L3 and L4 empty, L5 bad row -> 5:7 */
    INL("empty CRLF lines before a bad row", "MajorText,MinorText,WardName,WardCode,"
        "LookUp_BoroughName,202401,202402\r\n" ROW_START "W,E05000001,B,1,2\r\n\r\n \r\n"
        ROW_START "W,E05000002,B,1,x\r\n", SC_EDATA, 0, 5, 7, 0, "202402", "x"),
    INL("quoted count with a leading space", HDR7 ROW_START "W,E05000001,B,\" 12\",1\n", SC_EDATA,
        0, 2, 6, 0, "202401", NULL),
    INL("count with an inner space", HDR7 ROW_START "W,E05000001,B,1,1 2\n", SC_EDATA, 0, 2, 7, 0,
        "202402", NULL),
    INL("count with a plus sign", HDR7 ROW_START "W,E05000001,B,+5,1\n", SC_EDATA, 0, 2, 6, 0,
        "202401", "+5"),
    INL("hexadecimal count", HDR7 ROW_START "W,E05000001,B,0x10,1\n", SC_EDATA, 0, 2, 6, 0,
        "202401", "0x10"),
    INL("count in exponent form", HDR7 ROW_START "W,E05000001,B,1e3,1\n", SC_EDATA, 0, 2, 6, 0,
        "202401", "1e3"),
    INL("count with a thousands separator", HDR7 ROW_START "W,E05000001,B,\"1,000\",1\n",
        SC_EDATA, 0, 2, 6, 0, "202401", NULL),
    INL("count in Arabic-Indic digits", HDR7 ROW_START "W,E05000001,B,\xD9\xA1,1\n", SC_EDATA, 0,
        2, 6, 0, "202401", NULL),
    /* 2^64 written with a leading zero is still 2^64. */
    INL("2^64 with a leading zero", HDR7 ROW_START "W,E05000001,B,018446744073709551616,1\n",
        SC_EDATA, 0, 2, 6, 0, "202401", NULL),
    INL("month 00", "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202400\n",
        SC_EDATA, 0, 1, 6, 0, "202400", NULL),
    INL("year 0000", "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,000012\n",
        SC_EDATA, 0, 1, 7, 0, "000012", NULL),
    INL("missing MajorText", "MinorText,WardName,WardCode,LookUp_BoroughName,202401\n", SC_EDATA,
        0, 1, ANY, 0, "MajorText", NULL),
    INL("missing MinorText", "MajorText,WardName,WardCode,LookUp_BoroughName,202401\n", SC_EDATA,
        0, 1, ANY, 0, "MinorText", NULL),
    INL("missing WardName", "MajorText,MinorText,WardCode,LookUp_BoroughName,202401\n", SC_EDATA,
        0, 1, ANY, 0, "WardName", NULL),
    INL("missing LookUp_BoroughName", "MajorText,MinorText,WardName,WardCode,202401\n", SC_EDATA,
        0, 1, ANY, 0, "LookUp_BoroughName", NULL),
    /* Names match case-insensitively and without surrounding spaces, so " wardcode " (col 6)
     * duplicates WardCode. */
    INL("duplicate header in other case",
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName, wardcode ,202401\n", SC_EDATA,
        0, 1, 6, 0, NULL, NULL),
    INL("text after a closing quote", HDR7 ROW_START "\"St James\"x,E05000001,B,1,1\n",
        SC_EPARSE, 0, 2, 3, 0, NULL, NULL),
    /* The record starts on line 3, after a blank line 2; the quote is never closed. */
    INL("unterminated quote in the last field", HDR7 "\n" ROW_START "W,E05000001,B,1,\"2\n",
        SC_EPARSE, 0, 3, 7, 0, NULL, NULL),
    INL("overlong UTF-8", HDR7 ROW_START "A\xC0\xAF,E05000001,B,1,1\n", SC_EPARSE, 0, 2, 3, 0,
        "WardName", NULL),
    INL("UTF-16 surrogate in UTF-8", HDR7 ROW_START "A\xED\xA0\x80,E05000001,B,1,1\n", SC_EPARSE,
        0, 2, 3, 0, "WardName", NULL),
    INL("code point above U+10FFFF", HDR7 ROW_START "A\xF4\x90\x80\x80,E05000001,B,1,1\n",
        SC_EPARSE, 0, 2, 3, 0, "WardName", NULL),
    INL("lone continuation byte", HDR7 ROW_START "A\x80,E05000001,B,1,1\n", SC_EPARSE, 0, 2, 3, 0,
        "WardName", NULL),
    INL("truncated sequence at end of field", HDR7 ROW_START "W,E05000001,Caf\xC3,1,1\n",
        SC_EPARSE, 0, 2, 5, 0, "LookUp_BoroughName", NULL),
    INL("invalid UTF-8 in MajorText", HDR7 "VIOLENCE\xFF,STALKING,W,E05000001,B,1,1\n", SC_EPARSE,
        0, 2, 1, 0, "MajorText", NULL),
    /* Line 2 holds a quoted line break, so the bad record starts on line 4. */
    INL("empty WardCode after a quoted line break",
        HDR7 ROW_START "\"A\nB\",E05000001,B,1,1\n" ROW_START "W,,B,1,1\n", SC_EDATA, 0, 4, 4, 0,
        "WardCode", NULL),
    INL("a BOM alone", "\xEF\xBB\xBF", SC_EDATA, 0, ANY, ANY, 0, NULL, NULL),
    /* The bad count is in the record that starts on line 2 and holds a quoted line break in
     * its WardName (lines 2-3): line 2, column 7. */
    INL("bad count after a line break in the same record",
        HDR7 ROW_START "\"A\nB\",E05000001,B,1,abc\n", SC_EDATA, 0, 2, 7, 0, "202402", "abc"),
    /* Same with the line break in the first field (MajorText). */
    INL("bad count after a line break in the first field",
        HDR7 "\"VIOLENCE\nAGAINST\",STALKING,W,E05000001,B,x1,1\n", SC_EDATA, 0, 2, 6, 0,
        "202401", "x1"),
    /* A stray quote in field 4 of a record that started on line 2 (field 3 spans lines 2-3):
     * the record starts on line 2. */
    INL("stray quote after a line break in the same record",
        HDR7 ROW_START "\"A\r\nB\",E050\"00001,B,1,1\r\n", SC_EPARSE, 0, 2, 4, 0, NULL, NULL),
    /* Line 1 header, line 2 blank, line 3 an ok row; the bad record starts on line 4 with a
     * quote opened in field 3 that never closes (it swallows lines 5 and 6): line 4, col 3. */
    INL("unterminated quote spanning several lines",
        HDR7 "\n" ROW_START "W,E05000001,B,1,1\n" ROW_START "\"open,E05000002,B,1,1\nmore\nlines\n",
        SC_EPARSE, 0, 4, 3, 0, NULL, NULL),
};

/* ------------------------------------------------------------------- limits */

/* Builds HDR7 + one row whose WardName is `len` bytes of 'A' (quoted when asked). */
static char *long_field_input(size_t len, int quoted, size_t *size)
{
    static const char head[] = HDR7 ROW_START;
    static const char tail[] = ",E05000001,Westminster,31,40\n";
    size_t n = (sizeof head - 1) + (quoted ? 2 : 0) + len + (sizeof tail - 1);
    char *buf = malloc(n);
    char *p = buf;
    assert_non_null(buf);
    memcpy(p, head, sizeof head - 1);
    p += sizeof head - 1;
    if (quoted) {
        *p++ = '"';
    }
    memset(p, 'A', len);
    p += len;
    if (quoted) {
        *p++ = '"';
    }
    memcpy(p, tail, sizeof tail - 1);
    *size = n;
    return buf;
}

static void test_field_limit(void **state)
{
    sc_counts *c = SENTINEL;
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_error err;
    size_t size;
    char *buf;
    char *name;
    int quoted;
    (void)state;

    /* Exactly SC_MPS_MAX_FIELD bytes is allowed, quoted or not. */
    for (quoted = 0; quoted <= 1; quoted++) {
        c = SENTINEL;
        info = (sc_mps_info)SC_MPS_INFO_INIT;
        buf = long_field_input(SC_MPS_MAX_FIELD, quoted, &size);
        assert_int_equal(sc_mps_read_buffer(&c, buf, size, "long.csv", &info, &err), SC_OK);
        free(buf);
        assert_int_equal(info.rows, 1);
        name = malloc(SC_MPS_MAX_FIELD + 1);
        assert_non_null(name);
        memset(name, 'A', SC_MPS_MAX_FIELD);
        name[SC_MPS_MAX_FIELD] = '\0';
        assert_int_equal(get(c, "E05000001", name, "Westminster", VAP, SH, MON(2024, 1)), 31);
        free(name);
        sc_counts_free(c);
    }
}

/* One byte more than SC_MPS_MAX_FIELD is SC_ELIMIT at line 2, column 3 (WardName). */
static void check_field_too_long(int quoted)
{
    bad_case bc = { quoted ? "quoted long field" : "long field", NULL, 0, SC_ELIMIT, 0,
                    2, ANY, 3, 0, "WardName", NULL, NULL };
    size_t size;
    char *buf = long_field_input(SC_MPS_MAX_FIELD + 1, quoted, &size);
    bc.text = buf;
    bc.len = size;
    bc.heap_text = buf; /* freed by run_bad */
    run_bad(&bc);
}

static void test_field_too_long(void **state)
{
    (void)state;
    check_field_too_long(0);
}

static void test_quoted_field_too_long(void **state)
{
    (void)state;
    check_field_too_long(1);
}

/* A header of n fields: the five required ones, 202401, then X7..Xn; a row of n fields. */
static char *wide_input(size_t n, size_t *size)
{
    size_t cap = 64 + n * 16;
    char *buf = malloc(cap);
    size_t len = 0, i;
    assert_non_null(buf);
    len += (size_t)snprintf(buf + len, cap - len,
                            "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401");
    for (i = 7; i <= n; i++) {
        len += (size_t)snprintf(buf + len, cap - len, ",X%zu", i);
    }
    len += (size_t)snprintf(buf + len, cap - len, "\nBURGLARY,BURGLARY IN A DWELLING,W,E05000001,B,3");
    for (i = 7; i <= n; i++) {
        len += (size_t)snprintf(buf + len, cap - len, ",");
    }
    len += (size_t)snprintf(buf + len, cap - len, "\n");
    assert_true(len < cap);
    *size = len;
    return buf;
}

static void test_column_limit(void **state)
{
    sc_counts *c = SENTINEL;
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_error err;
    size_t size;
    char *buf;
    bad_case bc = { "4097 columns", NULL, 0, SC_ELIMIT, 0, 1, ANY, SC_MPS_MAX_COLUMNS + 1, 1,
                    NULL, NULL, NULL };
    (void)state;

    /* SC_MPS_MAX_COLUMNS fields is allowed. */
    buf = wide_input(SC_MPS_MAX_COLUMNS, &size);
    assert_int_equal(sc_mps_read_buffer(&c, buf, size, "wide.csv", &info, &err), SC_OK);
    free(buf);
    check_info(&info, 1, 1, MON(2024, 1), MON(2024, 1));
    assert_int_equal(get(c, "E05000001", "W", "B", BUR, BID, MON(2024, 1)), 3);
    sc_counts_free(c);

    /* One more is SC_ELIMIT on line 1 (column 4097 or 0). */
    buf = wide_input(SC_MPS_MAX_COLUMNS + 1, &size);
    bc.text = buf;
    bc.len = size;
    bc.heap_text = buf; /* freed by run_bad */
    run_bad(&bc);
}

/* ------------------------------------------------------------------- I/O and arguments */

static void test_missing_file(void **state)
{
    char path[TU_PATH_MAX];
    sc_counts *c = SENTINEL;
    sc_error err;
    (void)state;

    tu_fixture(path, "mps/no-such-file.csv");
    memset(&err, 0x5a, sizeof err);
    assert_int_equal(sc_mps_read_path(&c, path, NULL, &err), SC_EIO);
    assert_null(c);
    assert_int_equal(err.code, SC_EIO);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_string_equal(err.source, path);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_true(err.message[0] != '\0');

    c = SENTINEL;
    assert_int_equal(sc_mps_read_path(&c, path, NULL, NULL), SC_EIO);
    assert_null(c);
}

static void test_directory(void **state)
{
    char path[TU_PATH_MAX];
    sc_counts *c = SENTINEL;
    sc_error err;
    (void)state;

    /* A folder opens on Linux but cannot be read (EISDIR): an I/O error, errno kept. */
    tu_fixture(path, "mps/good");
    memset(&err, 0x5a, sizeof err);
    assert_int_equal(sc_mps_read_path(&c, path, NULL, &err), SC_EIO);
    assert_null(c);
    assert_int_equal(err.code, SC_EIO);
    assert_true(err.sys_errno != 0);
    assert_string_equal(err.source, path);
}

static void test_null_arguments(void **state)
{
    static const char text[] = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n";
    char path[TU_PATH_MAX];
    sc_counts *c;
    sc_error err;
    FILE *fp;
    (void)state;

    tu_fixture(path, "mps/good/current.csv");

    memset(&err, 0, sizeof err);
    assert_int_equal(sc_mps_read_path(NULL, path, NULL, &err), SC_EINVAL);
    assert_int_equal(err.code, SC_EINVAL);

    c = SENTINEL;
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_mps_read_path(&c, NULL, NULL, &err), SC_EINVAL);
    assert_null(c);
    assert_int_equal(err.code, SC_EINVAL);

    assert_int_equal(sc_mps_read_buffer(NULL, text, sizeof text - 1, "x", NULL, NULL), SC_EINVAL);
    c = SENTINEL;
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_mps_read_buffer(&c, NULL, 10, "x", NULL, &err), SC_EINVAL);
    assert_null(c);
    assert_int_equal(err.code, SC_EINVAL);

    /* NULL data with size 0 is allowed: an empty input, like an empty file (no header). */
    c = SENTINEL;
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_mps_read_buffer(&c, NULL, 0, NULL, NULL, &err), SC_EDATA);
    assert_null(c);
    assert_string_equal(err.source, ""); /* NULL source means "" */

    c = SENTINEL;
    assert_int_equal(sc_mps_read_file(&c, NULL, "x", NULL, NULL), SC_EINVAL);
    assert_null(c);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(sc_mps_read_file(NULL, fp, "x", NULL, NULL), SC_EINVAL);
    fclose(fp);

    /* NULL source in sc_mps_read_file gives "" in the error. */
    tu_fixture(path, "mps/bad/count-nonnumeric.csv");
    fp = fopen(path, "rb");
    assert_non_null(fp);
    c = SENTINEL;
    memset(&err, 0x5a, sizeof err);
    assert_int_equal(sc_mps_read_file(&c, fp, NULL, NULL, &err), SC_EDATA);
    fclose(fp);
    assert_null(c);
    assert_string_equal(err.source, "");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 7);
}

static void test_info_version(void **state)
{
    char path[TU_PATH_MAX];
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_counts *c;
    sc_error err;
    static const char text[] = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n";
    (void)state;

    tu_fixture(path, "mps/good/current.csv");

    info.version = 0;
    c = SENTINEL;
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_mps_read_path(&c, path, &info, &err), SC_EINVAL);
    assert_null(c);
    assert_int_equal(err.code, SC_EINVAL);

    info.version = SC_MPS_INFO_VERSION + 1;
    c = SENTINEL;
    assert_int_equal(sc_mps_read_path(&c, path, &info, NULL), SC_EINVAL);
    assert_null(c);
    c = SENTINEL;
    assert_int_equal(sc_mps_read_buffer(&c, text, sizeof text - 1, "x", &info, NULL), SC_EINVAL);
    assert_null(c);

    /* info is optional. */
    c = NULL;
    assert_int_equal(sc_mps_read_path(&c, path, NULL, NULL), SC_OK);
    assert_non_null(c);
    sc_counts_free(c);
}

/* ------------------------------------------------------------------------------ main */

#define NBAD_FILES (sizeof bad_files / sizeof bad_files[0])
#define NBAD_INLINE (sizeof bad_inline / sizeof bad_inline[0])

/* mps.h: headers that are not months stay ignored columns, even with digits or a month name in
 * them: "Total 2024" (another word), "Mar" (no digit), "2024" (four digits only), "Q1 2024"
 * ("Q" is not a month name). Only 202401 counts: 5 in the one cell. */
static void test_ignored_columns_not_months(void **state)
{
    (void)state;
    static const char text[] =
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,Total 2024,Mar,2024,Q1 2024,"
        "202401\n"
        "VAP,STALKING,West End,E05013808,Westminster,9,8,7,6,5\n";
    sc_counts *c = NULL;
    sc_error err;
    uint64_t v = 0;
    sc_month jan;
    assert_int_equal(sc_month_make(&jan, 2024, 1), SC_OK);
    assert_int_equal(sc_mps_read_buffer(&c, text, sizeof text - 1, "mem", NULL, &err), SC_OK);
    assert_int_equal(sc_counts_get(c, "E05013808", "West End", "Westminster", "VAP", "STALKING",
                                   jan, &v),
                     SC_OK);
    assert_int_equal(v, 5);
    assert_int_equal(sc_counts_size(c), 1);
    sc_counts_free(c);
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_current_layout),
        cmocka_unit_test(test_ignored_columns_not_months),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_ward_first_refreshed_title_case),
        cmocka_unit_test(test_shuffled_bom),
        cmocka_unit_test(test_first_month_zero),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_mixed_case_categories),
        cmocka_unit_test(test_max_value),
        cmocka_unit_test(test_more_good_buffers),
        cmocka_unit_test(test_spaces_around_fields),
        cmocka_unit_test(test_readers_agree),
        cmocka_unit_test(test_read_file_memstream),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_quoted_field_too_long),
        cmocka_unit_test(test_column_limit),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_info_version),
    };
    enum { NFIXED = sizeof fixed / sizeof fixed[0] };
    struct CMUnitTest tests[NFIXED + NBAD_FILES + NBAD_INLINE];
    size_t n = 0, i;

    for (i = 0; i < NFIXED; i++) {
        tests[n++] = fixed[i];
    }
    for (i = 0; i < NBAD_FILES; i++) {
        struct CMUnitTest t = { bad_files[i].name, test_bad_case, NULL, NULL, &bad_files[i] };
        tests[n++] = t;
    }
    for (i = 0; i < NBAD_INLINE; i++) {
        struct CMUnitTest t = { bad_inline[i].name, test_bad_case, NULL, NULL, &bad_inline[i] };
        tests[n++] = t;
    }
    return _cmocka_run_group_tests("mps", tests, n, NULL, NULL);
}
