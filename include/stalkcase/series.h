/*
 * stalkcase/series.h - monthly series drawn from a count table, year-on-year change, rolling
 * 12-month sums, and before/after comparisons with confidence intervals.
 *
 * A series is the sum, month by month, of the cells of an sc_counts table that pass a filter
 * (a set of areas, a set of categories, a month range). It knows its coverage: a month the
 * table covers has a value (0 when nothing was recorded); a month it does not cover is
 * *missing*, never 0. Everything derived from a missing month (a year-on-year change, a
 * rolling sum) is missing too.
 *
 * Counting-rule breaks (breaks.h): a series and a comparison carry the breaks that lie inside
 * their span (first < break month <= last). Each output must show them: a change measured
 * across a break measures the change of rule as well.
 *
 * Mergeability: counts merge exactly (sc_counts_merge is associative and commutative), so the
 * way to combine shards (files, boroughs, months) is to merge their tables and compute the
 * series or comparison from the merged table; the result equals the one computed on the whole.
 * Series values themselves also add month by month over disjoint shards of areas or categories,
 * but means, intervals and ratios do not merge: recompute them from merged counts.
 *
 * Coverage belongs to the whole table, not to each area: a covered month in which a filtered
 * ward has no cell reads as 0 (the source covered the month and recorded nothing there). So
 * merge shards that cover the same months (e.g. borough shards of one release); a month covered
 * by one shard only would read as complete, with the other shards' areas counted as 0.
 *
 * Ownership: sc_series and sc_comparison are created by the functions below, owned by the
 * caller and released with their _free (NULL is a no-op). They copy what they need: they stay
 * valid after the count table and the breaks table they were made from are freed. Borrowed
 * pointers (const sc_break *) live as long as the object they came from.
 *
 * Thread safety: read-only after creation; may be read from several threads at once.
 */
#ifndef STALKCASE_SERIES_H
#define STALKCASE_SERIES_H

#include <stalkcase/common.h>
#include <stalkcase/month.h>
#include <stalkcase/counts.h>
#include <stalkcase/breaks.h>
#include <stalkcase/stats.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of sc_series_filter this header describes. */
#define SC_SERIES_FILTER_VERSION 1

/**
 * Which cells a series sums: the sets version of sc_counts_filter. Initialise with
 * SC_SERIES_FILTER_INIT, then set fields; later versions append fields and raise the version.
 * The arrays are borrowed for the call only.
 *
 * A cell passes when all three hold:
 *  - area: no ward code and no borough is given, or the cell's ward code equals one of
 *    ward_codes, or its borough equals one of boroughs (byte for byte, as sc_counts compares
 *    areas) - the union of the wards listed and the boroughs listed;
 *  - category: no category is given, or the cell's minor or major text equals one of
 *    categories, ASCII-case-insensitively (as sc_counts_filter.category);
 *  - month: from <= month <= to.
 */
typedef struct sc_series_filter {
    unsigned int version;           /**< SC_SERIES_FILTER_VERSION */
    sc_month from;                  /**< first month of the series, or SC_MONTH_NONE for the
                                         table's first covered month */
    sc_month to;                    /**< last month, or SC_MONTH_NONE for the table's last
                                         covered month */
    const char *const *ward_codes;  /**< n_ward_codes ONS GSS ward codes; NULL when 0 */
    size_t n_ward_codes;
    const char *const *boroughs;    /**< n_boroughs borough names; NULL when 0 */
    size_t n_boroughs;
    const char *const *categories;  /**< n_categories category texts; NULL when 0 */
    size_t n_categories;
} sc_series_filter;

/** A filter over every cell and the table's whole coverage. */
#define SC_SERIES_FILTER_INIT \
    { SC_SERIES_FILTER_VERSION, SC_MONTH_NONE, SC_MONTH_NONE, NULL, 0, NULL, 0, NULL, 0 }

/** A monthly series (opaque). */
typedef struct sc_series sc_series;

/**
 * Builds the monthly series of the cells of c that pass filter.
 *
 * Value of month m (first <= m <= last): the sum of the counts of the passing cells of month
 * m when c covers m (0 when there are none); missing when c does not cover m.
 * Breaks: those of `breaks` with first < month <= last are attached to the series; the whole
 * table is copied too, for comparisons made from the series.
 *
 * @param out receives the series, owned by the caller (sc_series_free); NULL on failure.
 * @param c the count table (borrowed for the call).
 * @param filter NULL means SC_SERIES_FILTER_INIT.
 * @param breaks the counting-rule breaks to flag; NULL means the built-in England and Wales
 *        table (sc_breaks_new_england_wales). Pass an empty table to flag none.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or c is NULL, the filter's version is 0 or newer than this
 *         library's, a bound is neither SC_MONTH_NONE nor a valid month, from > to, an array
 *         is NULL with a non-zero length or holds a NULL text; SC_EDATA if a bound is open and
 *         the table covers no month; SC_EOVERFLOW if a month's sum would exceed 2^64 - 1;
 *         SC_ENOMEM.
 */
SC_API int sc_series_new(sc_series **out, const sc_counts *c, const sc_series_filter *filter,
                         const sc_breaks *breaks, sc_error *err);

/**
 * Releases a series. @param s the series; NULL does nothing.
 */
SC_API void sc_series_free(sc_series *s);

/**
 * The span of the series.
 * @param first, last receive the first and last month (either may be NULL);
 *        SC_MONTH_NONE when s is NULL.
 * @return the number of months, last - first + 1 (0 for NULL).
 */
SC_API size_t sc_series_span(const sc_series *s, sc_month *first, sc_month *last);

/**
 * The value of month m.
 * @param out receives the value; 0 when missing or on error.
 * @return SC_OK; SC_ENOTFOUND when m is in the span but not covered (missing); SC_EINVAL if s
 *         or out is NULL or m lies outside the span.
 */
SC_API int sc_series_value(const sc_series *s, sc_month m, uint64_t *out);

/**
 * @return 1 when month m is in the span and covered, else 0.
 */
SC_API int sc_series_covers(const sc_series *s, sc_month m);

/**
 * Sum over the covered months of first..last (a sub-span of the series).
 * @param out receives the sum.
 * @param covered optional; receives the number of covered months summed.
 * @return SC_OK; SC_EINVAL if s or out is NULL, first > last or a month lies outside the
 *         span; SC_EOVERFLOW if the sum would exceed 2^64 - 1.
 */
SC_API int sc_series_sum(const sc_series *s, sc_month first, sc_month last, uint64_t *out,
                         size_t *covered);

/**
 * @return the number of counting-rule breaks inside the series' span (0 for NULL).
 */
SC_API size_t sc_series_breaks_size(const sc_series *s);

/**
 * Break i (month order) inside the series' span.
 * @return a pointer borrowed from s (valid until sc_series_free); NULL when out of range.
 */
SC_API const sc_break *sc_series_break(const sc_series *s, size_t i);

/**
 * A change between two values twelve months apart (year-on-year). A plain value filled by
 * sc_series_yoy and sc_series_rolling_yoy; this layout is fixed (new data would come through
 * new functions).
 */
typedef struct sc_change {
    sc_month month;         /**< the month (for rolling sums: the last month of the window) */
    uint64_t current;       /**< value at month (rolling: sum of month-11 .. month) */
    uint64_t previous;      /**< value twelve months earlier (rolling: month-23 .. month-12) */
    int64_t difference;     /**< current - previous */
    double ratio;           /**< current / previous; +infinity when previous is 0 and current
                                 is not; NaN when both are 0 */
    size_t n_breaks;        /**< breaks inside the span compared (see below) */
    const sc_break *brk;    /**< the first of them (borrowed from the series), or NULL */
} sc_change;

/**
 * Year-on-year change of month m: current = value(m), previous = value(m - 12),
 * difference = current - previous, ratio = current / previous. Breaks: those inside
 * (m - 12, m], i.e. with m - 12 < break <= m.
 * @param out receives the change.
 * @return SC_OK; SC_ENOTFOUND when m or m - 12 is missing or outside the span (*out then
 *         holds month and zeros); SC_EINVAL if s or out is NULL or m is not a valid month;
 *         SC_EOVERFLOW if the difference does not fit in int64_t.
 */
SC_API int sc_series_yoy(const sc_series *s, sc_month m, sc_change *out);

/**
 * Rolling 12-month sum ending at month m: the sum of months m - 11 .. m.
 * @param out receives the sum.
 * @return SC_OK; SC_ENOTFOUND when any of the twelve months is missing or outside the span;
 *         SC_EINVAL if s or out is NULL or m is invalid; SC_EOVERFLOW.
 */
SC_API int sc_series_rolling12(const sc_series *s, sc_month m, uint64_t *out);

/**
 * Year-on-year change of the rolling 12-month sum ending at m: current = rolling12(m),
 * previous = rolling12(m - 12) (24 months m - 23 .. m, all needed). Breaks: those inside
 * (m - 23, m].
 * @return as sc_series_yoy.
 */
SC_API int sc_series_rolling_yoy(const sc_series *s, sc_month m, sc_change *out);

/* ------------------------------------------------------------------ comparisons */

/** Version of sc_comparison_options this header describes. */
#define SC_COMPARISON_OPTIONS_VERSION 1

/**
 * Options of sc_comparison_new. Initialise with SC_COMPARISON_OPTIONS_INIT.
 */
typedef struct sc_comparison_options {
    unsigned int version;   /**< SC_COMPARISON_OPTIONS_VERSION */
    double level;           /**< confidence level in (0, 1); default 0.95 */
    int require_coverage;   /**< 0 (default): months of a period that are missing are left
                                 out and reported (sc_period.months_covered); 1: a missing
                                 month in either period is an error (SC_EDATA) */
} sc_comparison_options;

/** Default options: 95 % intervals, missing months left out and reported. */
#define SC_COMPARISON_OPTIONS_INIT { SC_COMPARISON_OPTIONS_VERSION, 0.95, 0 }

/**
 * One period of a comparison. Always allocated by the library and handed out as a borrowed
 * const pointer; later versions may append fields.
 */
typedef struct sc_period {
    sc_month from;          /**< first month of the period */
    sc_month to;            /**< last month */
    size_t months;          /**< calendar months in the period, to - from + 1 */
    size_t months_covered;  /**< of them, the months with data (the exposure) */
    uint64_t total;         /**< sum over the covered months */
    sc_interval mean;       /**< mean per covered month, total / months_covered, with the
                                 exact Poisson interval (sc_poisson_interval, exposure =
                                 months_covered) */
} sc_period;

/** A before/after comparison (opaque). */
typedef struct sc_comparison sc_comparison;

/**
 * Compares the mean monthly count of two periods of a series, "before" (from1..to1) and
 * "after" (from2..to2), for counts taken to be Poisson:
 *  - per period: total k over the covered months t, mean k / t with the exact (Garwood)
 *    Poisson interval (sc_poisson_interval(k, t));
 *  - rate ratio R = (k2 / t2) / (k1 / t1) with the log-scale Wald interval
 *    exp(ln R -/+ z sqrt(1/k1 + 1/k2)) and the exact interval conditional on k1 + k2
 *    (sc_rate_ratio_interval; sources there: Rothman, Greenland and Lash 2008 eq. 14-12;
 *    Armitage, Berry and Matthews 2002 s. 5.3; Breslow and Day 1987 s. 2.3);
 *  - difference per month d = k2/t2 - k1/t1 with the Wald interval
 *    d -/+ z sqrt(k1/t1^2 + k2/t2^2) (sc_rate_difference_interval; Rothman et al. eq. 14-9).
 * The Poisson model ignores over-dispersion and seasonality: month-to-month variation of real
 * crime counts is usually larger than Poisson, so these intervals are narrower than they
 * should be for inference about trends; they describe the counting noise only.
 *
 * Missing months: a period may include months the source does not cover (or outside the
 * series' span). By default they are left out - the period's exposure is its number of
 * covered months, reported in sc_period.months_covered - so the means stay unbiased by
 * unknown months; with options->require_coverage they are an error instead.
 *
 * Breaks: every break with from1 < month <= to2 (between the start of the before period and
 * the end of the after period) is attached to the comparison.
 *
 * @param out receives the comparison, owned by the caller (sc_comparison_free); NULL on failure.
 * @param s the series (borrowed for the call).
 * @param from1, to1 the before period; valid months, from1 <= to1.
 * @param from2, to2 the after period; valid months, to1 < from2 <= to2.
 * @param options NULL means SC_COMPARISON_OPTIONS_INIT.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or s is NULL, a month is invalid, the periods are out of
 *         order or overlap, or the options' version or level is bad; SC_EDATA if a period has
 *         no covered month ("period ... has no data"), or with require_coverage a period has
 *         a missing month ("period not fully covered", naming the first missing month);
 *         SC_EOVERFLOW if a period total would exceed 2^64 - 1; SC_ENOMEM.
 *         A ratio or difference that cannot be computed for these counts (e.g. the log-Wald
 *         interval with a zero count) is not an error here: its getter reports it.
 */
SC_API int sc_comparison_new(sc_comparison **out, const sc_series *s, sc_month from1,
                             sc_month to1, sc_month from2, sc_month to2,
                             const sc_comparison_options *options, sc_error *err);

/**
 * Releases a comparison. @param c the comparison; NULL does nothing.
 */
SC_API void sc_comparison_free(sc_comparison *c);

/**
 * @return the before period (borrowed from c, valid until sc_comparison_free), or NULL for NULL.
 */
SC_API const sc_period *sc_comparison_before(const sc_comparison *c);

/**
 * @return the after period (borrowed from c), or NULL for NULL.
 */
SC_API const sc_period *sc_comparison_after(const sc_comparison *c);

/**
 * The rate ratio after / before with its interval.
 * @param out receives the interval.
 * @param method SC_METHOD_LOG_WALD or SC_METHOD_EXACT_CONDITIONAL.
 * @return SC_OK; SC_EINVAL if c or out is NULL or method is neither; SC_EDATA when the method
 *         gives no interval for these counts (log-Wald: a period total is 0; exact: both are
 *         0), as sc_rate_ratio_interval says.
 */
SC_API int sc_comparison_ratio(const sc_comparison *c, sc_method method, sc_interval *out);

/**
 * The difference of the monthly means, after - before, with its Wald interval.
 * @param out receives the interval.
 * @return SC_OK; SC_EINVAL if c or out is NULL.
 */
SC_API int sc_comparison_difference(const sc_comparison *c, sc_interval *out);

/**
 * @return the number of counting-rule breaks between the start of the before period and the
 *         end of the after period (0 for NULL).
 */
SC_API size_t sc_comparison_breaks_size(const sc_comparison *c);

/**
 * Break i (month order) of the comparison.
 * @return a pointer borrowed from c (valid until sc_comparison_free); NULL when out of range.
 */
SC_API const sc_break *sc_comparison_break(const sc_comparison *c, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_SERIES_H */
