/*
 * stalkcase/population.h - resident populations of areas, and rates per 1,000 residents.
 *
 * A population table maps areas (name and ONS GSS code) to their usual resident population.
 * It is read from the layout of the Census 2021 tables published by the ONS per lower-tier
 * local authority (LTLA), e.g. TS007A "Age by five-year age bands":
 *
 *   date,geography,geography code,Age: Total,Age: Aged 4 years and under,...
 *   2021,Hartlepool,E06000001,92337,4982,...
 *
 * Columns are found by header name (ASCII-case-insensitive, spaces around ignored), in any
 * order: "geography" (the area name), "geography code" (the GSS code) and the total, which is
 * the first of "Age: Total", "Total", "Observation" or "Population" present; every other column
 * is ignored. The total must be a whole number of residents written with the digits 0-9 only
 * (spaces around allowed), at least 1 and at most 2^64 - 1. Names and codes must not be empty
 * and no two areas may share a name or a code (ASCII-case-insensitively). CSV conventions
 * (UTF-8, optional BOM, LF or CRLF, RFC 4180 quoting, blank lines skipped) and limits (a file
 * of at most 64 MiB, fields of at most 65,536 bytes) are those of breaks.h.
 *
 * Census 2021 for England and Wales: ONS, "Census 2021" topic summaries (Open Government
 * Licence v3.0); the population is the usual resident population on census day, 21 March 2021.
 *
 * Rates: for a grouped total (sc_totals by borough or by ward) with count k in an area of
 * population P, the rate per `per` residents (1,000 by default) is k / (P / per), with the
 * exact Poisson (Garwood) interval of sc_poisson_interval(k, P / per) (stats.h). An area
 * without a population gets no rate - never a rate of zero - and is listed as unmatched.
 * Using one census count as the denominator for other years assumes the population has not
 * changed much; the interval covers the counting noise of k only, not error in P.
 *
 * Mergeability: a population table is reference data; rates do not merge - compute them from
 * merged counts (sc_counts_merge, then sc_counts_totals).
 *
 * Ownership: sc_population and sc_rates are owned by the caller and released with their _free
 * (NULL is a no-op); pointers from their getters are borrowed and live as long as the object
 * they came from. sc_rates copies what it needs from the totals and the population table.
 * Thread safety: read-only after creation.
 */
#ifndef STALKCASE_POPULATION_H
#define STALKCASE_POPULATION_H

#include <stalkcase/common.h>
#include <stalkcase/counts.h>
#include <stalkcase/stats.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A population table (opaque). */
typedef struct sc_population sc_population;

/**
 * One area of a population table. Always allocated by the library and handed out as a
 * borrowed const pointer; later versions may append fields.
 */
typedef struct sc_area_population {
    const char *name;    /**< area name, e.g. "Westminster" (never NULL) */
    const char *code;    /**< ONS GSS code, e.g. "E09000033" (never NULL) */
    uint64_t residents;  /**< usual resident population, >= 1 */
} sc_area_population;

/**
 * Reads a population CSV file (layout above).
 * @param out receives the table, owned by the caller (sc_population_free); NULL on failure.
 * @param path the file; also the error's source name.
 * @param err optional; a failure names path, line (physical line where the record starts,
 *        header = 1) and column (1-based field number; 0 for a missing column).
 * @return SC_OK; SC_EINVAL if out or path is NULL; SC_EIO (sys_errno set); SC_EPARSE for
 *         malformed CSV or text that is not UTF-8; SC_EDATA for an empty file, a missing
 *         column, a record too short to hold a required column, an empty name or code, a
 *         population that is not a whole number >= 1, or a duplicated name or code;
 *         SC_ELIMIT; SC_EOVERFLOW if a population exceeds 2^64 - 1; SC_ENOMEM.
 */
SC_API int sc_population_read_path(sc_population **out, const char *path, sc_error *err);

/**
 * As sc_population_read_path, from size bytes in memory (borrowed for the call; data may be
 * NULL only when size is 0). source names the input in errors (NULL means ""). SC_EIO does
 * not occur.
 */
SC_API int sc_population_read_buffer(sc_population **out, const void *data, size_t size,
                                     const char *source, sc_error *err);

/**
 * Releases a table. @param p the table; NULL does nothing.
 */
SC_API void sc_population_free(sc_population *p);

/**
 * @return the number of areas (0 for NULL).
 */
SC_API size_t sc_population_size(const sc_population *p);

/**
 * Area i, in file order.
 * @return a pointer borrowed from p; NULL if p is NULL or i is out of range.
 */
SC_API const sc_area_population *sc_population_get(const sc_population *p, size_t i);

/**
 * Finds an area by name or GSS code, trying in turn: the name exactly (byte for byte), the
 * code exactly, the name ASCII-case-insensitively, the code ASCII-case-insensitively.
 * @return a pointer borrowed from p; NULL when nothing matches or an argument is NULL.
 */
SC_API const sc_area_population *sc_population_find(const sc_population *p, const char *key);

/** Version of sc_rates_options this header describes. */
#define SC_RATES_OPTIONS_VERSION 1

/** Options of sc_population_rates. Initialise with SC_RATES_OPTIONS_INIT. */
typedef struct sc_rates_options {
    unsigned int version; /**< SC_RATES_OPTIONS_VERSION */
    double per;           /**< rate per this many residents; default 1000; positive, finite */
    double level;         /**< confidence level in (0, 1); default 0.95 */
} sc_rates_options;

/** Default options: per 1,000 residents, 95 % intervals. */
#define SC_RATES_OPTIONS_INIT { SC_RATES_OPTIONS_VERSION, 1000.0, 0.95 }

/**
 * One row of a rates table: a grouped total and its rate. Always allocated by the library and
 * handed out as a borrowed const pointer; later versions may append fields.
 */
typedef struct sc_rate_row {
    const char *area;          /**< the row's area as matched: the borough (SC_GROUP_BOROUGH)
                                    or the ward code (SC_GROUP_WARD); never NULL */
    const char *area_name;     /**< the ward name for SC_GROUP_WARD, else the same as area */
    uint64_t count;            /**< the grouped total */
    const sc_area_population *population; /**< the matched area (borrowed from the rates
                                    table's own copy), or NULL when unmatched */
    int has_rate;              /**< 1 when population is set and rate is valid, else 0 */
    sc_interval rate;          /**< count per `per` residents with its exact Poisson interval;
                                    all fields 0 when has_rate is 0 */
} sc_rate_row;

/** Rates per resident for grouped totals (opaque). */
typedef struct sc_rates sc_rates;

/**
 * Rates per `per` residents (1,000 by default) for each row of grouped totals.
 *
 * Matching: SC_GROUP_BOROUGH rows by borough name; SC_GROUP_WARD rows by ward code only (ward
 * names repeat across boroughs and collide with council names elsewhere); each through
 * sc_population_find (exact, then ASCII-case-insensitive). Rows are
 * kept in the totals' order; unmatched rows stay in place without a rate and are also listed
 * by sc_rates_unmatched.
 * Formula: rate = count / (residents / per); interval sc_poisson_interval(count,
 * residents / per, level) - Garwood (1936), see stats.h.
 *
 * @param out receives the rates, owned by the caller (sc_rates_free); NULL on failure.
 * @param pop the population table (borrowed for the call).
 * @param totals grouped by SC_GROUP_BOROUGH or SC_GROUP_WARD (borrowed for the call).
 * @param options NULL means SC_RATES_OPTIONS_INIT.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out, pop or totals is NULL, the totals are grouped by month or
 *         category, or the options' version, per or level is bad; SC_ENOMEM.
 */
SC_API int sc_population_rates(sc_rates **out, const sc_population *pop,
                               const sc_totals *totals, const sc_rates_options *options,
                               sc_error *err);

/**
 * Releases rates. @param r the rates; NULL does nothing.
 */
SC_API void sc_rates_free(sc_rates *r);

/**
 * @return the number of rows (as many as the totals had; 0 for NULL).
 */
SC_API size_t sc_rates_size(const sc_rates *r);

/**
 * Row i, in the totals' order.
 * @return a pointer borrowed from r; NULL if r is NULL or i is out of range.
 */
SC_API const sc_rate_row *sc_rates_get(const sc_rates *r, size_t i);

/**
 * @return the number of rows whose area has no population (0 for NULL).
 */
SC_API size_t sc_rates_unmatched_size(const sc_rates *r);

/**
 * The i-th unmatched row, in the totals' order.
 * @return a pointer borrowed from r; NULL when out of range.
 */
SC_API const sc_rate_row *sc_rates_unmatched(const sc_rates *r, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_POPULATION_H */
