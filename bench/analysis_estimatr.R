# Reference for bench/analysis.sh: R's estimatr on the same file, whole
# process (reading with read.csv, as an analyst would).  Prints the
# estimate and standard error of the treatment effect.
# usage: Rscript analysis_estimatr.R FILE dim|lin|cr2
args <- commandArgs(TRUE)
suppressMessages(library(estimatr))
d <- read.csv(args[1])
covariates <- ~ age + years_in_norway + prior_earnings + female + schooling +
  norwegian_score + children
fit <- switch(args[2],
  dim = difference_in_means(y ~ arm, data = d, condition1 = "control",
    condition2 = "treatment"),
  lin = lm_lin(y ~ arm, covariates = covariates, data = d, se_type = "HC2"),
  cr2 = lm_robust(y ~ arm, data = d, clusters = cluster, se_type = "CR2"))
term <- if (args[2] == "dim") 1 else 2
cat(sprintf("%.17g %.17g\n", coef(fit)[term], fit$std.error[term]))
