# Reference values for the pieces a trial statistician expects beside an
# effect estimate, for checking analysis/effects.c and cmd_effects.c:
#
#   1. missing baseline covariates by the missing-indicator method (White
#      and Thompson 2005): lm_robust / lm_lin / iv_robust on the design
#      augmented by hand (value set to 0, a 0/1 indicator beside it);
#   2. IV diagnostics: the first-stage F of iv_robust(diagnostics = TRUE)
#      (of lm_robust(D ~ Z + X, fixed_effects =) where estimatr gives
#      none), the compliance rate (the first stage's coefficient of Z) and
#      the ITT row (lm_robust(Y ~ Z + X)) beside each IV row;
#   3. one-sided p-values and intervals (alternative = "greater" / "less");
#   4. horvitz_thompson(condition_prs =) with each row's probability, and
#      inverse-probability weights (lm_robust / lm_lin(weights =)).
#      estimatr 1.0.0 has no alternative argument, so they are written
#      out in plain R from the fit's estimate, SE and df: p = pt(t, df,
#      lower.tail = FALSE) for "greater", pt(t, df) for "less" (pnorm with
#      df = Inf), interval [est - q se, Inf) or (-Inf, est + q se] with q
#      = qt(1 - alpha, df).
#
# Rerun from the repository root with
#
#     Rscript tests/ref/pieces_reference.R
#
# It reads basic.csv (written by estimatr_reference.R, never rewritten
# here) and (re)writes, under tests/data/analysis/,
#
#     baseline_missing.csv  n = 160, x1 empty in 16 rows, f in 12 (3 both)
#     ht.csv                n = 200, P(treatment) 0.3/0.5/0.7 by site
#     pieces_reference.csv  one row per case and term (below)
#
# Same conventions as estimatr_reference.R (common.R): header row, comma
# separated, no quotes, %.17g, missing = empty field, Inf / -Inf written
# as such.  Deterministic: a rerun gives byte-identical files.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr", "sandwich")

# ---------------------------------------------------------------------------
# baseline_missing.csv: 160 people in 4 blocks of 40 (20/20), 16 clusters
# of 10 not aligned with arm, covariates x1 (normal), x2 (uniform), f
# (a/b/c), take-up d; x1 missing more often at low values (not completely
# at random), f missing at random.

set.seed(20260505)
n <- 160
block <- rep(1:4, each = 40)
z <- unlist(lapply(1:4, function(b) sample(rep(c(1, 0), c(20, 20)))))
x1 <- rnorm(n)
x2 <- runif(n, 0, 10)
f <- sample(c("a", "b", "c"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
d <- rbinom(n, 1, ifelse(z == 1, 0.75, 0.15))
y <- 1 + 0.6 * d + 0.9 * x1 - 0.2 * x2 + c(a = 0, b = 0.5, c = -0.6)[f] +
  0.3 * block + rnorm(n, 0, 0.7 + 0.4 * z)
cl <- sample(rep(1:16, 10))
miss_x1 <- sample.int(n, 16, prob = ifelse(x1 < 0, 3, 1))
miss_f <- c(sample(miss_x1, 3), sample(setdiff(1:n, miss_x1), 9))
x1[miss_x1] <- NA
f[miss_f] <- NA
bm <- data.frame(id = 1:n, arm = ifelse(z == 1, "treatment", "control"),
                 y = unname(y), x1 = x1, x2 = x2, f = f, block = block,
                 cl = cl, d = d, stringsAsFactors = FALSE)
write_plain(format_columns(bm, c("id", "block", "cl", "d")),
            "baseline_missing.csv")

bm <- read_back("baseline_missing.csv", arm = TRUE)
basic <- read_back("basic.csv", arm = TRUE)
stopifnot(nrow(bm) == 160, sum(is.na(bm$x1)) == 16, sum(is.na(bm$f)) == 12,
          sum(is.na(bm$x1) & is.na(bm$f)) == 3)

# The augmented design: x1_0 = x1 with 0 for missing and x1_m its
# indicator; f_0 = f with the first level a for missing (so its dummies
# fb, fc are 0 there) and f_m its indicator.
bm$x1_0 <- ifelse(is.na(bm$x1), 0, bm$x1)
bm$x1_m <- as.numeric(is.na(bm$x1))
bm$f_0 <- ifelse(is.na(bm$f), "a", bm$f)
bm$f_m <- as.numeric(is.na(bm$f))

# ---------------------------------------------------------------------------
# Collecting reference rows

rows <- list()
add_row <- function(case, data, estimator, se_type, est, se, df, n,
                    term = "treatment", alpha = 0.05,
                    alternative = "two.sided", first_stage_f = NA,
                    compliance = NA) {
  t <- est / se
  pt_up <- if (is.infinite(df)) pnorm(t, lower.tail = FALSE) else
    pt(t, df, lower.tail = FALSE)
  pt_lo <- if (is.infinite(df)) pnorm(t) else pt(t, df)
  qf <- function(p) if (is.infinite(df)) qnorm(p) else qt(p, df)
  if (alternative == "two.sided") {
    p <- 2 * min(pt_up, pt_lo)
    q <- qf(1 - alpha / 2)
    lo <- est - q * se
    hi <- est + q * se
  } else if (alternative == "greater") {
    p <- pt_up
    lo <- est - qf(1 - alpha) * se
    hi <- Inf
  } else {
    p <- pt_lo
    lo <- -Inf
    hi <- est + qf(1 - alpha) * se
  }
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, data = data, estimator = estimator, se_type = se_type,
    term = term, estimate = est, std_error = se, df = df, statistic = t,
    p_value = p, conf_low = lo, conf_high = hi, n = n,
    alternative = alternative, conf_level = 1 - alpha,
    first_stage_f = first_stage_f, compliance = compliance,
    stringsAsFactors = FALSE)
}
# A row from an estimatr fit, checked against its own tidy() when
# two-sided.
add_fit <- function(case, data, estimator, se_type, fit, coef = "z",
                    term = "treatment", ...) {
  add_row(case, data, estimator, se_type, unname(coef(fit)[coef]),
          unname(fit$std.error[coef]), unname(fit$df[coef]), fit$nobs,
          term = term, ...)
  r <- tidy(fit)
  r <- r[r$term == coef, ]
  last <- rows[[length(rows)]]
  if (last$alternative == "two.sided" && last$conf_level == 0.95) {
    check(last$p_value, r$p.value, paste(case, "p"))
    check(last$conf_low, r$conf.low, paste(case, "conf_low"))
  }
}

# --- 1. Missing baseline covariates ---------------------------------------

ind_formula <- y ~ z + x1_0 + x1_m + x2 + f_0 + f_m
ind_cov <- ~ x1_0 + x1_m + x2 + f_0 + f_m

# ancova_indicator: all 160 kept.
fit <- lm_robust(ind_formula, data = bm, se_type = "HC2")
add_fit("ancova_indicator", "baseline_missing.csv", "ancova", "HC2", fit)
stopifnot(fit$nobs == 160)
# The arm's estimate and SE do not depend on the value filled in (the
# mean instead of 0), and the factor's indicator is a level of its own.
bm$x1_mean <- ifelse(is.na(bm$x1), mean(bm$x1, na.rm = TRUE), bm$x1)
bm$f_level <- ifelse(is.na(bm$f), "zmissing", bm$f)
fit2 <- lm_robust(y ~ z + x1_mean + x1_m + x2 + f_level, data = bm,
                  se_type = "HC2")
check(coef(fit2)["z"], coef(fit)["z"], "indicator fill invariance")
check(fit2$std.error["z"], fit$std.error["z"], "indicator fill SE")
check(fit$std.error["z"],
      sqrt(vcovHC(lm(ind_formula, data = bm), type = "HC2")["z", "z"]),
      "ancova_indicator vs sandwich")

# ancova_listwise: the 135 complete rows (what --data does by default).
fit <- lm_robust(y ~ z + x1 + x2 + f, data = bm, se_type = "HC2")
add_fit("ancova_listwise", "baseline_missing.csv", "ancova", "HC2", fit)
stopifnot(fit$nobs == 160 - 16 - 9)

# lin_indicator: Lin's estimator, the indicators centred and interacted.
fit <- lm_lin(y ~ z, covariates = ind_cov, data = bm, se_type = "HC2")
add_fit("lin_indicator", "baseline_missing.csv", "lin", "HC2", fit)
fit2 <- lm_lin(y ~ z, covariates = ~ x1_mean + x1_m + x2 + f_level,
               data = bm, se_type = "HC2")
check(coef(fit2)["z"], coef(fit)["z"], "lin fill invariance")
check(fit2$std.error["z"], fit$std.error["z"], "lin fill SE")

# lin_indicator_strata: with the blocks among Lin's covariates.
fit <- lm_lin(y ~ z, covariates = ~ x1_0 + x1_m + x2 + f_0 + f_m +
                factor(block), data = bm, se_type = "HC2")
add_fit("lin_indicator_strata", "baseline_missing.csv", "lin", "HC2", fit)

# lin_indicator_cr2: with clusters, CR2.
fit <- lm_lin(y ~ z, covariates = ind_cov, data = bm, clusters = cl,
              se_type = "CR2")
add_fit("lin_indicator_cr2", "baseline_missing.csv", "lin", "CR2", fit)

# lin_listwise: Lin on the complete rows.
fit <- lm_lin(y ~ z, covariates = ~ x1 + x2 + f, data = bm, se_type = "HC2")
add_fit("lin_listwise", "baseline_missing.csv", "lin", "HC2", fit)

# iv_indicator: x1 (with its indicator) as exogenous covariate of 2SLS,
# with the first-stage F and the ITT row.
fit <- iv_robust(y ~ d + x1_0 + x1_m | z + x1_0 + x1_m, data = bm,
                 se_type = "HC2", diagnostics = TRUE)
fs <- lm_robust(d ~ z + x1_0 + x1_m, data = bm, se_type = "HC2")
check(unname(fit$diagnostic_first_stage_fstatistic["value"]),
      unname((coef(fs)["z"] / fs$std.error["z"])^2), "iv_indicator F")
add_fit("iv_indicator", "baseline_missing.csv", "iv", "HC2", fit,
        coef = "d", term = "takeup",
        first_stage_f = unname(fit$diagnostic_first_stage_fstatistic["value"]),
        compliance = unname(coef(fs)["z"]))
fit <- lm_robust(y ~ z + x1_0 + x1_m, data = bm, se_type = "HC2")
add_fit("iv_indicator", "baseline_missing.csv", "ancova", "HC2", fit)

# --- 2. IV: first-stage F, compliance, ITT ---------------------------------

# One IV case: the IV row with its diagnostics, then the ITT row.  fe
# gives fixed effects (estimatr then returns no diagnostics: the F is
# that of the first stage lm_robust(d ~ z + X, fixed_effects = ~ fe)).
iv_case <- function(case, rhs, se_type, clusters = NULL, fe = NULL,
                    itt_estimator = "ols") {
  args <- list(data = basic, se_type = se_type)
  if (!is.null(clusters)) args$clusters <- basic[[clusters]]
  if (!is.null(fe)) args$fixed_effects <- as.formula(paste("~", fe))
  fml <- function(s) as.formula(s, env = environment())
  x <- if (rhs == "") "" else paste("+", rhs)
  fit <- do.call(iv_robust, c(list(fml(paste("y ~ d", x, "| z", x)),
                                   diagnostics = is.null(fe)), args))
  fs <- do.call(lm_robust, c(list(fml(paste("d ~ z", x))), args))
  fstat <- unname((coef(fs)["z"] / fs$std.error["z"])^2)
  if (is.null(fe))
    check(unname(fit$diagnostic_first_stage_fstatistic["value"]), fstat,
          paste(case, "first-stage F"))
  add_fit(case, "basic.csv", "iv", toupper(se_type), fit, coef = "d",
          term = "takeup", first_stage_f = fstat,
          compliance = unname(coef(fs)["z"]))
  itt <- do.call(lm_robust, c(list(fml(paste("y ~ z", x))), args))
  add_fit(case, "basic.csv", itt_estimator, toupper(se_type), itt)
  # Indirect least squares: IV = ITT / compliance, with the same X.
  check(coef(fit)["d"], coef(itt)["z"] / coef(fs)["z"], paste(case, "ILS"))
}
iv_case("iv_diag_hc2", "", "HC2")
# Without covariates the compliance rate is the difference in take-up.
stopifnot(isTRUE(all.equal(rows[[length(rows) - 1]]$compliance,
                           mean(basic$d[basic$z == 1]) -
                             mean(basic$d[basic$z == 0]))))
iv_case("iv_diag_cov", "x1", "HC2", itt_estimator = "ancova")
iv_case("iv_diag_cr2", "", "CR2", clusters = "cl")
iv_case("iv_diag_fe", "", "HC2", fe = "block")

# --- 3. One-sided tests ----------------------------------------------------

fit <- lm_robust(y ~ z, data = basic, se_type = "HC2")
add_fit("ols_greater", "basic.csv", "ols", "HC2", fit,
        alternative = "greater")
add_fit("ols_less", "basic.csv", "ols", "HC2", fit, alternative = "less")
fit <- lm_lin(y ~ z, covariates = ~ x1 + x2, data = basic, se_type = "HC2")
add_fit("lin_less_90", "basic.csv", "lin", "HC2", fit, alternative = "less",
        alpha = 0.1)
fit <- difference_in_means(y ~ z, data = basic)
add_fit("dim_greater_99", "basic.csv", "dim", "neyman", fit,
        alternative = "greater", alpha = 0.01)
# rr_greater: the log risk ratio's Wald test, normal reference, reported
# on the ratio scale (the interval exponentiated: upper bound Inf).
a <- sum(basic$yb[basic$z == 1]); n1 <- sum(basic$z == 1)
c0 <- sum(basic$yb[basic$z == 0]); n0 <- sum(basic$z == 0)
add_row("rr_greater", "basic.csv", "risk_ratio", "wald",
        log((a / n1) / (c0 / n0)), sqrt(1 / a - 1 / n1 + 1 / c0 - 1 / n0),
        Inf, 400, alternative = "greater")
r <- rows[[length(rows)]]
r$estimate <- exp(r$estimate)
r$conf_low <- exp(r$conf_low)
rows[[length(rows)]] <- r
# conf_95: --conf-level 0.95 is --alpha 0.05; two-sided at 90%.
fit <- lm_robust(y ~ z, data = basic, se_type = "HC2", alpha = 0.1)
add_fit("ols_conf_90", "basic.csv", "ols", "HC2", fit, alpha = 0.1)
check(rows[[length(rows)]]$conf_low, tidy(fit)$conf.low[2], "conf 90")

# --- 4. Horvitz-Thompson with each row's probability of treatment -------

# horvitz_thompson(y ~ z, condition_prs = p) without blocks or clusters:
# estimatr assumes simple (Bernoulli) assignment and takes se_type
# "youngs"; its df is NA, i.e. normal reference (written here as Inf).
ht_row <- function(case, data, fit, file, ...) {
  r <- tidy(fit)
  add_row(case, file, "horvitz_thompson", "youngs", r$estimate,
          r$std.error, Inf, fit$nobs, ...)
  last <- rows[[length(rows)]]
  if (last$alternative == "two.sided" && last$conf_level == 0.95) {
    check(last$p_value, r$p.value, paste(case, "p"))
    check(last$conf_low, r$conf.low, paste(case, "conf_low"))
  }
  # Written out: (sum y/p over treated - sum y/(1-p) over controls) / N,
  # SE sqrt(sum of their squares) / N.
  w <- ifelse(data$z == 1, data$y / data$p, data$y / (1 - data$p))
  check(r$estimate, (sum(w[data$z == 1]) - sum(w[data$z == 0])) / nrow(data),
        paste(case, "estimate"))
  check(r$std.error, sqrt(sum(w^2)) / nrow(data), paste(case, "SE"))
}

# ht.csv: 200 people, probability of treatment 0.3, 0.5 or 0.7 by site,
# each assigned by their own coin (Bernoulli), y heteroskedastic.
set.seed(20260506)
n <- 200
site <- sample(1:3, n, replace = TRUE)
p <- c(0.3, 0.5, 0.7)[site]
z <- rbinom(n, 1, p)
y <- 2 + 0.8 * z + 0.5 * site + rnorm(n, 0, 1 + 0.5 * z)
cl <- sample(rep(1:20, 10))  # 20 clusters of 10, not aligned with arm
ht <- data.frame(id = 1:n, arm = ifelse(z == 1, "treatment", "control"),
                 y = y, p = p, site = site, cl = cl,
                 stringsAsFactors = FALSE)
write_plain(format_columns(ht, c("id", "site", "cl")), "ht.csv")
ht <- read_back("ht.csv", arm = TRUE)

fit <- suppressMessages(horvitz_thompson(y ~ z, data = ht,
                                         condition_prs = p))
ht_row("ht_prob", ht, fit, "ht.csv")
ht_row("ht_prob_greater", ht, fit, "ht.csv", alternative = "greater")
# Inverse-probability weights 1/p (treated), 1/(1-p) (controls) in
# lm_robust(weights =) and lm_lin(weights =) (which centres on the
# weighted means), HC2; checked against sandwich on the weighted lm.
ht$w <- ifelse(ht$z == 1, 1 / ht$p, 1 / (1 - ht$p))
fit <- lm_robust(y ~ z, data = ht, weights = w, se_type = "HC2")
add_fit("ipw_ols", "ht.csv", "ols", "HC2", fit)
check(fit$std.error["z"],
      sqrt(vcovHC(lm(y ~ z, data = ht, weights = w), type = "HC2")["z", "z"]),
      "ipw_ols vs sandwich")
fit <- lm_robust(y ~ z + factor(site), data = ht, weights = w,
                 se_type = "HC1")
add_fit("ipw_ancova_hc1", "ht.csv", "ancova", "HC1", fit)
fit <- lm_lin(y ~ z, covariates = ~ factor(site), data = ht, weights = w,
              se_type = "HC2")
add_fit("ipw_lin", "ht.csv", "lin", "HC2", fit)
# With fixed effects, and with clusters (CR0, stata; weighted CR2 is not
# implemented in analysis/ and refused there).
fit <- lm_robust(y ~ z, fixed_effects = ~ site, data = ht, weights = w,
                 se_type = "HC2")
add_fit("ipw_fe", "ht.csv", "ols", "HC2", fit)
for (st in c("CR0", "stata")) {
  fit <- lm_robust(y ~ z, data = ht, weights = w, clusters = cl,
                   se_type = st)
  add_fit(paste0("ipw_", tolower(st)), "ht.csv", "ols", st, fit)
}

basic$p <- 0.5
fit <- suppressMessages(horvitz_thompson(y ~ z, data = basic,
                                         condition_prs = p))
ht_row("ht_half", basic, fit, "basic.csv")

# ---------------------------------------------------------------------------
# pieces_reference.csv

ref <- do.call(rbind, rows)
stopifnot(!anyDuplicated(paste(ref$case, ref$term)))
for (v in c("estimate", "std_error", "df", "statistic", "p_value",
            "conf_low", "conf_high", "conf_level", "first_stage_f",
            "compliance")) {
  ref[[v]] <- num17(ref[[v]])
}
ref$n <- as.character(as.integer(ref$n))
write_plain(ref, "pieces_reference.csv")

cat(R.version.string, "\n",
    "estimatr ", format(packageVersion("estimatr")), "\n",
    "sandwich ", format(packageVersion("sandwich")), "\n",
    "wrote ", nrow(ref), " reference rows to ", out_dir, "\n", sep = "")
