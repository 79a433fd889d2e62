"""Reference for bench/analysis.sh: Python statsmodels on the same file,
whole process (reading with pandas).  statsmodels has no CR2; for the
cluster task it computes its cluster-robust (CR1, Stata's) errors, which
cost the same passes.  Prints the estimate and standard error of the
treatment effect.

usage: python3 analysis_statsmodels.py FILE dim|lin|cr2
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

path, task = sys.argv[1], sys.argv[2]
d = pd.read_csv(path)
t = (d["arm"] == "treatment").to_numpy(dtype=float)
y = d["y"].to_numpy(dtype=float)
covariates = ["age", "years_in_norway", "prior_earnings", "female",
              "schooling", "norwegian_score", "children"]
if task == "lin":
    z = d[covariates].to_numpy(dtype=float)
    z = z - z.mean(axis=0)
    X = np.column_stack([np.ones_like(t), t, z, z * t[:, None]])
    fit = sm.OLS(y, X).fit(cov_type="HC2")
elif task == "cr2":
    groups = pd.factorize(d["cluster"])[0]
    fit = sm.OLS(y, sm.add_constant(t)).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
else:
    fit = sm.OLS(y, sm.add_constant(t)).fit(cov_type="HC2")
print("%.17g %.17g" % (fit.params[1], fit.bse[1]))
