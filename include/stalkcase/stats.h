/*
 * stalkcase/stats.h - confidence intervals for counts, proportions, rates and rate ratios.
 *
 * The figures quoted about stalking are proportions ("100 % of 22,676 helpline callers reported
 * a cyber element") and comparisons of counts over time ("more than 1,000 a month against 200
 * before April 2020"). These functions give each such figure with its interval. They are pure
 * functions of their arguments: no allocation, no global state, safe from any thread.
 *
 * Conventions:
 *  - level is the confidence level, 0 < level < 1 (0.95 for a 95 % interval);
 *  - counts are non-negative integers (uint64_t); exposures (months, person-years, residents)
 *    are positive finite doubles in the caller's unit, and rates come out per that unit;
 *  - every interval is two-sided with alpha = 1 - level split equally between the tails.
 *
 * Quantile functions are computed from documented algorithms, with no dependency on GPL code:
 *  - standard normal: Wichura, "Algorithm AS 241: The percentage points of the normal
 *    distribution", Applied Statistics 37 (1988) 477-484 (PPND16, about 1e-16 relative);
 *  - beta and gamma: the regularized incomplete beta function by its continued fraction and the
 *    regularized incomplete gamma function by its series and continued fraction (Press et al.,
 *    Numerical Recipes, 3rd ed., 2007, sections 6.2 and 6.4, evaluated with the modified Lentz
 *    method), inverted by safeguarded Newton iteration with bisection fallback to a relative
 *    accuracy of 1e-12 (measured: about 1e-15 for shapes of 1 and more, up to 1e-12 for shapes
 *    near 0.01, where the quantile itself is that sensitive to rounding). The prefactors
 *    x^a (1-x)^b / B(a,b) and x^a e^-x / Gamma(a) are computed with Loader's deviance form
 *    (C. Loader, "Fast and accurate computation of binomial probabilities", 2000), so shapes
 *    up to 10^12 and beyond lose no precision; for small x above the mean the incomplete beta
 *    function uses its power series (Abramowitz and Stegun 26.5.4) rather than 1 - x.
 *
 * Counts are converted to double: exact up to 2^53, rounded to 16 digits beyond.
 * On failure the functions leave *out unchanged.
 */
#ifndef STALKCASE_STATS_H
#define STALKCASE_STATS_H

#include <stalkcase/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How an interval was computed. */
typedef enum sc_method {
    SC_METHOD_WILSON = 0,           /**< Wilson score interval for a proportion */
    SC_METHOD_CLOPPER_PEARSON = 1,  /**< exact (Clopper-Pearson) interval for a proportion */
    SC_METHOD_POISSON_EXACT = 2,    /**< exact (Garwood) interval for a Poisson count or rate */
    SC_METHOD_LOG_WALD = 3,         /**< Wald interval on the log scale (rate ratio) */
    SC_METHOD_EXACT_CONDITIONAL = 4,/**< exact interval conditional on the total (rate ratio) */
    SC_METHOD_WALD = 5              /**< Wald interval (difference of rates) */
} sc_method;

/**
 * An estimate with its interval. A plain value filled by the functions below.
 * low and high may be infinite where the method says so (an upper bound of a ratio whose
 * denominator count is 0); estimate may then be infinite or NaN as documented per function.
 */
typedef struct sc_interval {
    double estimate;  /**< the point estimate */
    double low;       /**< lower bound */
    double high;      /**< upper bound */
    double level;     /**< the confidence level asked for, e.g. 0.95 */
    sc_method method; /**< how it was computed */
} sc_interval;

/**
 * @return the stable lower-case name of a method ("wilson", "clopper-pearson",
 *         "poisson-exact", "log-wald", "exact-conditional", "wald"), or "unknown". Static.
 */
SC_API const char *sc_method_name(sc_method method);

/**
 * Interval for a proportion k/n.
 *
 * Wilson (SC_METHOD_WILSON): with p = k/n and z = the 1 - alpha/2 normal quantile,
 *   centre = (p + z^2/(2n)) / (1 + z^2/n),
 *   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2)),
 *   [centre - half, centre + half], clamped to [0, 1]; at k = 0 the lower bound is exactly 0
 *   and at k = n the upper bound is exactly 1. The bounds are evaluated in an equivalent form
 *   without cancellation: with A = k + z^2/2 and B = z sqrt(k (n-k) / n + z^2/4),
 *   centre -/+ half = (A -/+ B) / (n + z^2) and A - B = k^2 (n + z^2) / (n (A + B)), so they
 *   keep full relative precision for huge n (1 of 10^12 gives a lower bound of 1.765e-13).
 *   Source: E. B. Wilson, "Probable inference, the law of succession, and statistical
 *   inference", JASA 22 (1927) 209-212; Newcombe, Statistics in Medicine 17 (1998) 857-872,
 *   method 3.
 * Clopper-Pearson (SC_METHOD_CLOPPER_PEARSON): low = B(alpha/2; k, n-k+1) (0 when k = 0),
 *   high = B(1-alpha/2; k+1, n-k) (1 when k = n), B the beta quantile.
 *   Source: Clopper and Pearson, Biometrika 26 (1934) 404-413; Newcombe (1998) method 5.
 *
 * @param out receives the interval (estimate k/n).
 * @param k successes, 0 <= k <= n.
 * @param n trials, n >= 1.
 * @param level confidence level in (0, 1).
 * @param method SC_METHOD_WILSON or SC_METHOD_CLOPPER_PEARSON.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out is NULL, n = 0, k > n, level is not in (0, 1) or the method
 *         is not one of the two.
 */
SC_API int sc_proportion_interval(sc_interval *out, uint64_t k, uint64_t n, double level,
                                  sc_method method, sc_error *err);

/**
 * Exact (Garwood) interval for a Poisson rate k / exposure:
 *   low  = G(alpha/2; k) / exposure        (0 when k = 0),
 *   high = G(1 - alpha/2; k + 1) / exposure,
 * G(p; a) being the quantile of the gamma distribution with shape a and scale 1 (equivalently
 * chi2(p; 2a) / 2). Source: F. Garwood, "Fiducial limits for the Poisson distribution",
 * Biometrika 28 (1936) 437-442; Ulm, Am. J. Epidemiol. 131 (1990) 373-375.
 * Use it for a monthly mean (exposure = number of months) or a rate per 1,000 residents
 * (exposure = residents / 1000).
 *
 * @param out receives the interval (method SC_METHOD_POISSON_EXACT, estimate k / exposure).
 * @param k the count.
 * @param exposure positive and finite, in the caller's unit.
 * @param level confidence level in (0, 1).
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out is NULL, exposure is not positive and finite, or level is
 *         not in (0, 1).
 */
SC_API int sc_poisson_interval(sc_interval *out, uint64_t k, double exposure, double level,
                               sc_error *err);

/**
 * Ratio of two Poisson rates, (k2 / t2) / (k1 / t1): "after" (k2 over exposure t2) against
 * "before" (k1 over t1), e.g. monthly means of two periods with t = months.
 *
 * SC_METHOD_LOG_WALD: estimate R = (k2/t2)/(k1/t1); interval exp(ln R -/+ z sqrt(1/k1 + 1/k2)).
 *   Needs k1 > 0 and k2 > 0 (otherwise SC_EDATA). Source: Rothman, Greenland and Lash, Modern
 *   Epidemiology, 3rd ed. (2008), equation 14-12 (rate ratio); Armitage, Berry and Matthews,
 *   Statistical Methods in Medical Research, 4th ed. (2002), section 5.3.
 * SC_METHOD_EXACT_CONDITIONAL: conditional on the total k1 + k2, k2 is binomial with
 *   p = R t2 / (R t2 + t1); the Clopper-Pearson interval [pl, ph] for p = k2 / (k1 + k2) gives
 *   R in [pl t1 / ((1 - pl) t2), ph t1 / ((1 - ph) t2)], with 0 when k2 = 0 and +infinity when
 *   k1 = 0 (the estimate is then +infinity, or NaN when both are 0 - SC_EDATA in that case).
 *   Source: Armitage, Berry and Matthews (2002) section 5.3; Breslow and Day, Statistical
 *   Methods in Cancer Research II (1987) section 2.3.
 *
 * @param out receives the interval.
 * @param k1, t1 count and exposure of the reference ("before") period; t1 > 0 finite.
 * @param k2, t2 count and exposure of the compared ("after") period; t2 > 0 finite.
 * @param level confidence level in (0, 1).
 * @param method SC_METHOD_LOG_WALD or SC_METHOD_EXACT_CONDITIONAL.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL for a NULL out, a bad exposure, level or method; SC_EOVERFLOW when
 *         the exposures are so extreme that the ratio or a bound leaves the range of doubles;
 *         SC_EDATA when the
 *         method cannot give an interval for these counts (log-Wald with a zero count; exact
 *         with both counts zero).
 */
SC_API int sc_rate_ratio_interval(sc_interval *out, uint64_t k1, double t1, uint64_t k2,
                                  double t2, double level, sc_method method, sc_error *err);

/**
 * Difference of two Poisson rates, k2/t2 - k1/t1, with the Wald interval
 *   d -/+ z sqrt(k1/t1^2 + k2/t2^2)   (method SC_METHOD_WALD).
 * Source: Rothman, Greenland and Lash (2008), equation 14-9 (rate difference).
 * Parameters as for sc_rate_ratio_interval; the estimate and bounds are in rate units (count
 * per exposure unit). With both counts 0 the interval is [0, 0].
 * @return SC_OK; SC_EINVAL for a NULL out, a bad exposure or level; SC_EOVERFLOW when the
 *         exposures are so extreme that the difference or a bound is not a finite double.
 */
SC_API int sc_rate_difference_interval(sc_interval *out, uint64_t k1, double t1, uint64_t k2,
                                       double t2, double level, sc_error *err);

/**
 * Quantile of the standard normal distribution (AS 241).
 * @param out receives x with P(Z <= x) = p.
 * @param p probability in (0, 1).
 * @return SC_OK; SC_EINVAL if out is NULL or p is not in (0, 1).
 */
SC_API int sc_normal_quantile(double *out, double p);

/**
 * Quantile of the beta distribution with shapes a, b > 0.
 * @param out receives x in [0, 1] with I_x(a, b) = p.
 * @param p probability in [0, 1] (0 gives 0, 1 gives 1).
 * @return SC_OK; SC_EINVAL if out is NULL, p is outside [0, 1] or a shape is not positive
 *         and finite.
 */
SC_API int sc_beta_quantile(double *out, double p, double a, double b);

/**
 * Quantile of the gamma distribution with shape a > 0 and scale 1.
 * @param out receives x >= 0 with P(a, x) = p (P the regularized lower incomplete gamma).
 * @param p probability in [0, 1) (0 gives 0).
 * @return SC_OK; SC_EINVAL if out is NULL, p is outside [0, 1) or a is not positive and finite.
 */
SC_API int sc_gamma_quantile(double *out, double p, double a);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_STATS_H */
