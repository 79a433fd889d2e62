# Reference for bench/diagnose.sh: the same number of simulated trials of
# the same size analysed with estimatr's lm_lin (HC2) in R, the way one
# would with DeclareDesign: complete randomization, four covariates like
# the protocol's (two factors of six levels, a binary one and a count).
# usage: Rscript diagnose_reference.R TRIALS PARTICIPANTS EFFECT
suppressMessages(library(estimatr))
args <- commandArgs(TRUE)
trials <- as.integer(args[1]); n <- as.integer(args[2]); effect <- as.numeric(args[3])
set.seed(1)
hits <- 0
for (r in seq_len(trials)) {
  d <- data.frame(gender = factor(sample(2, n, TRUE)),
                  education = factor(sample(6, n, TRUE)),
                  level = factor(sample(6, n, TRUE)),
                  years = sample(0:10, n, TRUE))
  d$z <- sample(rep(0:1, length.out = n))
  d$y <- effect * d$z + 0.3 * as.numeric(d$education) / 3 + rnorm(n)
  fit <- lm_lin(y ~ z, covariates = ~ gender + education + level + years,
                data = d, se_type = "HC2")
  hits <- hits + (fit$p.value[["z"]] < 0.05)
}
cat(sprintf("power %.4f\n", hits / trials))
