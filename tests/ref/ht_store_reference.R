# Horvitz-Thompson and inverse-probability weights on data exported from a
# trial store, for checking `analysis effects STORE --estimator
# horvitz_thompson` and `--prob allocation` (t3220).  ht_store.csv is the
# export of a vocational lottery store made by t3220's setup (two sites,
# 14 of 51 and 26 of 59 applicants offered a place; columns arm, site, the
# probability p of the course stored with each allocation, i.e. the site's
# offer probability, and a binary outcome y), kept as it was written:
# the lottery draws under the trial's random secret, so a new store gives
# other arms.  From the repository root:
#
#     Rscript tests/ref/ht_store_reference.R
#
# reads tests/data/analysis/ht_store.csv and (re)writes
# tests/data/analysis/ht_store_reference.csv: case,estimate,std_error
#   ht      horvitz_thompson(y ~ z, condition_prs = p)   (se_type "youngs")
#   ipw_ols lm_robust(y ~ z, weights = w), HC2, w = 1/p (course), 1/(1-p)
#   ipw_fe  the same with fixed_effects = ~ site
here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr")

d <- read_back("ht_store.csv")
stopifnot(all(d$arm %in% c("course", "ordinary")))
d$z <- as.numeric(d$arm == "course")
d$w <- ifelse(d$z == 1, 1 / d$p, 1 / (1 - d$p))

ht <- horvitz_thompson(y ~ z, data = d, condition_prs = p)
ols <- lm_robust(y ~ z, data = d, weights = w)
fe <- lm_robust(y ~ z, data = d, weights = w, fixed_effects = ~ site)
out <- data.frame(case = c("ht", "ipw_ols", "ipw_fe"),
                  estimate = c(ht$coefficients[["z"]], ols$coefficients[["z"]],
                               fe$coefficients[["z"]]),
                  std_error = c(ht$std.error[["z"]], ols$std.error[["z"]],
                                fe$std.error[["z"]]))
# The Horvitz-Thompson estimate and its Young's bound written out.
Y1 <- with(d, sum(y[z == 1] / p[z == 1]))
Y0 <- with(d, sum(y[z == 0] / (1 - p[z == 0])))
check(out$estimate[1], (Y1 - Y0) / nrow(d), "ht estimate")
check(out$std_error[1],
      sqrt(with(d, sum((y / ifelse(z == 1, p, 1 - p))^2))) / nrow(d),
      "ht Young's bound")
write_plain(format_columns(out), "ht_store_reference.csv")
print(out)
