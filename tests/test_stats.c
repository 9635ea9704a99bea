/*
 * tests/test_stats.c - confidence intervals and quantile functions (stats.h).
 *
 * Written against include/stalkcase/stats.h only. Expected values come from outside the
 * library, and each says how it was obtained:
 *  - "scipy": /usr/bin/python3 with scipy 1.10.1 (scipy.stats.norm.ppf, beta.ppf, gamma.ppf,
 *    chi2.ppf), printed with repr(); the one-liner is given beside the value. In these
 *    one-liners `from scipy.stats import norm, beta, gamma, chi2` is assumed, and
 *      wilson(k, n, l): z = norm.ppf(1 - (1 - l) / 2); p = k / n;
 *                       c = (p + z*z/(2*n)) / (1 + z*z/n);
 *                       h = z / (1 + z*z/n) * math.sqrt(p*(1-p)/n + z*z/(4*n*n));
 *                       return c - h, c + h            (the header's formula, in floats)
 *      cp(k, n, l):     a = (1 - l) / 2; return (beta.ppf(a, k, n-k+1) if k > 0 else 0.0,
 *                                               beta.ppf(1-a, k+1, n-k) if k < n else 1.0)
 *  - "decimal": the same formula in Python's decimal module at 50 digits (where the float
 *    formula loses digits to cancellation, i.e. for huge n);
 *  - checks of the scipy values: where scipy's inverse was suspected to lose digits (large
 *    shapes), the residual I_x(a, b) - p at the expected x was evaluated by mpmath 1.3.0 at 35
 *    digits (continued fraction of NR eq. 6.4.5 with mp.loggamma) and is below 1e-15 relative
 *    in x unless said otherwise.
 *
 * Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
 * methods", Statistics in Medicine 17 (1998) 857-872, uses 81/263, 15/148, 0/20 and 1/29 as
 * its worked examples (Table I); the values below for those cases were computed with scipy as
 * described, not copied from the paper (its table could not be checked here), though they
 * round to the 4-decimal figures usually quoted from it (e.g. 81/263: Wilson 0.2553-0.3662,
 * Clopper-Pearson 0.2527-0.3676).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stalkcase/stalkcase.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ================================================================== helpers */

/* |got - want| <= rtol |want|; want == 0 (or infinite) must match exactly. */
static void near_(double got, double want, double rtol, const char *what, int line)
{
    if (want == 0.0 || isinf(want)) {
        if (got != want)
            fail_msg("line %d: %s = %.17g, expected exactly %.17g", line, what, got, want);
        return;
    }
    double rel = fabs(got - want) / fabs(want);
    if (!(rel <= rtol))
        fail_msg("line %d: %s = %.17g, expected %.17g (relative error %.3g > %.3g)", line, what,
                 got, want, rel, rtol);
}
#define NEAR(got, want, rtol) near_((got), (want), (rtol), #got, __LINE__)

/* Relative tolerances. Quantiles agree with the references to about 1e-15 (measured); the
 * tolerances leave room for another libm and compiler. */
#define RT_QUANT 1e-13 /* normal, beta and gamma quantiles and intervals built on them */
#define RT_FORM 1e-14  /* closed formulas (Wilson, Wald) */

static sc_interval prop(uint64_t k, uint64_t n, double level, sc_method m)
{
    sc_interval iv;
    sc_error err;
    memset(&iv, 0xff, sizeof iv);
    memset(&err, 0, sizeof err);
    int rc = sc_proportion_interval(&iv, k, n, level, m, &err);
    if (rc != SC_OK)
        fail_msg("sc_proportion_interval(%llu, %llu, %g, %s) = %d (%s)", (unsigned long long)k,
                 (unsigned long long)n, level, sc_method_name(m), rc, err.message);
    assert_true(iv.level == level);
    assert_int_equal(iv.method, m);
    NEAR(iv.estimate, (double)k / (double)n, 0.0);
    assert_true(iv.low <= iv.estimate && iv.estimate <= iv.high);
    assert_true(iv.low >= 0.0 && iv.high <= 1.0);
    return iv;
}

static sc_interval poisson(uint64_t k, double t, double level)
{
    sc_interval iv;
    sc_error err;
    memset(&err, 0, sizeof err);
    int rc = sc_poisson_interval(&iv, k, t, level, &err);
    if (rc != SC_OK)
        fail_msg("sc_poisson_interval(%llu, %g, %g) = %d (%s)", (unsigned long long)k, t, level,
                 rc, err.message);
    assert_int_equal(iv.method, SC_METHOD_POISSON_EXACT);
    assert_true(iv.level == level);
    NEAR(iv.estimate, (double)k / t, 1e-16);
    assert_true(iv.low <= iv.estimate && iv.estimate <= iv.high);
    return iv;
}

static sc_interval ratio(uint64_t k1, double t1, uint64_t k2, double t2, double level,
                         sc_method m)
{
    sc_interval iv;
    sc_error err;
    memset(&err, 0, sizeof err);
    int rc = sc_rate_ratio_interval(&iv, k1, t1, k2, t2, level, m, &err);
    if (rc != SC_OK)
        fail_msg("sc_rate_ratio_interval = %d (%s)", rc, err.message);
    assert_int_equal(iv.method, m);
    assert_true(iv.level == level);
    assert_true(iv.low <= iv.estimate && iv.estimate <= iv.high);
    return iv;
}

/* ================================================================== names */

static void test_method_names(void **state)
{
    (void)state;
    assert_string_equal(sc_method_name(SC_METHOD_WILSON), "wilson");
    assert_string_equal(sc_method_name(SC_METHOD_CLOPPER_PEARSON), "clopper-pearson");
    assert_string_equal(sc_method_name(SC_METHOD_POISSON_EXACT), "poisson-exact");
    assert_string_equal(sc_method_name(SC_METHOD_LOG_WALD), "log-wald");
    assert_string_equal(sc_method_name(SC_METHOD_EXACT_CONDITIONAL), "exact-conditional");
    assert_string_equal(sc_method_name(SC_METHOD_WALD), "wald");
    assert_string_equal(sc_method_name((sc_method)99), "unknown");
    assert_string_equal(sc_method_name((sc_method)-1), "unknown");
}

/* ================================================================== normal quantile */

static void test_normal_quantile(void **state)
{
    (void)state;
    /* scipy: repr(norm.ppf(p)) for each p */
    static const struct {
        double p, x;
    } t[] = {
        {0.975, 1.959963984540054}, /* also the classical 1.959963984540054 */
        {0.5, 0.0},
        {0.95, 1.6448536269514722},
        {0.995, 2.5758293035489004},
        {0.25, -0.6744897501960817},
        {0.001, -3.090232306167813},
        {0.6, 0.2533471031357997},   /* |q| <= 0.425 branch */
        {0.9, 1.2815515655446004},   /* r <= 5 branch */
        {1e-10, -6.361340902404056}, /* r <= 5 branch, far tail */
        {1e-20, -9.262340089798409}, /* r > 5 branch */
        {1e-300, -37.0470962993612},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        double x = NAN;
        assert_int_equal(sc_normal_quantile(&x, t[i].p), SC_OK);
        NEAR(x, t[i].x, 1e-15); /* AS 241: about 1e-16; measured <= 6e-16 */
        /* symmetry: Phi^-1(1 - p) = -Phi^-1(p) (exact where 1 - p is) */
        if (t[i].p >= 0.5) {
            double y = NAN;
            assert_int_equal(sc_normal_quantile(&y, 1.0 - t[i].p), SC_OK);
            NEAR(-y, t[i].x, 1e-15);
        }
    }
}

static void test_normal_quantile_einval(void **state)
{
    (void)state;
    double x = 42.0;
    assert_int_equal(sc_normal_quantile(NULL, 0.5), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, 0.0), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, 1.0), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, -0.1), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, 1.5), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, NAN), SC_EINVAL);
    assert_int_equal(sc_normal_quantile(&x, INFINITY), SC_EINVAL);
    assert_true(x == 42.0); /* untouched on failure */
}

/* ================================================================== beta and gamma */

static void test_beta_quantile(void **state)
{
    (void)state;
    /* scipy: repr(beta.ppf(p, a, b)) */
    static const struct {
        double p, a, b, x;
    } t[] = {
        {0.025, 81, 183, 0.2527367455852713},
        {0.3, 2.5, 0.7, 0.7097758912148804},
        {0.9, 0.5, 0.5, 0.9755282581475768}, /* = sin^2(0.45 pi), arcsine law */
        {0.05, 10, 1e6, 5.425366565554525e-06},
        /* huge shapes, n = 10^12: beta.ppf(0.975, 10**6 + 1, 10**12 - 10**6) */
        {0.975, 1000001.0, 999999000000.0, 1.0019619109625513e-06},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        double x = NAN;
        assert_int_equal(sc_beta_quantile(&x, t[i].p, t[i].a, t[i].b), SC_OK);
        NEAR(x, t[i].x, RT_QUANT);
    }
    /* closed forms: I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b, by hand */
    double x = NAN;
    assert_int_equal(sc_beta_quantile(&x, 0.25, 2.0, 1.0), SC_OK);
    NEAR(x, 0.5, 1e-15);
    assert_int_equal(sc_beta_quantile(&x, 0.75, 1.0, 2.0), SC_OK);
    NEAR(x, 0.5, 1e-15);
    /* uniform: Beta(1, 1) */
    assert_int_equal(sc_beta_quantile(&x, 0.3, 1.0, 1.0), SC_OK);
    NEAR(x, 0.3, 1e-15);
    /* the ends */
    assert_int_equal(sc_beta_quantile(&x, 0.0, 3.0, 4.0), SC_OK);
    assert_true(x == 0.0);
    assert_int_equal(sc_beta_quantile(&x, 1.0, 3.0, 4.0), SC_OK);
    assert_true(x == 1.0);
}

static void test_beta_quantile_einval(void **state)
{
    (void)state;
    double x = 42.0;
    assert_int_equal(sc_beta_quantile(NULL, 0.5, 1, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, -0.01, 1, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 1.01, 1, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, NAN, 1, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, 0, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, -1, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, INFINITY, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, NAN, 1), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, 1, 0), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, 1, INFINITY), SC_EINVAL);
    assert_int_equal(sc_beta_quantile(&x, 0.5, 1, NAN), SC_EINVAL);
    assert_true(x == 42.0);
}

static void test_gamma_quantile(void **state)
{
    (void)state;
    /* scipy: repr(gamma.ppf(p, a)) */
    static const struct {
        double p, a, x;
    } t[] = {
        {0.025, 81, 64.32569199414536},
        {0.3, 2.5, 1.4999540663799533},
        {0.9, 0.5, 1.352771727047702}, /* shape < 1 */
        {0.975, 1e6, 1001960.9109654503},
        {0.025, 1e12, 999998040036.9626},         /* gamma.ppf(0.025, 1e12) */
        {0.975, 1e12 + 1, 1000001959965.9316},    /* gamma.ppf(0.975, 1e12 + 1) */
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        double x = NAN;
        assert_int_equal(sc_gamma_quantile(&x, t[i].p, t[i].a), SC_OK);
        NEAR(x, t[i].x, RT_QUANT);
    }
    /* shape 1 is the exponential: x = -ln(1 - p), by hand */
    double x = NAN;
    assert_int_equal(sc_gamma_quantile(&x, 0.5, 1.0), SC_OK);
    NEAR(x, log(2.0), 1e-15);
    assert_int_equal(sc_gamma_quantile(&x, 0.0, 3.0), SC_OK);
    assert_true(x == 0.0);
}

static void test_gamma_quantile_einval(void **state)
{
    (void)state;
    double x = 42.0;
    assert_int_equal(sc_gamma_quantile(NULL, 0.5, 1), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, 1.0, 1), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, -0.5, 1), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, NAN, 1), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, 0.5, 0), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, 0.5, -2), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, 0.5, INFINITY), SC_EINVAL);
    assert_int_equal(sc_gamma_quantile(&x, 0.5, NAN), SC_EINVAL);
    assert_true(x == 42.0);
}

/* ================================================================== proportions */

static void test_proportion_newcombe_cases(void **state)
{
    (void)state;
    /* scipy: wilson(k, n, 0.95) and cp(k, n, 0.95) as defined at the top */
    static const struct {
        uint64_t k, n;
        double wl, wh, cl, ch;
    } t[] = {
        {81, 263, 0.2552885198782742, 0.36620957698280004, 0.2527367455852713,
         0.36762192260135146},
        {15, 148, 0.0623863995307363, 0.16048724172330803, 0.057844010083448576,
         0.161650490349479},
        {0, 20, 0.0, 0.16112515805281938, 0.0, 0.1684334709830853},
        {1, 29, 0.006113214292762653, 0.17175521879320288, 0.0008726468835799228,
         0.1776442954887229},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        sc_interval w = prop(t[i].k, t[i].n, 0.95, SC_METHOD_WILSON);
        NEAR(w.low, t[i].wl, RT_FORM);
        NEAR(w.high, t[i].wh, RT_FORM);
        sc_interval c = prop(t[i].k, t[i].n, 0.95, SC_METHOD_CLOPPER_PEARSON);
        NEAR(c.low, t[i].cl, RT_QUANT);
        NEAR(c.high, t[i].ch, RT_QUANT);
    }
}

static void test_proportion_levels(void **state)
{
    (void)state;
    /* scipy: wilson(7, 20, l) and cp(7, 20, l) */
    static const struct {
        double level, wl, wh, cl, ch;
    } t[] = {
        {0.90, 0.202260040056761, 0.5334873111515283, 0.1773109175744491, 0.5580345113154888},
        {0.95, 0.18119182410108206, 0.5671457233147638, 0.1539092047845412, 0.5921885345328282},
        {0.99, 0.14639344137693874, 0.6283381789526871, 0.11387976326673242,
         0.6565685842319211},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        sc_interval w = prop(7, 20, t[i].level, SC_METHOD_WILSON);
        NEAR(w.low, t[i].wl, RT_FORM);
        NEAR(w.high, t[i].wh, RT_FORM);
        sc_interval c = prop(7, 20, t[i].level, SC_METHOD_CLOPPER_PEARSON);
        NEAR(c.low, t[i].cl, RT_QUANT);
        NEAR(c.high, t[i].ch, RT_QUANT);
    }
}

static void test_proportion_edges(void **state)
{
    (void)state;
    sc_interval iv;

    /* k = 0 and k = n: the bound at the edge is exact */
    iv = prop(0, 20, 0.95, SC_METHOD_WILSON);
    assert_true(iv.low == 0.0);
    iv = prop(20, 20, 0.95, SC_METHOD_WILSON);
    assert_true(iv.high == 1.0);
    /* by symmetry, 20/20 mirrors 0/20 (scipy values above) */
    NEAR(iv.low, 1.0 - 0.16112515805281938, 1e-15);
    iv = prop(0, 20, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.low == 0.0);
    /* 0/n: high = 1 - (alpha/2)^(1/n) (beta.ppf(0.975, 1, 20) in closed form) */
    NEAR(iv.high, 1.0 - pow(0.025, 1.0 / 20.0), 1e-15);
    iv = prop(20, 20, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, pow(0.025, 1.0 / 20.0), 1e-15);

    /* 22,676 of 22,676 helpline callers. Wilson: decimal, wilson(22676, 22676, 0.95) gives
     * low 0.9998306223247782 (= n / (n + z^2) by hand); CP: (0.025)^(1/22676), scipy
     * repr(beta.ppf(0.025, 22676, 1)) = 0.9998373355344339. */
    iv = prop(22676, 22676, 0.95, SC_METHOD_WILSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, 0.9998306223247782, RT_FORM);
    iv = prop(22676, 22676, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, 0.9998373355344339, 1e-15);

    /* n = 1. Wilson: scipy-free formula values (python floats), wilson(0, 1, 0.95) =
     * (0.0, 0.7934506856227626), wilson(1, 1, 0.95) = (0.20654931437723742 [decimal], 1.0);
     * CP: cp(0, 1, 0.95) = (0, 0.975), cp(1, 1, 0.95) = (0.025, 1) exactly (Beta(1, 1)). */
    iv = prop(0, 1, 0.95, SC_METHOD_WILSON);
    assert_true(iv.low == 0.0);
    NEAR(iv.high, 0.7934506856227626, RT_FORM);
    iv = prop(1, 1, 0.95, SC_METHOD_WILSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, 0.20654931437723742, RT_FORM);
    iv = prop(0, 1, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.low == 0.0);
    NEAR(iv.high, 0.975, 1e-15);
    iv = prop(1, 1, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, 0.025, 1e-14);
}

static void test_proportion_huge_n(void **state)
{
    (void)state;
    const uint64_t n = 1000000000000ULL; /* 10^12 */
    sc_interval iv;

    /* decimal: wilson(k, 10**12) at 50 digits with z = norm.ppf(0.975) */
    static const struct {
        uint64_t k;
        double low, high;
    } w[] = {
        {0, 0.0, 3.8414588206793685e-12},
        {1, 1.7652455493517475e-13, 5.664934265736511e-12},
        {500000000000ULL, 0.4999990200180077, 0.5000009799819922},
        {999999999999ULL, 0.9999999999943351, 0.9999999999998235},
        {1000000000000ULL, 0.9999999999961585, 1.0},
    };
    for (size_t i = 0; i < ARRAY_LEN(w); i++) {
        iv = prop(w[i].k, n, 0.95, SC_METHOD_WILSON);
        NEAR(iv.low, w[i].low, RT_FORM);
        NEAR(iv.high, w[i].high, RT_FORM);
    }

    /* Clopper-Pearson, k = 10^6: scipy repr(beta.ppf(0.025, 10**6, 10**12 - 10**6 + 1)) =
     * 9.98040984317496e-07 (mpmath residual: 1.1e-13 relative; the exact quantile is
     * 9.980409843173856e-07 to 1e-15, hence the wider tolerance) and
     * repr(beta.ppf(0.975, 10**6 + 1, 10**12 - 10**6)) = 1.0019619109625513e-06. */
    iv = prop(1000000, n, 0.95, SC_METHOD_CLOPPER_PEARSON);
    NEAR(iv.low, 9.98040984317496e-07, 2e-13);
    NEAR(iv.high, 1.0019619109625513e-06, RT_QUANT);

    /* k = n/2: Beta(5e11, 5e11 + 1) is normal to far below double precision (skewness 4e-18,
     * excess kurtosis 6e-12), so its quantiles are mean -/+ z sd; decimal at 50 digits:
     * m = a/(a+b), s = sqrt(a b / ((a+b)^2 (a+b+1))), m - z s and (a, b swapped) m + z s.
     * (scipy's beta.ppf is 1e-11 off here.) */
    iv = prop(500000000000ULL, n, 0.95, SC_METHOD_CLOPPER_PEARSON);
    NEAR(iv.low, 0.49999902001750773, 1e-14);
    NEAR(iv.high, 0.5000009799824923, 1e-14);

    /* 0 and n */
    iv = prop(0, n, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.low == 0.0);
    NEAR(iv.high, -expm1(log(0.025) / 1e12), 1e-15); /* 1 - 0.025^(1/n), by hand */
    iv = prop(n, n, 0.95, SC_METHOD_CLOPPER_PEARSON);
    assert_true(iv.high == 1.0);
    NEAR(iv.low, exp(log(0.025) / 1e12), 1e-15);

    /* the largest counts: no overflow, sensible bounds */
    iv = prop(UINT64_MAX / 2, UINT64_MAX, 0.99, SC_METHOD_WILSON);
    assert_true(iv.low > 0.4999999 && iv.high < 0.5000001);
    iv = prop(UINT64_MAX, UINT64_MAX, 0.99, SC_METHOD_WILSON);
    assert_true(iv.high == 1.0 && iv.low > 0.999999); /* n / (n + z^2) rounds to 1 */
}

static void test_proportion_einval(void **state)
{
    (void)state;
    sc_interval iv;
    sc_error err;
    memset(&iv, 0, sizeof iv);

    static const struct {
        uint64_t k, n;
        double level;
        sc_method m;
    } bad[] = {
        {0, 0, 0.95, SC_METHOD_WILSON},                /* n = 0 */
        {0, 0, 0.95, SC_METHOD_CLOPPER_PEARSON},
        {6, 5, 0.95, SC_METHOD_WILSON},                /* k > n */
        {6, 5, 0.95, SC_METHOD_CLOPPER_PEARSON},
        {1, 5, 0.0, SC_METHOD_WILSON},                 /* level */
        {1, 5, 1.0, SC_METHOD_WILSON},
        {1, 5, -0.95, SC_METHOD_CLOPPER_PEARSON},
        {1, 5, 95.0, SC_METHOD_CLOPPER_PEARSON},
        {1, 5, NAN, SC_METHOD_WILSON},
        {1, 5, INFINITY, SC_METHOD_WILSON},
        {1, 5, 0.95, SC_METHOD_WALD},                  /* method */
        {1, 5, 0.95, SC_METHOD_POISSON_EXACT},
        {1, 5, 0.95, SC_METHOD_LOG_WALD},
        {1, 5, 0.95, SC_METHOD_EXACT_CONDITIONAL},
        {1, 5, 0.95, (sc_method)99},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_proportion_interval(&iv, bad[i].k, bad[i].n, bad[i].level,
                                                bad[i].m, &err),
                         SC_EINVAL);
        assert_int_equal(err.code, SC_EINVAL);
        assert_true(err.message[0] != '\0');
        /* and without an error record */
        assert_int_equal(sc_proportion_interval(&iv, bad[i].k, bad[i].n, bad[i].level,
                                                bad[i].m, NULL),
                         SC_EINVAL);
    }
    assert_int_equal(sc_proportion_interval(NULL, 1, 5, 0.95, SC_METHOD_WILSON, &err),
                     SC_EINVAL);
    assert_int_equal(sc_proportion_interval(NULL, 1, 5, 0.95, SC_METHOD_WILSON, NULL),
                     SC_EINVAL);
}

/* ================================================================== Poisson */

static void test_poisson(void **state)
{
    (void)state;
    /* scipy: a = (1 - l)/2; (chi2.ppf(a, 2*k)/2/t if k > 0 else 0.0, chi2.ppf(1 - a, 2*k + 2)/2/t) */
    static const struct {
        uint64_t k;
        double t, level, low, high;
    } t[] = {
        {0, 1, 0.95, 0.0, 3.6888794541139354}, /* = -ln(0.025) */
        {1, 1, 0.95, 0.025317807984289897, 5.571643390938898},
        {10, 1, 0.95, 4.7953886961324335, 18.39035604201778},
        /* 12 months at 200 a month: monthly mean 200 */
        {2400, 12, 0.90, 193.33262208619976, 206.84686042689896},
        {2400, 12, 0.95, 192.07770007482168, 208.1651542235469},
        {2400, 12, 0.99, 189.64078320028912, 210.75777658119478},
        /* London 2024, 52,966 offences over 12 months */
        {52966, 12, 0.95, 4376.322921486326, 4451.585291966322},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        sc_interval iv = poisson(t[i].k, t[i].t, t[i].level);
        NEAR(iv.low, t[i].low, RT_QUANT);
        NEAR(iv.high, t[i].high, RT_QUANT);
    }
    /* by hand: 0 events, exposure 1 -> upper bound -ln(alpha/2) */
    sc_interval iv = poisson(0, 2.0, 0.95);
    assert_true(iv.low == 0.0);
    NEAR(iv.high, -log(0.025) / 2.0, 1e-15);
    /* huge count: scipy repr(gamma.ppf(0.025, 1e12)), repr(gamma.ppf(0.975, 1e12 + 1)) */
    iv = poisson(1000000000000ULL, 1.0, 0.95);
    NEAR(iv.low, 999998040036.9626, RT_QUANT);
    NEAR(iv.high, 1000001959965.9316, RT_QUANT);
}

static void test_poisson_einval(void **state)
{
    (void)state;
    sc_interval iv;
    sc_error err;
    const double bad_t[] = {0.0, -1.0, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_t); i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_poisson_interval(&iv, 3, bad_t[i], 0.95, &err), SC_EINVAL);
        assert_int_equal(err.code, SC_EINVAL);
        assert_true(err.message[0] != '\0');
    }
    const double bad_l[] = {0.0, 1.0, -0.5, 2.0, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_l); i++)
        assert_int_equal(sc_poisson_interval(&iv, 3, 1.0, bad_l[i], NULL), SC_EINVAL);
    assert_int_equal(sc_poisson_interval(NULL, 3, 1.0, 0.95, NULL), SC_EINVAL);
}

/* ================================================================== rate ratio */

static void test_rate_ratio(void **state)
{
    (void)state;
    sc_interval iv;

    /* 12 months at 200 a month against 12 months at 1,000 a month: ratio exactly 5.
     * Exact: scipy, pl, ph = cp(12000, 14400, 0.95); pl/(1-pl), ph/(1-ph) (t1 = t2).
     * Log-Wald: z = norm.ppf(0.975); s = math.sqrt(1/2400 + 1/12000); 5*math.exp(-+z*s). */
    iv = ratio(2400, 12, 12000, 12, 0.95, SC_METHOD_EXACT_CONDITIONAL);
    NEAR(iv.estimate, 5.0, 1e-15);
    NEAR(iv.low, 4.7851773241127615, RT_QUANT);
    NEAR(iv.high, 5.2261546744647855, RT_QUANT);
    iv = ratio(2400, 12, 12000, 12, 0.95, SC_METHOD_LOG_WALD);
    NEAR(iv.estimate, 5.0, 1e-15);
    NEAR(iv.low, 4.78560180183485, RT_FORM);
    NEAR(iv.high, 5.224003382482584, RT_FORM);

    /* London stalking offences, 2025 (58,355) over 2024 (52,966), 12 months each:
     * R = 58355/52966 = 1.1017445153494696; exact via cp(58355, 111321, 0.95), log-Wald as
     * above with s = math.sqrt(1/52966 + 1/58355). */
    iv = ratio(52966, 12, 58355, 12, 0.95, SC_METHOD_EXACT_CONDITIONAL);
    NEAR(iv.estimate, 1.1017445153494696, 1e-15);
    NEAR(iv.low, 1.0888424706303663, RT_QUANT);
    NEAR(iv.high, 1.1148012929633486, RT_QUANT);
    iv = ratio(52966, 12, 58355, 12, 0.95, SC_METHOD_LOG_WALD);
    NEAR(iv.estimate, 1.1017445153494696, 1e-15);
    NEAR(iv.low, 1.0888611825430639, RT_FORM);
    NEAR(iv.high, 1.1147802828893947, RT_FORM);

    /* unequal exposures: 10 in 2 months before, 3 in 1 month after, R = 0.6;
     * exact: pl, ph = cp(3, 13, 0.95); pl*2/(1-pl), ph*2/(1-ph);
     * log-Wald: 0.6*math.exp(-+z*math.sqrt(1/10 + 1/3)) */
    iv = ratio(10, 2, 3, 1, 0.95, SC_METHOD_EXACT_CONDITIONAL);
    NEAR(iv.estimate, 0.6, 1e-15);
    NEAR(iv.low, 0.10610798096952652, RT_QUANT);
    NEAR(iv.high, 2.3302372209680984, RT_QUANT);
    iv = ratio(10, 2, 3, 1, 0.95, SC_METHOD_LOG_WALD);
    NEAR(iv.low, 0.1651284093689641, RT_FORM);
    NEAR(iv.high, 2.1801215270935805, RT_FORM);

    /* zero counts, exact method: k1 = 0 -> estimate and high +infinity, low from
     * cp(5, 5, 0.95)[0] = 0.025^(1/5): pl/(1-pl) = 0.91635585731546 (scipy);
     * k2 = 0 -> low 0, high from cp(0, 5, 0.95)[1]: 1.091279105182546 (scipy). */
    iv = ratio(0, 1, 5, 1, 0.95, SC_METHOD_EXACT_CONDITIONAL);
    assert_true(isinf(iv.estimate) && iv.estimate > 0);
    assert_true(isinf(iv.high) && iv.high > 0);
    NEAR(iv.low, 0.91635585731546, RT_QUANT);
    iv = ratio(5, 1, 0, 1, 0.95, SC_METHOD_EXACT_CONDITIONAL);
    assert_true(iv.estimate == 0.0 && iv.low == 0.0);
    NEAR(iv.high, 1.091279105182546, RT_QUANT);
}

static void test_rate_ratio_errors(void **state)
{
    (void)state;
    sc_interval iv;
    sc_error err;

    /* SC_EDATA: log-Wald with a zero count, exact with both zero */
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_rate_ratio_interval(&iv, 0, 1, 5, 1, 0.95, SC_METHOD_LOG_WALD, &err),
                     SC_EDATA);
    assert_int_equal(err.code, SC_EDATA);
    assert_true(err.message[0] != '\0');
    assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1, 0, 1, 0.95, SC_METHOD_LOG_WALD, NULL),
                     SC_EDATA);
    assert_int_equal(sc_rate_ratio_interval(&iv, 0, 1, 0, 1, 0.95, SC_METHOD_LOG_WALD, NULL),
                     SC_EDATA);
    memset(&err, 0, sizeof err);
    assert_int_equal(
        sc_rate_ratio_interval(&iv, 0, 1, 0, 1, 0.95, SC_METHOD_EXACT_CONDITIONAL, &err),
        SC_EDATA);
    assert_int_equal(err.code, SC_EDATA);

    /* SC_EINVAL */
    const double bad_t[] = {0.0, -12.0, INFINITY, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_t); i++) {
        for (int m = 0; m < 2; m++) {
            sc_method meth = m ? SC_METHOD_EXACT_CONDITIONAL : SC_METHOD_LOG_WALD;
            memset(&err, 0, sizeof err);
            assert_int_equal(sc_rate_ratio_interval(&iv, 5, bad_t[i], 6, 1, 0.95, meth, &err),
                             SC_EINVAL);
            assert_int_equal(err.code, SC_EINVAL);
            assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1, 6, bad_t[i], 0.95, meth, NULL),
                             SC_EINVAL);
            /* a bad exposure is SC_EINVAL even where the counts would give SC_EDATA */
            assert_int_equal(sc_rate_ratio_interval(&iv, 0, bad_t[i], 0, 1, 0.95, meth, NULL),
                             SC_EINVAL);
        }
    }
    const double bad_l[] = {0.0, 1.0, -0.95, 1.95, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_l); i++)
        assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1, 6, 1, bad_l[i],
                                                SC_METHOD_EXACT_CONDITIONAL, NULL),
                         SC_EINVAL);
    const sc_method bad_m[] = {SC_METHOD_WILSON, SC_METHOD_CLOPPER_PEARSON,
                               SC_METHOD_POISSON_EXACT, SC_METHOD_WALD, (sc_method)42};
    for (size_t i = 0; i < ARRAY_LEN(bad_m); i++)
        assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1, 6, 1, 0.95, bad_m[i], NULL),
                         SC_EINVAL);
    assert_int_equal(sc_rate_ratio_interval(NULL, 5, 1, 6, 1, 0.95, SC_METHOD_LOG_WALD, NULL),
                     SC_EINVAL);
}

/* ================================================================== rate difference */

static void test_rate_difference(void **state)
{
    (void)state;
    sc_interval iv;
    sc_error err;
    memset(&err, 0, sizeof err);

    /* python: z = norm.ppf(0.975); d = k2/t2 - k1/t1; s = math.sqrt(k1/t1**2 + k2/t2**2);
     * (d, d - z*s, d + z*s) */
    assert_int_equal(sc_rate_difference_interval(&iv, 2400, 12, 12000, 12, 0.95, &err), SC_OK);
    assert_int_equal(iv.method, SC_METHOD_WALD);
    NEAR(iv.estimate, 800.0, 1e-15);
    NEAR(iv.low, 780.4003601545994, RT_FORM);
    NEAR(iv.high, 819.5996398454006, RT_FORM);
    assert_int_equal(sc_rate_difference_interval(&iv, 52966, 12, 58355, 12, 0.95, &err), SC_OK);
    NEAR(iv.estimate, 449.08333333333394, 1e-13); /* the float formula's own rounding */
    NEAR(iv.low, 394.5884917465117, 1e-13);
    NEAR(iv.high, 503.5781749201562, 1e-13);
    /* both zero: a zero-width interval at 0 */
    assert_int_equal(sc_rate_difference_interval(&iv, 0, 1, 0, 1, 0.95, &err), SC_OK);
    assert_true(iv.estimate == 0.0 && iv.low == 0.0 && iv.high == 0.0);

    const double bad_t[] = {0.0, -1.0, INFINITY, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_t); i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_rate_difference_interval(&iv, 1, bad_t[i], 2, 1, 0.95, &err),
                         SC_EINVAL);
        assert_int_equal(err.code, SC_EINVAL);
        assert_int_equal(sc_rate_difference_interval(&iv, 1, 1, 2, bad_t[i], 0.95, NULL),
                         SC_EINVAL);
    }
    const double bad_l[] = {0.0, 1.0, -0.1, 3.0, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_l); i++)
        assert_int_equal(sc_rate_difference_interval(&iv, 1, 1, 2, 1, bad_l[i], NULL),
                         SC_EINVAL);
    assert_int_equal(sc_rate_difference_interval(NULL, 1, 1, 2, 1, 0.95, NULL), SC_EINVAL);
}

/* ================================================================== consistency */

/* Properties that need no reference: CP contains Wilson's estimate and widens with the
 * level; the exact rate ratio interval is the CP interval transformed. */
static void test_consistency(void **state)
{
    (void)state;
    for (uint64_t n = 1; n <= 40; n += 13) {
        for (uint64_t k = 0; k <= n; k++) {
            sc_interval a = prop(k, n, 0.9, SC_METHOD_CLOPPER_PEARSON);
            sc_interval b = prop(k, n, 0.99, SC_METHOD_CLOPPER_PEARSON);
            assert_true(b.low <= a.low && a.high <= b.high);
            sc_interval c = prop(k, n, 0.9, SC_METHOD_WILSON);
            sc_interval d = prop(k, n, 0.99, SC_METHOD_WILSON);
            assert_true(d.low <= c.low && c.high <= d.high);
            /* symmetry k <-> n - k */
            sc_interval e = prop(n - k, n, 0.9, SC_METHOD_CLOPPER_PEARSON);
            NEAR(e.low, 1.0 - a.high, 1e-12);
            sc_interval f = prop(n - k, n, 0.9, SC_METHOD_WILSON);
            NEAR(f.high, 1.0 - c.low, 1e-12);
            if (k > 0 && k < n) {
                sc_interval r = ratio(n - k, 1, k, 1, 0.9, SC_METHOD_EXACT_CONDITIONAL);
                NEAR(r.low, a.low / (1.0 - a.low), 1e-12);
                NEAR(r.high, a.high / (1.0 - a.high), 1e-12);
            }
        }
    }
}

/* Exposures that pass the "positive and finite" check but overflow the arithmetic: the
 * functions say SC_EOVERFLOW instead of returning a meaningless interval.
 * (5/1e-310 overflows a double; 5/1e-200 squared in the variance overflows.) */
static void test_extreme_exposures(void **state)
{
    sc_interval iv;
    (void)state;
    assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1e-310, 5, 1e308, 0.95,
                                            SC_METHOD_EXACT_CONDITIONAL, NULL),
                     SC_EOVERFLOW);
    assert_int_equal(sc_rate_ratio_interval(&iv, 5, 1e-310, 5, 1e308, 0.95, SC_METHOD_LOG_WALD,
                                            NULL),
                     SC_EOVERFLOW);
    assert_int_equal(sc_rate_difference_interval(&iv, 5, 1e-200, 5, 1.0, 0.95, NULL),
                     SC_EOVERFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extreme_exposures),
        cmocka_unit_test(test_method_names),
        cmocka_unit_test(test_normal_quantile),
        cmocka_unit_test(test_normal_quantile_einval),
        cmocka_unit_test(test_beta_quantile),
        cmocka_unit_test(test_beta_quantile_einval),
        cmocka_unit_test(test_gamma_quantile),
        cmocka_unit_test(test_gamma_quantile_einval),
        cmocka_unit_test(test_proportion_newcombe_cases),
        cmocka_unit_test(test_proportion_levels),
        cmocka_unit_test(test_proportion_edges),
        cmocka_unit_test(test_proportion_huge_n),
        cmocka_unit_test(test_proportion_einval),
        cmocka_unit_test(test_poisson),
        cmocka_unit_test(test_poisson_einval),
        cmocka_unit_test(test_rate_ratio),
        cmocka_unit_test(test_rate_ratio_errors),
        cmocka_unit_test(test_rate_difference),
        cmocka_unit_test(test_consistency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
