"""Independent reference for crmkit's campaign statistics (src/campaigns/stats.rs).

Reads the hand-designed inputs in tests/fixtures/reference/campaign_stats_cases.json and writes
every expected number to tests/fixtures/reference/campaign_stats_expected.json, computed with:

  wilson            statsmodels proportion_confint(k, n, alpha=0.05, method='wilson')
  two_proportions   statsmodels proportions_ztest([k1, k0], [n1, n0]) (two-sided, value 0,
                    prop_var=False) and confint_proportions_2indep(k1, n1, k0, n0,
                    compare='diff', method='wald' / 'newcomb'); rate, diff and lift by definition
                    (lift NaN when the baseline rate is 0)
  welch             scipy stats.ttest_ind(arm, baseline, equal_var=False) on the raw values (t,
                    p, df, confidence_interval(0.95)), checked against ttest_ind_from_stats with
                    the ddof=1 standard deviations
  mantel_haenszel   statsmodels StratifiedTable: oddsratio_pooled, oddsratio_pooled_confint(),
                    riskratio_pooled, test_null_odds(correction=False); the MH risk difference
                    (weights n1*n0/N) and its Greenland & Robins (1985) variance
                    sum(a*b*n0**3 + c*d*n1**3) / (n1*n0*N**2)) / (sum n1*n0/N)**2 with numpy,
                    since statsmodels has no such estimator
  holm              statsmodels multipletests(p, method='holm')[1]
  normal            scipy stats.norm.cdf / stats.norm.sf, and the same at 40 digits with mpmath
                    (erfc), because scipy's own tail is off by ~1e-13 relative near |x| = 37
  student_t_*       scipy stats.t.sf / stats.t.ppf

Conventions the Rust side documents, applied here around the libraries (never instead of them):
  - Mantel-Haenszel: tables with a row total of 0 are dropped before StratifiedTable (they add
    exactly 0 to every statsmodels sum, except that N = 0 makes all of statsmodels' results NaN
    and N = 1 makes its chi2 NaN); the script asserts that statsmodels on all tables agrees with
    statsmodels on the kept ones wherever the former is not NaN. 'strata' = tables kept; with none
    kept every result is NaN. p_value is statsmodels' 1 - chi2.cdf; p_value_sf is
    scipy chi2.sf(statistic, 1), the same quantity without the cancellation for small p.
  - Holm: NaN p-values are removed before multipletests (which would count them in m) and put
    back as NaN.
  - Two proportions with an empty arm: the libraries are called with float64 counts so that
    0/0 gives NaN instead of raising.

NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".

Produced with Python 3.11.7, statsmodels 0.15.0, scipy 1.17.1, numpy 2.4.6, mpmath 1.3.0
(python3 -c "import statsmodels, scipy, numpy, mpmath; print(statsmodels.__version__,
scipy.__version__, numpy.__version__, mpmath.__version__)"), by:

    python3 scripts/reference/campaign_stats.py \
        tests/fixtures/reference/campaign_stats_cases.json \
        tests/fixtures/reference/campaign_stats_expected.json
"""
import json
import math
import sys
import warnings

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

warnings.simplefilter("ignore")  # the degenerate cases divide by zero on purpose


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def parse(x):
    return float("nan") if x == "NaN" else float(x)


def same(x, y):
    x, y = float(x), float(y)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y or abs(x - y) <= 1e-12 * max(abs(x), abs(y))


def wilson(case):
    low, high = proportion_confint(case["k"], case["n"], alpha=0.05, method="wilson")
    return {"low": num(low), "high": num(high)}


def two_proportions(case):
    k1, n1, k0, n0 = (np.float64(case[key]) for key in ("k1", "n1", "k0", "n0"))
    rate, baseline = k1 / n1, k0 / n0
    diff = rate - baseline
    lift = diff / baseline if baseline != 0 else float("nan")
    z, p = proportions_ztest(np.array([k1, k0]), np.array([n1, n0]))
    wald = confint_proportions_2indep(k1, n1, k0, n0, compare="diff", method="wald")
    newcombe = confint_proportions_2indep(k1, n1, k0, n0, compare="diff", method="newcomb")
    return {
        "rate": num(rate), "baselineRate": num(baseline), "diff": num(diff), "lift": num(lift),
        "z": num(z), "pValue": num(p),
        "waldLow": num(wald[0]), "waldHigh": num(wald[1]),
        "newcombeLow": num(newcombe[0]), "newcombeHigh": num(newcombe[1]),
    }


def welch(case):
    arm = np.array(case["arm"], dtype=float)
    base = np.array(case["baseline"], dtype=float)
    res = stats.ttest_ind(arm, base, equal_var=False)
    ci = res.confidence_interval(0.95)
    from_stats = stats.ttest_ind_from_stats(
        arm.mean(), arm.std(ddof=1), len(arm), base.mean(), base.std(ddof=1), len(base),
        equal_var=False,
    )
    assert same(from_stats.statistic, res.statistic) and same(from_stats.pvalue, res.pvalue), case["name"]
    return {
        "mean": num(arm.mean()), "baselineMean": num(base.mean()),
        "diff": num(arm.mean() - base.mean()),
        "t": num(res.statistic), "df": num(res.df), "pValue": num(res.pvalue),
        "low": num(ci.low), "high": num(ci.high),
    }


def stratified(tables):
    st = StratifiedTable([np.array(t, dtype=float).reshape(2, 2) for t in tables])
    null = st.test_null_odds(correction=False)
    low, high = st.oddsratio_pooled_confint()
    return {
        "oddsRatio": st.oddsratio_pooled, "oddsRatioLow": low, "oddsRatioHigh": high,
        "riskRatio": st.riskratio_pooled, "chi2": null.statistic, "pValue": null.pvalue,
    }


def risk_difference(tables):
    t = np.array(tables, dtype=float)
    a, b, c, d = t[:, 0], t[:, 1], t[:, 2], t[:, 3]
    n1, n0 = a + b, c + d
    n = n1 + n0
    w = n1 * n0 / n
    rd = np.sum(w * (a / n1 - c / n0)) / np.sum(w)
    var = np.sum((a * b * n0**3 + c * d * n1**3) / (n1 * n0 * n**2)) / np.sum(w) ** 2
    z = stats.norm.ppf(0.975)
    return rd, rd - z * np.sqrt(var), rd + z * np.sqrt(var)


def mantel_haenszel(case):
    tables = case["strata"]
    kept = [t for t in tables if t[0] + t[1] > 0 and t[2] + t[3] > 0]
    if not kept:
        nan = float("nan")
        out = dict.fromkeys(
            ["oddsRatio", "oddsRatioLow", "oddsRatioHigh", "riskRatio", "riskDifference",
             "riskDifferenceLow", "riskDifferenceHigh", "chi2", "pValue", "pValueSf"], nan)
        out = {k: num(v) for k, v in out.items()}
        out["strata"] = 0
        return out
    res = stratified(kept)
    if len(kept) < len(tables):
        everything = stratified(tables)
        for key, value in everything.items():
            assert math.isnan(value) or same(value, res[key]), (case["name"], key)
    rd, rd_low, rd_high = risk_difference(kept)
    out = {k: num(v) for k, v in res.items()}
    out.update({
        "riskDifference": num(rd), "riskDifferenceLow": num(rd_low),
        "riskDifferenceHigh": num(rd_high),
        "pValueSf": num(stats.chi2.sf(res["chi2"], 1)),
        "strata": len(kept),
    })
    return out


def holm(case):
    p = np.array([parse(x) for x in case["p"]], dtype=float)
    out = np.full(len(p), np.nan)
    keep = ~np.isnan(p)
    if keep.any():
        out[keep] = multipletests(p[keep], method="holm")[1]
    return {"adjusted": [num(x) for x in out]}


def normal_mp(x):
    with mpmath.workdps(40):
        half = mpmath.erfc(-mpmath.mpf(x) / mpmath.sqrt(2)) / 2
        upper = mpmath.erfc(mpmath.mpf(x) / mpmath.sqrt(2)) / 2
        return {"cdfMp": num(float(half)), "sfMp": num(float(upper))}


def main(cases_path, out_path):
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    expected = {
        "versions": {
            "python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
            "scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__,
        },
        "wilson": {c["name"]: wilson(c) for c in cases["wilson"]},
        "two_proportions": {c["name"]: two_proportions(c) for c in cases["two_proportions"]},
        "welch": {c["name"]: welch(c) for c in cases["welch"]},
        "mantel_haenszel": {c["name"]: mantel_haenszel(c) for c in cases["mantel_haenszel"]},
        "holm": {c["name"]: holm(c) for c in cases["holm"]},
        "normal": [
            {"x": x, "cdf": num(stats.norm.cdf(x)), "sf": num(stats.norm.sf(x)), **normal_mp(x)}
            for x in cases["normal"]
        ],
        "student_t_sf": [
            {"t": c["t"], "df": c["df"], "sf": num(stats.t.sf(c["t"], c["df"]))}
            for c in cases["student_t_sf"]
        ],
        "student_t_quantile": [
            {"p": c["p"], "df": c["df"], "q": num(stats.t.ppf(c["p"], c["df"]))}
            for c in cases["student_t_quantile"]
        ],
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, allow_nan=False)
        f.write("\n")
    counts = {k: len(v) for k, v in expected.items() if k != "versions"}
    print(f"wrote {out_path}: {counts}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
