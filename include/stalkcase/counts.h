/*
 * stalkcase/counts.h - tables of crime counts keyed by (area, category, month).
 *
 * An sc_counts table holds non-negative 64-bit counts. Each cell is keyed by
 *  - an area: ward code (ONS GSS code such as "E05013806"), ward name and borough (local
 *    authority, or a pseudo-borough such as "Aviation Security (SO18)", kept as given). The three
 *    texts together identify the area: they are compared byte for byte. Any of them may be ""
 *    when the source does not know it (e.g. a report located only to a borough).
 *  - a category: major and minor text, as in the Met's MajorText/MinorText columns
 *    ("VIOLENCE AGAINST THE PERSON" / "STALKING AND HARASSMENT"). Categories are compared
 *    ASCII-case-insensitively, so "Burglary" and "BURGLARY" are one category; the spelling
 *    first added is the one reported.
 *  - a month (see month.h).
 * Every text is stored once per table (interned), not once per cell.
 *
 * A table also knows its coverage: the set of months its source covers. A month can be covered
 * and still have no counts (nothing was recorded); a month that is not covered is unknown.
 * Adding a cell covers its month; importers cover every month their source lists.
 *
 * Tables merge exactly: merging is associative and commutative, so partial tables built from
 * shards (files, months, boroughs) combine into the table of the whole (the counts are the same
 * whatever the order; which spelling of a category is reported is the first one added).
 *
 * Thread safety: a table may be read from several threads at once; writing needs exclusive
 * access. Different tables are independent.
 */
#ifndef STALKCASE_COUNTS_H
#define STALKCASE_COUNTS_H

#include <stalkcase/common.h>
#include <stalkcase/month.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A count table (opaque). Create with sc_counts_new, release with sc_counts_free. */
typedef struct sc_counts sc_counts;

/**
 * One cell, or one grouped total. Always allocated by the library and handed out as a borrowed
 * const pointer; later versions may append fields, so never allocate or copy one by value.
 * Texts are NUL-terminated UTF-8 and never NULL for the fields that apply; fields that do not
 * apply (in a grouped total) are NULL, and month is SC_MONTH_NONE.
 */
typedef struct sc_cell {
    const char *ward_code;  /**< ONS GSS ward code, e.g. "E05013806" */
    const char *ward_name;  /**< ward name, e.g. "St James's" */
    const char *borough;    /**< borough (local authority) name */
    const char *major;      /**< major category text */
    const char *minor;      /**< minor category text */
    sc_month month;         /**< calendar month */
    uint64_t count;         /**< the count (or grouped total) */
} sc_cell;

/**
 * Creates an empty table.
 * @param out receives the table, owned by the caller (release with sc_counts_free).
 * @return SC_OK; SC_EINVAL if out is NULL; SC_ENOMEM.
 */
SC_API int sc_counts_new(sc_counts **out);

/**
 * Releases a table and everything it owns. Pointers borrowed from it become invalid.
 * @param c the table; NULL does nothing.
 */
SC_API void sc_counts_free(sc_counts *c);

/**
 * Adds n to the cell (area, category, month) and covers month. Adding 0 covers the month and
 * registers the area and category without changing any count.
 * @param c the table.
 * @param ward_code, ward_name, borough the area (copied; must be valid UTF-8, may be "").
 * @param major, minor the category (copied; valid UTF-8, may be "").
 * @param month a valid month.
 * @param n the amount to add.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if a pointer is NULL or month is invalid; SC_EDATA if a text is not
 *         valid UTF-8; SC_EOVERFLOW if the cell would exceed 2^64 - 1; SC_ELIMIT if the table
 *         would hold more than 2^31 distinct texts or 2^32 - 2 (area, category) pairs; SC_ENOMEM.
 *         On failure the table's counts and coverage are unchanged (the area and category may
 *         have been registered, with no count, when SC_ENOMEM or SC_ELIMIT struck late).
 */
SC_API int sc_counts_add(sc_counts *c, const char *ward_code, const char *ward_name,
                         const char *borough, const char *major, const char *minor,
                         sc_month month, uint64_t n, sc_error *err);

/**
 * Tells whether the table knows a category, even one whose counts are all zero (so a caller can
 * tell "not in the source" from "recorded as zero").
 * @param c the table.
 * @param category text matched against every category's minor and major text,
 *        ASCII-case-insensitively (as sc_counts_filter.category is).
 * @return 1 if some category matches, 0 if none does or an argument is NULL.
 */
SC_API int sc_counts_has_category(const sc_counts *c, const char *category);

/**
 * Looks up one cell. The category is matched ASCII-case-insensitively, the area exactly.
 * @param out receives the count; 0 when the cell was never added (and on failure).
 * @return SC_OK (also for an absent cell); SC_EINVAL if a pointer is NULL or month is not a
 *         valid month.
 */
SC_API int sc_counts_get(const sc_counts *c, const char *ward_code, const char *ward_name,
                         const char *borough, const char *major, const char *minor,
                         sc_month month, uint64_t *out);

/**
 * Covers every month from first to last inclusive, without adding counts.
 * @return SC_OK; SC_EINVAL if c is NULL, a month is invalid or first > last; SC_ENOMEM
 *         (coverage then unchanged).
 */
SC_API int sc_counts_cover(sc_counts *c, sc_month first, sc_month last);

/**
 * @return 1 if the table covers month m, else 0 (also for NULL c or an invalid month).
 */
SC_API int sc_counts_covers(const sc_counts *c, sc_month m);

/**
 * The first and last covered months (months between them need not all be covered).
 * @param first, last receive the months (either may be NULL); SC_MONTH_NONE when not found.
 * @return SC_OK; SC_EINVAL if c is NULL; SC_ENOTFOUND if no month is covered.
 */
SC_API int sc_counts_coverage(const sc_counts *c, sc_month *first, sc_month *last);

/**
 * @return the number of cells with a non-zero count (0 for NULL).
 */
SC_API size_t sc_counts_size(const sc_counts *c);

/**
 * Callback for sc_counts_foreach.
 * @param cell the cell, borrowed for the duration of the call only.
 * @param payload the caller's pointer, passed through.
 * @return 0 to continue; any other value stops the iteration and is returned by it (use a
 *         positive value or SC_EUSER, so that it cannot be mistaken for a library status).
 */
typedef int (*sc_counts_cb)(const sc_cell *cell, void *payload);

/**
 * Visits every cell with a non-zero count, in a stable order that does not depend on the order
 * of insertion: by ward code, ward name, borough (byte order), then major and minor category
 * (ASCII-case-insensitive order), then month ascending. The table must not be changed during
 * the iteration.
 * @return SC_OK after visiting every cell; SC_EINVAL if c or cb is NULL; SC_ENOMEM; or the
 *         callback's non-zero value.
 */
SC_API int sc_counts_foreach(const sc_counts *c, sc_counts_cb cb, void *payload);

/**
 * Adds every cell of src to dst and covers in dst every month src covers.
 * Merging is exact, associative and commutative.
 * @param dst the table that grows.
 * @param src the table added (unchanged; must not be dst).
 * @return SC_OK; SC_EINVAL if a table is NULL or src == dst; SC_EOVERFLOW if a cell would
 *         exceed 2^64 - 1; SC_ELIMIT as for sc_counts_add; SC_ENOMEM. On failure dst's counts
 *         and coverage are unchanged (some of src's areas and categories may have been
 *         registered in dst, with no count).
 */
SC_API int sc_counts_merge(sc_counts *dst, const sc_counts *src, sc_error *err);

/**
 * Compares two tables: equal when they have the same non-zero cells (areas byte for byte,
 * categories case-insensitively) and the same coverage.
 * @return 1 if equal, 0 if not (two NULLs are equal; NULL and a table are not).
 */
SC_API int sc_counts_equal(const sc_counts *a, const sc_counts *b);

/** Version of sc_counts_filter this header describes. */
#define SC_COUNTS_FILTER_VERSION 1

/**
 * Which cells a query considers. Initialise with SC_COUNTS_FILTER_INIT, then set fields;
 * later versions append fields and raise the version.
 */
typedef struct sc_counts_filter {
    unsigned int version;  /**< SC_COUNTS_FILTER_VERSION */
    sc_month from;         /**< first month included, or SC_MONTH_NONE for no lower bound */
    sc_month to;           /**< last month included, or SC_MONTH_NONE for no upper bound */
    const char *category;  /**< NULL for every category; otherwise a cell matches when its
                                minor or its major text equals this, ASCII-case-insensitively */
} sc_counts_filter;

/** A filter that lets every cell through. */
#define SC_COUNTS_FILTER_INIT { SC_COUNTS_FILTER_VERSION, SC_MONTH_NONE, SC_MONTH_NONE, NULL }

/** How sc_counts_totals groups cells. */
typedef enum sc_group {
    SC_GROUP_MONTH = 0,    /**< one row per month; fields set: month */
    SC_GROUP_BOROUGH = 1,  /**< one row per borough; fields set: borough */
    SC_GROUP_WARD = 2,     /**< one row per area; fields set: ward_code, ward_name, borough */
    SC_GROUP_CATEGORY = 3  /**< one row per category; fields set: major, minor */
} sc_group;

/** Grouped totals (opaque), made by sc_counts_totals, released with sc_totals_free. */
typedef struct sc_totals sc_totals;

/**
 * Sums the cells that pass a filter, grouped by month, borough, ward or category.
 *
 * Rows: SC_GROUP_MONTH gives one row for every covered month inside the filter's range (with a
 * count of 0 when nothing was recorded), in ascending month order. The other groupings give one
 * row for every group whose total is above 0, ordered by count descending, then by name
 * ascending in byte order (borough; ward name, ward code, borough; major, minor).
 *
 * @param out receives the totals, owned by the caller (sc_totals_free). They copy what they
 *        need and stay valid after c is freed.
 * @param c the table.
 * @param by the grouping.
 * @param filter which cells count; NULL means SC_COUNTS_FILTER_INIT.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or c is NULL, by is unknown, the filter's version is 0 or
 *         newer than this library's, a bound is neither SC_MONTH_NONE nor a valid month, or
 *         from > to; SC_EOVERFLOW if a total would exceed 2^64 - 1; SC_ENOMEM.
 */
SC_API int sc_counts_totals(sc_totals **out, const sc_counts *c, sc_group by,
                            const sc_counts_filter *filter, sc_error *err);

/**
 * Releases grouped totals. @param t the totals; NULL does nothing.
 */
SC_API void sc_totals_free(sc_totals *t);

/**
 * @return the number of rows (0 for NULL).
 */
SC_API size_t sc_totals_size(const sc_totals *t);

/**
 * Row i of the totals.
 * @return a pointer borrowed from t, valid until sc_totals_free; NULL if t is NULL or
 *         i >= sc_totals_size(t).
 */
SC_API const sc_cell *sc_totals_get(const sc_totals *t, size_t i);

/**
 * @return the sum of all rows' counts (it was checked for overflow when t was made); 0 for NULL.
 */
SC_API uint64_t sc_totals_sum(const sc_totals *t);

/**
 * @return the grouping t was made with (SC_GROUP_MONTH for NULL).
 */
SC_API sc_group sc_totals_group(const sc_totals *t);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_COUNTS_H */
