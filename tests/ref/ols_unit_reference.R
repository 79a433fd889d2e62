# Reference values for the unit test of analysis/ols.c (tests/unit/
# test_ols.c): every standard error type of lm_robust on a small design,
# CR2 cross-checked with clubSandwich's Satterthwaite degrees of freedom.
# The data also hold x3 = x1 + x2: the unit test fits y on 1, x1, x2, x3
# and must drop x3 as lm() does (estimatr's pivoting QR would drop x2
# instead), giving the values of the fit without it, which are these.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/ols_unit_reference.R
#
# It writes, under tests/data/unit/,
#
#     ols_data.csv       y, x1, x2, x3 = x1 + x2 (collinear), cluster, w
#                        (weights, for the weighted CR2 row "CR2w")
#     ols_reference.csv  se_type, term, estimate, std_error, df
here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("unit", "estimatr", "clubSandwich")

set.seed(20261201)
n <- 23
d <- data.frame(x1 = round(rnorm(n), 3), x2 = round(runif(n, 0, 5), 3))
d$x3 <- d$x1 + d$x2
d$cluster <- rep(0:6, length.out = n)
d$y <- round(1 + 0.5 * d$x1 - 0.25 * d$x2 + rnorm(n) + 0.3 * d$cluster, 3)
d$w <- round(runif(n, 0.5, 2), 3)
write_plain(format_columns(d[, c("y", "x1", "x2", "x3", "cluster", "w")],
                           int_cols = "cluster"), "ols_data.csv")

rows <- list()
add <- function(type, fit, df = NULL) {
  ct <- fit$coefficients
  se <- fit$std.error
  dfs <- if (is.null(df)) fit$df else df
  for (i in seq_along(ct)) {
    rows[[length(rows) + 1]] <<- data.frame(
      se_type = type, term = i - 1, estimate = ct[i], std_error = se[i],
      df = dfs[i])
  }
}
for (type in c("classical", "HC0", "HC1", "HC2", "HC3")) {
  add(type, lm_robust(y ~ x1 + x2, data = d, se_type = type))
}
for (type in c("CR0", "stata", "CR2")) {
  add(type, lm_robust(y ~ x1 + x2, data = d, clusters = cluster,
                      se_type = type))
}
# Weighted CR2 (lm_robust(weights =)), the intercept's df included.
add("CR2w", lm_robust(y ~ x1 + x2, data = d, clusters = cluster,
                      weights = w, se_type = "CR2"))
# lm() drops x3, and clubSandwich agrees with estimatr's CR2 and its df.
m <- lm(y ~ x1 + x2 + x3, data = d)
stopifnot(is.na(coef(m)[["x3"]]))
m <- lm(y ~ x1 + x2, data = d)
cs <- coef_test(m, vcov = "CR2", cluster = d$cluster, test = "Satterthwaite")
cr2 <- lm_robust(y ~ x1 + x2, data = d, clusters = cluster, se_type = "CR2")
check(cs$SE, cr2$std.error, "CR2 standard errors")
check(cs$df_Satt, cr2$df, "CR2 degrees of freedom", 1e-8)
out <- do.call(rbind, rows)
write_plain(format_columns(out, int_cols = "term"),
            "ols_reference.csv")
