"""Statistics: expected values computed here from the published formulas (with
statistics.NormalDist for z) or exact closed forms, not from the library."""
import math
from statistics import NormalDist

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low

Z = NormalDist().inv_cdf(0.975)


def wilson(k, n, z=Z):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_proportion_wilson():
    iv = sc.proportion(5, 10)
    lo, hi = wilson(5, 10)
    assert iv.estimate == 0.5 and iv.level == 0.95 and iv.method == "wilson"
    assert iv.low == pytest.approx(lo, rel=1e-12) and iv.high == pytest.approx(hi, rel=1e-12)
    assert iv.breaks == ()
    with pytest.raises(AttributeError):
        iv.low = 0  # immutable
    full = sc.proportion(22676, 22676)
    assert full.high == 1.0 and full.low == pytest.approx(wilson(22676, 22676)[0], rel=1e-9)


def test_proportion_clopper_pearson():
    # k = 0: high = 1 - (alpha/2)^(1/n); k = n: low = (alpha/2)^(1/n).
    iv = sc.proportion(0, 10, method="clopper-pearson")
    assert iv.low == 0 and iv.high == pytest.approx(1 - 0.025 ** 0.1, rel=1e-10)
    iv = sc.proportion(10, 10, level=0.9, method=sc.Method.CLOPPER_PEARSON)
    assert iv.high == 1 and iv.low == pytest.approx(0.05 ** 0.1, rel=1e-10)
    assert iv.level == 0.9 and iv.method == "clopper-pearson"
    with pytest.raises(ValueError):
        sc.proportion(1, 2, method="wald")
    with pytest.raises(sc.InvalidArgumentError):
        sc.proportion(1, 2, level=1.5)


def test_poisson():
    # k = 0: high = -ln(alpha/2) / exposure (gamma quantile with shape 1).
    iv = sc.poisson(0, 2.0)
    assert iv.low == 0 and iv.high == pytest.approx(-math.log(0.025) / 2, rel=1e-12)
    assert iv.method == "poisson-exact"
    with pytest.raises(sc.InvalidArgumentError):
        sc.poisson(1, 0.0)


def test_rate_ratio_and_difference():
    iv = sc.rate_ratio(100, 10.0, 200, 10.0)
    se = math.sqrt(1 / 100 + 1 / 200)
    assert iv.estimate == pytest.approx(2.0)
    assert iv.low == pytest.approx(2 * math.exp(-Z * se), rel=1e-12)
    assert iv.high == pytest.approx(2 * math.exp(Z * se), rel=1e-12)
    assert iv.method == "log-wald"
    with pytest.raises(sc.DataError):
        sc.rate_ratio(0, 1.0, 5, 1.0)
    ex = sc.rate_ratio(0, 1.0, 5, 1.0, method="exact-conditional")
    assert ex.high == math.inf and ex.estimate == math.inf
    d = sc.rate_difference(100, 10.0, 200, 10.0)
    half = Z * math.sqrt(100 / 100 + 200 / 100)
    assert d.estimate == pytest.approx(10.0)
    assert (d.low, d.high) == (pytest.approx(10 - half), pytest.approx(10 + half))
    assert d.method == "wald"


def test_quantiles():
    assert sc.normal_quantile(0.975) == pytest.approx(Z, rel=1e-14)
    assert sc.beta_quantile(0.25, 1, 1) == pytest.approx(0.25)  # uniform
    assert sc.beta_quantile(0.5, 2, 1) == pytest.approx(math.sqrt(0.5))  # x^2
    assert sc.gamma_quantile(0.5, 1) == pytest.approx(math.log(2))  # exponential
    with pytest.raises(sc.InvalidArgumentError):
        sc.normal_quantile(1.0)
    with pytest.raises(sc.InvalidArgumentError):
        sc.beta_quantile(0.5, 0, 1)
    with pytest.raises(sc.InvalidArgumentError):
        sc.gamma_quantile(1.0, 1)


def test_methods():
    assert [str(m) for m in sc.Method] == ["wilson", "clopper-pearson", "poisson-exact",
                                           "log-wald", "exact-conditional", "wald"]
    assert low.sc_method_name(99) == "unknown"
    assert low.sc_proportion_interval(1, 2, 0.95, low.SC_METHOD_WILSON)[0] == 0.5
    assert low.sc_poisson_interval(4, 2.0, 0.95)[0] == 2.0
    assert low.sc_rate_ratio_interval(1, 1.0, 2, 1.0, 0.95, low.SC_METHOD_LOG_WALD)[0] == 2.0
    assert low.sc_rate_difference_interval(1, 1.0, 2, 1.0, 0.95)[0] == 1.0
    assert low.sc_normal_quantile(0.5) == 0.0
    assert low.sc_beta_quantile(1.0, 2.0, 3.0) == 1.0
    assert low.sc_gamma_quantile(0.0, 2.0) == 0.0
    with pytest.raises(OverflowError):
        sc.proportion(-1, 2)
