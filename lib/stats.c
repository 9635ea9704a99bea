/*
 * stats.c - confidence intervals for proportions, Poisson counts and rates (stats.h).
 *
 * Numerical building blocks, all written here from published descriptions:
 *  - the standard normal quantile by Wichura's AS 241 (PPND16);
 *  - ln Gamma through Stirling's formula with its error term (the "stirlerr" of C. Loader,
 *    "Fast and accurate computation of binomial probabilities", 2000): for z > 15 the
 *    asymptotic series, below that the recurrence Gamma(z+1) = z Gamma(z) up to z + N > 15;
 *  - the prefactors x^a (1-x)^b / B(a,b) and x^a e^-x / Gamma(a) written with Loader's
 *    deviance bd0(x, m) = x ln(x/m) + m - x, so that no difference of two huge log-gammas is
 *    ever formed (ln Gamma(10^12) is about 2.6e13: subtracting two of them in double would
 *    leave an absolute error of 1e-3 in the logarithm of a probability);
 *  - the regularized incomplete beta function by its continued fraction and the regularized
 *    incomplete gamma function by its series and continued fraction (Numerical Recipes, 3rd
 *    ed., sections 6.2 and 6.4), evaluated with the modified Lentz method. Each returns the
 *    tail it computes directly, so P and Q = 1 - P are both accurate where they are small;
 *  - quantiles by Newton iteration safeguarded by a bracket with (geometric or arithmetic)
 *    bisection, starting from the usual approximations (Abramowitz and Stegun 26.5.22 for
 *    beta, Wilson-Hilferty for gamma). A beta quantile is solved for whichever of x and 1 - x
 *    is the smaller, so that both come out with full relative precision.
 *
 * No libm function with global state is used (lgamma() writes signgam), so every function
 * here is safe from any thread.
 */
#include <config.h>

#include <float.h>
#include <math.h>

#include <stalkcase/stats.h>

#include "sc_internal.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* ln sqrt(2 pi) */
#define FPMIN 1e-300                                  /* Lentz: replaces an exact zero */
#define CF_EPS (DBL_EPSILON / 2)                      /* continued fractions and series */
#define SOLVE_RTOL 2e-15                              /* quantile iteration, relative */

/* ================================================================== methods */

const char *sc_method_name(sc_method method)
{
    switch (method) {
    case SC_METHOD_WILSON:
        return "wilson";
    case SC_METHOD_CLOPPER_PEARSON:
        return "clopper-pearson";
    case SC_METHOD_POISSON_EXACT:
        return "poisson-exact";
    case SC_METHOD_LOG_WALD:
        return "log-wald";
    case SC_METHOD_EXACT_CONDITIONAL:
        return "exact-conditional";
    case SC_METHOD_WALD:
        return "wald";
    default:
        return "unknown";
    }
}

/* ================================================================== normal quantile */

/* Wichura (1988), Algorithm AS 241, PPND16: rational approximations of degree 7 in
 * r = 0.180625 - q^2 for |q| = |p - 1/2| <= 0.425, and in r = sqrt(-ln min(p, 1-p)) - 1.6
 * (r <= 5) or r - 5 beyond. Coefficients as published. */
static double ppnd16(double p)
{
    static const double a[8] = {
        3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3,
        1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
        3.3430575583588128105e+4, 2.5090809287301226727e+3};
    static const double b[8] = {
        1.0,                      4.2313330701600911252e+1, 6.8718700749205790830e+2,
        5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4,
        2.8729085735721942674e+4, 5.2264952788528545610e+3};
    static const double c[8] = {
        1.42343711074968357734e0,  4.63033784615654529590e0,  5.76949722146069140550e0,
        3.64784832476320460504e0,  1.27045825245236838258e0,  2.41780725177450611770e-1,
        2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static const double d[8] = {
        1.0,                       2.05319162663775882187e0,  1.67638483018380384940e0,
        6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
        5.47593808499534494600e-4, 1.05075007164441684324e-9};
    static const double e[8] = {
        6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,
        2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
        2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double f[8] = {
        1.0,                       5.99832206555887937690e-1, 1.36929880922735805310e-1,
        1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
        1.42151175831644588870e-7, 2.04426310338993978564e-15};
    const double *num, *den;
    double q = p - 0.5, r, v;

    if (fabs(q) <= 0.425) {
        r = 0.180625 - q * q;
        num = a;
        den = b;
        v = q;
    } else {
        r = q < 0 ? p : 1.0 - p; /* 1 - p is exact for p >= 1/2 */
        r = sqrt(-log(r));
        if (r <= 5.0) {
            r -= 1.6;
            num = c;
            den = d;
        } else {
            r -= 5.0;
            num = e;
            den = f;
        }
        v = q < 0 ? -1.0 : 1.0;
    }
    double pn = num[7], pd = den[7];
    for (int i = 6; i >= 0; i--) {
        pn = pn * r + num[i];
        pd = pd * r + den[i];
    }
    return v * pn / pd;
}

int sc_normal_quantile(double *out, double p)
{
    if (!out || !(p > 0.0 && p < 1.0))
        return SC_EINVAL;
    *out = ppnd16(p);
    return SC_OK;
}

/* ================================================================== log-gamma pieces */

/* Stirling's error term: se(z) = ln Gamma(z + 1) - (z + 1/2) ln z + z - ln sqrt(2 pi), z > 0.
 * For z > 15 the asymptotic series (the next term is below 3e-16 there); for smaller z the
 * recurrence: with w = z + N > 15, ln Gamma(z + 1) = ln Gamma(w + 1) - ln prod_{j=1..N}(z + j). */
static double stirlerr(double z)
{
    static const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                        s4 = 1.0 / 1188;
    if (z > 15.0) {
        double zz = z * z;
        if (z > 500.0)
            return (s0 - s1 / zz) / z;
        if (z > 80.0)
            return (s0 - (s1 - s2 / zz) / zz) / z;
        if (z > 35.0)
            return (s0 - (s1 - (s2 - s3 / zz) / zz) / zz) / z;
        return (s0 - (s1 - (s2 - (s3 - s4 / zz) / zz) / zz) / zz) / z;
    }
    int n = (int)(15.0 - z) + 1; /* w = z + n > 15 */
    double w = z + n, prod = 1.0;
    for (int j = 1; j <= n; j++)
        prod *= z + j;
    /* ln Gamma(w+1) = (w + 1/2) ln w - w + ln sqrt(2 pi) + se(w) */
    return (w + 0.5) * log(w) - (z + 0.5) * log(z) - n + stirlerr(w) - log(prod);
}

/* ln Gamma(z), z > 0 (used only for starting values). */
static double lngamma(double z)
{
    return (z - 0.5) * log(z) - z + LN_SQRT_2PI + stirlerr(z);
}

/* Deviance term bd0(x, m) = x ln(x/m) + m - x >= 0 for x >= 0, m >= 0 (Loader 2000), with a
 * series in v = (x - m)/(x + m) where the two terms nearly cancel. */
static double bd0(double x, double m)
{
    if (x == 0.0)
        return m;
    if (!(m > 0.0))
        return INFINITY;
    if (fabs(x - m) < 0.1 * (x + m)) {
        double v = (x - m) / (x + m), s = (x - m) * v, ej = 2.0 * x * v, v2 = v * v;
        for (int j = 1; j < 200; j++) {
            ej *= v2;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                break;
            s = s1;
        }
        return s;
    }
    double r = x / m;
    double l = (r > DBL_MIN && r < DBL_MAX) ? log(r) : log(x) - log(m);
    return x * l + m - x;
}

/* ================================================================== incomplete beta */

/* bd0(x, m) given also d = m - x, which is accurate when it is small against m (1e12 + 2e6
 * against 1e12): the series branch, the only one sensitive to m - x, uses d. */
static double bd0_offset(double x, double m, double d)
{
    if (!(m > 0.0))
        return INFINITY;
    if (fabs(d) < 0.1 * (x + m)) {
        double v = -d / (x + m), s = -d * v, ej = 2.0 * x * v, v2 = v * v;
        for (int j = 1; j < 200; j++) {
            ej *= v2;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                break;
            s = s1;
        }
        return s;
    }
    return bd0(x, m);
}

/* ln( x^a (1-x)^b / B(a, b) ), 0 < x < 1:
 *   -bd0(a, n x) - bd0(b, n (1-x)) + ln sqrt(a b / n) - ln sqrt(2 pi) - se(a) - se(b) + se(n),
 * n = a + b, which follows from ln Gamma(z) = (z - 1/2) ln z - z + ln sqrt(2 pi) + se(z).
 * With d = n x - a (one rounding, by fma), n (1 - x) = b - d: for x < 1/2 this is how n (1 - x)
 * is formed, since 1 - x in double would lose the digits of a tiny x (for x >= 1/2, 1 - x is
 * exact). */
static double beta_log_front(double a, double b, double x)
{
    double n = a + b, d = fma(n, x, -a);
    double mb = x < 0.5 ? b - d : n * (1.0 - x);
    return -bd0_offset(a, n * x, d) - bd0_offset(b, mb, -d) + 0.5 * (log(a) + log(b / n)) -
           LN_SQRT_2PI - stirlerr(a) - stirlerr(b) + stirlerr(n);
}

/* The power series I_x(a, b) = front / a * sum_{j>=0} t_j, t_0 = 1,
 * t_{j+1} = t_j x (a + b + j) / (a + 1 + j)   (Abramowitz and Stegun 26.5.4, the
 * hypergeometric series 2F1(a + b, 1; a + 1; x)). Positive terms, used for small x above
 * the mean, where the continued fraction would need 1 - x. Returns the sum. */
static double beta_series(double a, double b, double x)
{
    double t = 1.0, sum = 1.0, ab = a + b, a1 = a + 1.0;
    for (double j = 0.0; j < 1e10; j += 1.0) {
        t *= x * (ab + j) / (a1 + j);
        sum += t;
        if (t < sum * CF_EPS && x * (ab + j) < (a1 + j))
            break;
        if (isinf(sum))
            break;
    }
    return sum;
}

/* The continued fraction of I_x(a, b) (NR 3rd ed. eq. 6.4.5, "betacf"), modified Lentz;
 * I_x(a, b) = front * betacf / a. Converges quickly for x < (a + 1) / (a + b + 2). */
static double betacf(double a, double b, double x)
{
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap, h;
    if (fabs(d) < FPMIN)
        d = FPMIN;
    d = 1.0 / d;
    h = d;
    for (double m = 1.0; m < 1e10; m += 1.0) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < FPMIN)
            d = FPMIN;
        c = 1.0 + aa / c;
        if (fabs(c) < FPMIN)
            c = FPMIN;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < FPMIN)
            d = FPMIN;
        c = 1.0 + aa / c;
        if (fabs(c) < FPMIN)
            c = FPMIN;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) <= CF_EPS)
            break;
    }
    return h;
}

/* ================================================================== incomplete gamma */

/* ln( x^a e^-x / Gamma(a) ) = -bd0(a, x) + ln sqrt(a) - ln sqrt(2 pi) - se(a), x > 0. */
static double gamma_log_front(double a, double x)
{
    return -bd0(a, x) + 0.5 * log(a) - LN_SQRT_2PI - stirlerr(a);
}

/* P(a, x) = front * sum_{n>=0} x^n / (a (a+1) ... (a+n))   (NR eq. 6.2.5, "gser"). */
static double gamma_series(double a, double x)
{
    double ap = a, del = 1.0 / a, sum = del;
    for (long i = 0; i < 4000000000L; i++) {
        ap += 1.0;
        del *= x / ap;
        sum += del;
        if (del < sum * CF_EPS)
            break;
    }
    return sum;
}

/* Q(a, x) = front * cf, the continued fraction of NR eq. 6.2.7 ("gcf"), modified Lentz. */
static double gamma_cf(double a, double x)
{
    double b = x + 1.0 - a, c = 1.0 / FPMIN, d = 1.0 / b, h = d;
    for (double i = 1.0; i < 1e10; i += 1.0) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < FPMIN)
            d = FPMIN;
        c = b + an / c;
        if (fabs(c) < FPMIN)
            c = FPMIN;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) <= CF_EPS)
            break;
    }
    return h;
}

/* ================================================================== root finding */

/* Evaluates at x: *r = F(x) - p (its sign is what matters; computed from the tail that is
 * accurate) and *dens = F'(x) >= 0. */
typedef void (*eval_fn)(const void *ctx, double x, double *r, double *dens);

/* Finds x in (lo, hi) with F(x) = p, F increasing, starting from x0 in (lo, hi); hi may be
 * +infinity. Newton steps are taken when they stay inside the bracket and at least halve the
 * step before last (as in NR's rtsafe); otherwise the bracket is bisected, geometrically when
 * its ends differ by more than a factor of 4 (the quantiles span many decades). */
static double solve(eval_fn eval, const void *ctx, double x0, double lo, double hi)
{
    double x = x0, dxold = INFINITY, dx = INFINITY;
    for (int it = 0; it < 400; it++) {
        double r, f, xn;
        eval(ctx, x, &r, &f);
        if (r == 0.0)
            return x;
        if (r < 0.0)
            lo = x;
        else
            hi = x;
        xn = (f > 0.0 && isfinite(f)) ? x - r / f : NAN;
        if (!(xn > lo && xn < hi) || fabs(xn - x) > 0.5 * fabs(dxold)) {
            if (isinf(hi))
                xn = x > 0.0 ? 4.0 * x : 1.0;
            else if (lo > 0.0 && hi > 4.0 * lo)
                xn = sqrt(lo) * sqrt(hi);
            else if (lo == 0.0 && hi > 1e-300)
                xn = hi / 16.0;
            else
                xn = lo + 0.5 * (hi - lo);
        }
        dxold = dx;
        dx = xn - x;
        if (fabs(dx) <= SOLVE_RTOL * fabs(xn) || (isfinite(hi) && hi - lo <= SOLVE_RTOL * hi) ||
            xn == 0.0) {
            /* one last Newton step from a bracketing point is already in xn */
            return xn;
        }
        x = xn;
    }
    return x;
}

/* ================================================================== beta quantile */

typedef struct beta_ctx {
    double a, b, p, q; /* solve I_x(a, b) = p, q = 1 - p */
} beta_ctx;

static void beta_eval(const void *vctx, double x, double *r, double *dens)
{
    const beta_ctx *c = vctx;
    double y = 1.0 - x;
    if (x <= 0.0 || y <= 0.0) {
        *r = x <= 0.0 ? -c->p : c->q;
        *dens = 0.0;
        return;
    }
    double front = exp(beta_log_front(c->a, c->b, x));
    if (x < (c->a + 1.0) / (c->a + c->b + 2.0))
        *r = front * betacf(c->a, c->b, x) / c->a - c->p;
    else {
        /* Above the mean: the series in x, unless the upper tail it leaves is smaller than x,
         * in which case the continued fraction in y = 1 - x is the more accurate (the
         * rounding of y costs a relative 1e-16 / x, the subtraction 1e-16 / (1 - I)). */
        double s = x < 0.125 ? beta_series(c->a, c->b, x) : INFINITY;
        double in = front * s / c->a;
        if (isfinite(in) && 1.0 - in >= x)
            *r = in - c->p;
        else
            *r = c->q - front * betacf(c->b, c->a, y) / c->b;
    }
    *dens = front / (x * y);
}

/* The beta quantile: *x with I_x(a, b) = p and *y = 1 - *x, each to full relative precision;
 * p + q = 1, 0 < p < 1. */
static void beta_inv(double p, double q, double a, double b, double *x, double *y)
{
    double gx, gy;

    /* closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b */
    if (b == 1.0) {
        double l = (p < 0.5 ? log(p) : log1p(-q)) / a;
        *x = exp(l);
        *y = -expm1(l);
        return;
    }
    if (a == 1.0) {
        double l = (q < 0.5 ? log(q) : log1p(-p)) / b;
        *y = exp(l);
        *x = -expm1(l);
        return;
    }

    /* starting value (NR 3rd ed. "invbetai", after Abramowitz and Stegun 26.5.22) */
    if (a >= 1.0 && b >= 1.0) {
        double zz = p < 0.5 ? -ppnd16(p) : ppnd16(q); /* upper quantile, >= 0 for p < 1/2 */
        double al = (zz * zz - 3.0) / 6.0;
        double h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
        double w = zz * sqrt(al + h) / h -
                   (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
        if (2.0 * w > 700.0) {
            gx = a / b * exp(-2.0 * w);
            gy = 1.0;
        } else if (2.0 * w < -700.0) {
            gx = 1.0;
            gy = b / a * exp(2.0 * w);
        } else {
            double e2 = b * exp(2.0 * w);
            gx = a / (a + e2);
            gy = e2 / (a + e2);
        }
    } else {
        double lna = log(a / (a + b)), lnb = log(b / (a + b));
        double t = exp(a * lna) / a, u = exp(b * lnb) / b, w = t + u;
        if (p < t / w) {
            gx = pow(a * w * p, 1.0 / a);
            gy = 1.0 - gx;
        } else {
            gy = pow(b * w * q, 1.0 / b);
            gx = 1.0 - gy;
        }
    }
    if (!(gx >= 0.0 && gx <= 1.0) || !(gy >= 0.0 && gy <= 1.0) || gx + gy == 0.0) {
        gx = a / (a + b);
        gy = b / (a + b);
    }

    if (gx <= gy) {
        beta_ctx c = {a, b, p, q};
        *x = solve(beta_eval, &c, gx > 0.0 ? gx : DBL_MIN, 0.0, 1.0);
        *y = 1.0 - *x;
    } else {
        /* 1 - X ~ Beta(b, a): solve for the smaller 1 - x */
        beta_ctx c = {b, a, q, p};
        *y = solve(beta_eval, &c, gy > 0.0 ? gy : DBL_MIN, 0.0, 1.0);
        *x = 1.0 - *y;
    }
}

int sc_beta_quantile(double *out, double p, double a, double b)
{
    double x, y;
    if (!out || !(p >= 0.0 && p <= 1.0) || !(a > 0.0 && isfinite(a)) ||
        !(b > 0.0 && isfinite(b)))
        return SC_EINVAL;
    if (p == 0.0) {
        *out = 0.0;
        return SC_OK;
    }
    if (p == 1.0) {
        *out = 1.0;
        return SC_OK;
    }
    beta_inv(p, 1.0 - p, a, b, &x, &y);
    *out = x;
    return SC_OK;
}

/* ================================================================== gamma quantile */

typedef struct gamma_ctx {
    double a, p, q; /* solve P(a, x) = p, q = 1 - p */
} gamma_ctx;

static void gamma_eval(const void *vctx, double x, double *r, double *dens)
{
    const gamma_ctx *c = vctx;
    if (x <= 0.0) {
        *r = -c->p;
        *dens = 0.0;
        return;
    }
    if (isinf(x)) {
        *r = c->q;
        *dens = 0.0;
        return;
    }
    double front = exp(gamma_log_front(c->a, x));
    if (x < c->a + 1.0)
        *r = front * gamma_series(c->a, x) - c->p;
    else
        *r = c->q - front * gamma_cf(c->a, x);
    *dens = front / x;
}

/* The gamma quantile (shape a, scale 1) at p, q = 1 - p, 0 < p < 1. */
static double gamma_inv(double p, double q, double a)
{
    double g;
    if (a == 1.0) /* P(1, x) = 1 - e^-x */
        return p < 0.5 ? -log1p(-p) : -log(q);
    if (a > 1.0) {
        /* Wilson-Hilferty: chi-square cube-root normal approximation */
        double z = p < 0.5 ? ppnd16(p) : -ppnd16(q);
        double t = 1.0 - 1.0 / (9.0 * a) + z / (3.0 * sqrt(a));
        g = a * t * t * t;
        if (!(g > 0.0) || g < 0.01 * a) /* far left tail: P(a, x) ~ x^a / Gamma(a + 1) */
            g = exp((log(p) + lngamma(a + 1.0)) / a);
    } else {
        /* NR 3rd ed. "invgammp" for a < 1 */
        double t = 1.0 - a * (0.253 + a * 0.12);
        if (p < t)
            g = pow(p / t, 1.0 / a);
        else
            g = 1.0 - log(q / (1.0 - t));
    }
    if (!(g > 0.0) || !isfinite(g))
        g = a;
    if (g == 0.0)
        return 0.0;
    gamma_ctx c = {a, p, q};
    return solve(gamma_eval, &c, g, 0.0, INFINITY);
}

int sc_gamma_quantile(double *out, double p, double a)
{
    if (!out || !(p >= 0.0 && p < 1.0) || !(a > 0.0 && isfinite(a)))
        return SC_EINVAL;
    if (p == 0.0) {
        *out = 0.0;
        return SC_OK;
    }
    *out = gamma_inv(p, 1.0 - p, a);
    return SC_OK;
}

/* ================================================================== intervals */

/* Checks level; sets *alpha2 = (1 - level) / 2 and, when z is not NULL, *z = the upper alpha/2
 * normal quantile. */
static int check_level(double level, double *alpha2, double *z, sc_error *err)
{
    if (!(level > 0.0 && level < 1.0))
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "confidence level %g is not between 0 and 1 (exclusive)", level);
    *alpha2 = (1.0 - level) / 2.0;
    if (z)
        *z = -ppnd16(*alpha2); /* from the small tail: accurate for levels near 1 */
    return SC_OK;
}

static int check_exposure(double t, const char *name, sc_error *err)
{
    if (!(t > 0.0 && isfinite(t)))
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "%s = %g is not a positive, finite exposure", name, t);
    return SC_OK;
}

int sc_proportion_interval(sc_interval *out, uint64_t k, uint64_t n, double level,
                           sc_method method, sc_error *err)
{
    double alpha2 = 0.0, z = 0.0, low, high;
    int rc;

    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL out in sc_proportion_interval");
    if (n == 0)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "number of trials n is 0");
    if (k > n)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "successes k = %llu exceed trials n = %llu", (unsigned long long)k,
                         (unsigned long long)n);
    if (method != SC_METHOD_WILSON && method != SC_METHOD_CLOPPER_PEARSON)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "method %d is not wilson or clopper-pearson for a proportion",
                         (int)method);
    if ((rc = check_level(level, &alpha2, &z, err)) != SC_OK)
        return rc;

    double dk = (double)k, dn = (double)n, dm = (double)(n - k); /* m = n - k, exact */
    if (method == SC_METHOD_WILSON) {
        /* Multiplied through by n: centre = (k + z^2/2) / (n + z^2),
         * half = z sqrt(k m / n + z^2/4) / (n + z^2). The upper bound is a sum of positive
         * terms; the lower one is rewritten without cancellation using
         * (A - B)(A + B) = A^2 - B^2 = k^2 (n + z^2) / n, with A = k + z^2/2, B = z sqrt(...):
         *   low = k^2 / (n (A + B)),  and symmetrically 1 - high = m^2 / (n (A' + B)). */
        double z2 = z * z;
        double bb = z * sqrt(dk * (dm / dn) + z2 / 4.0);
        if (k == 0) {
            low = 0.0;
        } else {
            low = dk * (dk / dn) / (dk + z2 / 2.0 + bb);
        }
        if (k == n) {
            high = 1.0;
        } else {
            double hi_c = dm * (dm / dn) / (dm + z2 / 2.0 + bb); /* 1 - high */
            high = dk > dm ? 1.0 - hi_c : (dk + z2 / 2.0 + bb) / (dn + z2);
        }
        if (high > 1.0)
            high = 1.0;
        if (low < 0.0)
            low = 0.0;
    } else {
        double x, y;
        if (k == 0) {
            low = 0.0;
        } else {
            beta_inv(alpha2, 1.0 - alpha2, dk, dm + 1.0, &x, &y);
            low = x;
        }
        if (k == n) {
            high = 1.0;
        } else {
            beta_inv(1.0 - alpha2, alpha2, dk + 1.0, dm, &x, &y);
            high = x;
        }
    }
    out->estimate = dk / dn;
    out->low = low;
    out->high = high;
    out->level = level;
    out->method = method;
    return SC_OK;
}

int sc_poisson_interval(sc_interval *out, uint64_t k, double exposure, double level,
                        sc_error *err)
{
    double alpha2 = 0.0;
    int rc;

    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL out in sc_poisson_interval");
    if ((rc = check_exposure(exposure, "exposure", err)) != SC_OK)
        return rc;
    if ((rc = check_level(level, &alpha2, NULL, err)) != SC_OK)
        return rc;
    double dk = (double)k;
    out->estimate = dk / exposure;
    out->low = k == 0 ? 0.0 : gamma_inv(alpha2, 1.0 - alpha2, dk) / exposure;
    out->high = gamma_inv(1.0 - alpha2, alpha2, dk + 1.0) / exposure;
    out->level = level;
    out->method = SC_METHOD_POISSON_EXACT;
    return SC_OK;
}

int sc_rate_ratio_interval(sc_interval *out, uint64_t k1, double t1, uint64_t k2, double t2,
                           double level, sc_method method, sc_error *err)
{
    double alpha2 = 0.0, z = 0.0, low, high, est;
    int rc;

    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL out in sc_rate_ratio_interval");
    if ((rc = check_exposure(t1, "t1", err)) != SC_OK ||
        (rc = check_exposure(t2, "t2", err)) != SC_OK)
        return rc;
    if (method != SC_METHOD_LOG_WALD && method != SC_METHOD_EXACT_CONDITIONAL)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "method %d is not log-wald or exact-conditional for a rate ratio",
                         (int)method);
    if ((rc = check_level(level, &alpha2, &z, err)) != SC_OK)
        return rc;

    double d1 = (double)k1, d2 = (double)k2, tr = t1 / t2;
    if (method == SC_METHOD_LOG_WALD) {
        if (k1 == 0 || k2 == 0)
            return sci_error(err, SC_EDATA, NULL, 0, 0,
                             "log-Wald rate ratio needs both counts positive (k1 = %llu, "
                             "k2 = %llu)",
                             (unsigned long long)k1, (unsigned long long)k2);
        est = d2 / d1 * tr;
        double se = sqrt(1.0 / d1 + 1.0 / d2);
        low = est * exp(-z * se);
        high = est * exp(z * se);
    } else {
        if (k1 == 0 && k2 == 0)
            return sci_error(err, SC_EDATA, NULL, 0, 0,
                             "exact rate ratio undefined: both counts are 0");
        double x, y;
        est = k1 == 0 ? INFINITY : d2 / d1 * tr;
        /* p = k2 / (k1 + k2): Clopper-Pearson bounds pl, ph, mapped through p / (1 - p) with
         * 1 - p taken from the same inversion (accurate when p is near 1) */
        if (k2 == 0) {
            low = 0.0;
        } else {
            beta_inv(alpha2, 1.0 - alpha2, d2, d1 + 1.0, &x, &y);
            low = x / y * tr;
        }
        if (k1 == 0) {
            high = INFINITY;
        } else {
            beta_inv(1.0 - alpha2, alpha2, d2 + 1.0, d1, &x, &y);
            high = x / y * tr;
        }
    }
    /* extreme exposures can overflow or underflow even when each is finite: say so rather
     * than hand back an interval that means nothing (the documented infinities excepted) */
    int est_ok = k1 == 0 ? isinf(est) : (isfinite(est) && (est > 0.0 || k2 == 0));
    if (!est_ok || isnan(low) || isnan(high) || isinf(low) || (isinf(high) && k1 != 0) ||
        (low == 0.0 && k2 != 0) || high == 0.0)
        return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                         "rate ratio out of the range of doubles for these exposures");
    out->estimate = est;
    out->low = low;
    out->high = high;
    out->level = level;
    out->method = method;
    return SC_OK;
}

int sc_rate_difference_interval(sc_interval *out, uint64_t k1, double t1, uint64_t k2,
                                double t2, double level, sc_error *err)
{
    double alpha2 = 0.0, z = 0.0;
    int rc;

    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "NULL out in sc_rate_difference_interval");
    if ((rc = check_exposure(t1, "t1", err)) != SC_OK ||
        (rc = check_exposure(t2, "t2", err)) != SC_OK)
        return rc;
    if ((rc = check_level(level, &alpha2, &z, err)) != SC_OK)
        return rc;
    double d1 = (double)k1, d2 = (double)k2;
    double r1 = d1 / t1, r2 = d2 / t2;
    double d = r2 - r1, se = sqrt(r1 / t1 + r2 / t2);
    if (!isfinite(d) || !isfinite(se) || !isfinite(d - z * se) || !isfinite(d + z * se))
        return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                         "rate difference out of the range of doubles for these exposures");
    out->estimate = d;
    out->low = d - z * se;
    out->high = d + z * se;
    out->level = level;
    out->method = SC_METHOD_WALD;
    return SC_OK;
}
