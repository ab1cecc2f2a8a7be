"""Oracle fixtures for sharedvis compare's map agreement (MapAgreementTest): scipy.stats.spearmanr of
maps with ties. Run: /usr/bin/python3 scripts/fixtures_compare.py src/test/resources/fixtures/compare"""
import json
import sys

import numpy as np
from scipy.stats import spearmanr

out = sys.argv[1]
rng = np.random.default_rng(14)
cases = []
for n, levels in [(10, 3), (50, 5), (400, 1000), (256, 2), (1000, 20)]:
    a = rng.integers(0, levels, n).astype(np.float32)
    b = (a + rng.integers(0, levels, n)).astype(np.float32) if n % 2 == 0 else rng.normal(size=n).astype(np.float32)
    if levels > 2:
        b[rng.random(n) < 0.3] = 0  # a run of tied zeros, as in a positive-part map
    rho = spearmanr(a, b).statistic
    cases.append({"a": a.tolist(), "b": b.tolist(), "spearman": float(rho)})
with open(f"{out}/spearman.json", "w") as f:
    json.dump({"generator": "scipy " + __import__("scipy").__version__ + " stats.spearmanr", "cases": cases}, f)
