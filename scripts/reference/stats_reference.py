"""Reference values for Akkhara's statistics, from the implementations the field uses.

Writes test/data/stats-reference.json: fixed inputs and what these libraries compute for them.
test/unit/statsReference.test.ts checks Akkhara's own code against it (to 1e-6).

  Krippendorff's alpha   NLTK's AnnotationTask.alpha (interval: nltk.metrics.distance.interval_distance;
                         ordinal: Krippendorff's ordinal distance from the values' frequencies, passed to NLTK)
  Cohen's kappa          scikit-learn's cohen_kappa_score(weights="quadratic", labels=the scale)
  Mann-Whitney U         SciPy's mannwhitneyu (defaults: two-sided, method="auto", use_continuity=True)
  Kruskal-Wallis H       SciPy's kruskal (tie-corrected H, chi-squared p)
  two proportions        statsmodels' proportions_ztest (pooled)
  McNemar                statsmodels' mcnemar(exact=True)
  chrF++                 sacreBLEU's CHRF(word_order=2), sentence_score and corpus_score

Regenerate (versions used are recorded in the file):
  python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install scipy scikit-learn statsmodels nltk sacrebleu numpy
  /tmp/refvenv/bin/python scripts/reference/stats_reference.py > test/data/stats-reference.json
"""
import json
import sys

import nltk
import numpy as np
import sacrebleu
import scipy
import sklearn
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import interval_distance
from sacrebleu.metrics import CHRF
from scipy.stats import kruskal, mannwhitneyu
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportions_ztest

rng = np.random.default_rng(20261205)


def ordinal_distance(data):
    """Krippendorff's ordinal metric over the values of `data` (all pairable here: no missing values)."""
    values = [v for row in data for v in row]
    levels = sorted(set(values))
    counts = {g: values.count(g) for g in levels}

    def distance(c, k):
        low, high = sorted((levels.index(c), levels.index(k)))
        span = sum(counts[g] for g in levels[low : high + 1])
        return (span - (counts[c] + counts[k]) / 2) ** 2

    return distance


def alpha(data, level):
    triples = [(f"judge{j}", f"unit{u}", v) for j, row in enumerate(data) for u, v in enumerate(row) if v is not None]
    distance = interval_distance if level == "interval" else ordinal_distance(data)
    return AnnotationTask(data=triples, distance=distance).alpha()


cases = {"versions": {
    "nltk": nltk.__version__, "scikit-learn": sklearn.__version__, "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__, "sacrebleu": sacrebleu.__version__, "numpy": np.__version__,
}}

alpha_cases = []
for judges, units, scale in [(2, 20, 5), (3, 30, 5), (4, 12, 5), (3, 50, 5)]:
    base = rng.integers(0, scale, units)
    data = [[int(min(scale - 1, max(0, b + rng.integers(-1, 2)))) for b in base] for _ in range(judges)]
    for level in ("interval", "ordinal"):
        alpha_cases.append({"ratings": data, "level": level, "alpha": alpha(data, level)})
# Missing values (interval level): units a judge did not score.
data = [[int(v) for v in rng.integers(0, 5, 15)] for _ in range(3)]
with_missing = [[None if (u + j) % 7 == 0 else v for u, v in enumerate(row)] for j, row in enumerate(data)]
alpha_cases.append({"ratings": with_missing, "level": "interval", "alpha": alpha(with_missing, "interval")})
cases["alpha"] = alpha_cases

kappa_cases = []
for n, scale in [(20, 5), (40, 5), (25, 5), (30, 3)]:
    a = rng.integers(0, scale, n)
    b = np.clip(a + rng.integers(-1, 2, n), 0, scale - 1)
    labels = list(range(scale))
    kappa_cases.append({
        "a": [int(v) for v in a], "b": [int(v) for v in b], "scale": labels,
        "kappa": cohen_kappa_score(a, b, weights="quadratic", labels=labels),
    })
cases["kappa"] = kappa_cases

mwu_cases = []
for x, y in [
    ([1.5, 2.0, 3.25, 4.0], [2.5, 3.5, 5.0, 6.0, 7.0]),  # small, no ties: exact
    ([0.1, 0.4, 0.9], [0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 1.0, 1.1, 1.2, 1.3]),  # exact, one sample ≤ 8
    ([1, 2, 2, 3, 4], [2, 3, 3, 4, 4, 4]),  # ties: asymptotic
]:
    r = mannwhitneyu(x, y)
    mwu_cases.append({"x": x, "y": y, "statistic": float(r.statistic), "p": float(r.pvalue)})
for n1, n2 in [(20, 25), (40, 40), (12, 30)]:
    x = [int(v) for v in rng.integers(0, 5, n1)]
    y = [int(v) for v in rng.integers(1, 5, n2)]
    r = mannwhitneyu(x, y)
    mwu_cases.append({"x": x, "y": y, "statistic": float(r.statistic), "p": float(r.pvalue)})
cases["mannWhitneyU"] = mwu_cases

# Kruskal-Wallis: rubric scores of several judges or languages (integers 0-4: many ties), and
# continuous values with none.
kw_cases = []
for sizes, high in [((20, 25, 30), 5), ((12, 12), 5), ((40, 35, 38, 30), 5), ((8, 9, 10), 3), ((15, 6, 22), 5)]:
    groups = [[int(v) for v in rng.integers(0 if i % 2 else 1, high, n)] for i, n in enumerate(sizes)]
    r = kruskal(*groups)
    kw_cases.append({"samples": groups, "statistic": float(r.statistic), "p": float(r.pvalue)})
for sizes in [(10, 14, 9), (30, 30)]:
    groups = [[float(round(v, 4)) for v in rng.normal(i * 0.4, 1, n)] for i, n in enumerate(sizes)]
    r = kruskal(*groups)
    kw_cases.append({"samples": groups, "statistic": float(r.statistic), "p": float(r.pvalue)})
cases["kruskalWallis"] = kw_cases

prop_cases = []
for c1, n1, c2, n2 in [(40, 164, 55, 164), (10, 50, 12, 50), (80, 100, 60, 100)]:
    z, p = proportions_ztest([c1, c2], [n1, n2])
    prop_cases.append({"c1": c1, "n1": n1, "c2": c2, "n2": n2, "z": float(z), "p": float(p)})
cases["twoProportions"] = prop_cases

mcnemar_cases = []
for only_first, only_second in [(5, 12), (0, 3), (30, 18), (7, 7)]:
    result = mcnemar([[50, only_first], [only_second, 40]], exact=True)
    mcnemar_cases.append({"onlyFirst": only_first, "onlySecond": only_second, "statistic": float(result.statistic), "p": float(result.pvalue)})
cases["mcnemar"] = mcnemar_cases

chrf = CHRF(word_order=2)
pairs = [
    ("def add(a, b):\n    return a + b", "def add(a, b):\n    return a+b"),
    ("ဤ function သည် ကိန်းနှစ်ခုကို ပေါင်းသည်။", "ဤ function က ကိန်းနှစ်ခု ပေါင်းလဒ်ကို ပြန်ပေးသည်။"),
    ("এই ফাংশনটি দুটি সংখ্যা যোগ করে।", "এই ফাংশন দুটি সংখ্যার যোগফল ফেরত দেয়।"),
    ("(hello) world!", "hello, world"),
    ("x", "completely different"),
    ("", "something"),
    ("return sorted(set(xs))", "return sorted(list(set(xs)))"),
]
cases["chrf"] = {
    "sentences": [{"hypothesis": h, "reference": r, "score": chrf.sentence_score(h, [r]).score} for h, r in pairs],
    "corpus": {"pairs": pairs, "score": chrf.corpus_score([h for h, _ in pairs], [[r for _, r in pairs]]).score},
}

json.dump(cases, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
