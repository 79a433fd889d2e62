# Reference datasets and estimates for the analysis estimators.
#
# Generates three simulated trial datasets and computes reference values
# with R's estimatr (difference_in_means, lm_robust, lm_lin, iv_robust),
# glm (risk and odds ratios) and p.adjust, so that the C estimators in
# analysis/ can be checked against an independent implementation.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/estimatr_reference.R
#
# which (re)writes
#
#     tests/data/analysis/basic.csv         individually randomized, n = 400
#     tests/data/analysis/cluster.csv       cluster randomized, 60 clusters
#     tests/data/analysis/missing.csv       n = 120, about 10% of y missing
#     tests/data/analysis/reference.csv     one row per (case, term)
#     tests/data/analysis/multiplicity.csv  p.adjust, holm and BH
#
# The output is deterministic (fixed seed and RNG kinds): rerunning gives
# byte-identical files on the same R version.  Uses base R, estimatr,
# sandwich and clubSandwich only (the last two for cross-checks).
#
# Conventions in the CSV files: header row, comma separated, no row names,
# no quotes, numbers written with sprintf("%.17g") so that they round-trip
# exactly, missing values as an empty field, infinite df as "Inf".
# All reference values are computed from the datasets as read back from
# the written CSV files, i.e. from exactly the numbers the C code reads.

# ---------------------------------------------------------------------------
# Locations and the shared CSV helpers (out_file, num17, format_columns,
# write_plain, read_back, check; also the fixed RNG kinds): common.R, in
# this script's own directory.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr", "sandwich", "clubSandwich")

set.seed(20240517)

# ---------------------------------------------------------------------------
# Data helpers

# Cluster sizes in [lo, hi] summing to total, drawn at random and then
# nudged one unit at a time (deterministic given the seed).
cluster_sizes <- function(k, lo, hi, total) {
  s <- sample(lo:hi, k, replace = TRUE)
  while (sum(s) != total) {
    if (sum(s) < total) {
      i <- which(s < hi)
      i <- i[sample.int(length(i), 1)]
      s[i] <- s[i] + 1
    } else {
      i <- which(s > lo)
      i <- i[sample.int(length(i), 1)]
      s[i] <- s[i] - 1
    }
  }
  s
}

# ---------------------------------------------------------------------------
# Individually randomized data (basic.csv, and missing.csv from the same
# design).  Treatment is randomized within blocks of unequal size with a
# fixed number treated per block (block proportions differ, so the blocked
# difference in means differs from the pooled one); the per-block numbers
# add up to a complete randomization of half the sample.  Clusters cl are
# drawn independently of arm: used only for cluster-robust SE checks.

gen_individual <- function(block_sizes, block_treated, n_clusters) {
  n <- sum(block_sizes)
  block <- rep(seq_along(block_sizes), block_sizes)
  treat <- integer(n)
  for (b in seq_along(block_sizes)) {
    idx <- which(block == b)
    treat[idx] <- sample(rep(c(1L, 0L),
                             c(block_treated[b],
                               block_sizes[b] - block_treated[b])))
  }
  x1 <- rnorm(n)
  x2 <- runif(n, 0, 10)
  f <- sample(c("a", "b", "c"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
  f_effect <- c(a = 0, b = 0.7, c = -0.4)[f]
  noise_sd <- 0.8 + 0.5 * treat + 0.4 * abs(x1)  # heteroskedastic
  y <- 2 + 0.5 * treat + 0.8 * x1 - 0.3 * x2 + unname(f_effect) +
    rnorm(n, 0, noise_sd)
  d <- rbinom(n, 1, ifelse(treat == 1, 0.8, 0.1))  # take-up
  yb <- rbinom(n, 1, plogis(-0.4 + 0.6 * treat + 0.5 * x1))
  sizes <- cluster_sizes(n_clusters, 5, 15, n)
  cl <- sample(rep(seq_len(n_clusters), sizes))  # not aligned with arm
  data.frame(id = seq_len(n),
             arm = ifelse(treat == 1, "treatment", "control"),
             y = y, x1 = x1, x2 = x2, f = f, block = block,
             d = d, yb = yb, cl = cl,
             stringsAsFactors = FALSE)
}

int_cols_individual <- c("id", "block", "d", "yb", "cl")

# basic.csv: n = 400, 8 blocks, 200 treated.
basic_sizes <- c(20, 30, 40, 44, 50, 56, 70, 90)
basic_treated <- c(10, 12, 22, 22, 27, 28, 35, 44)
stopifnot(sum(basic_sizes) == 400, sum(basic_treated) == 200,
          all(basic_treated >= 2), all(basic_sizes - basic_treated >= 2))
basic <- gen_individual(basic_sizes, basic_treated, n_clusters = 40)
write_plain(format_columns(basic, int_cols_individual), "basic.csv")

# cluster.csv: 60 clusters of sizes 1..30 (cluster 1 is a singleton,
# cluster 2 has the maximum 30), grouped into 3 blocks of 20 clusters,
# 10 treated clusters per block (30/30).  A cluster random effect and a
# cluster-level component in x1 make clustering matter.
gen_cluster <- function() {
  k <- 60
  sizes <- sample(1:30, k, replace = TRUE)
  sizes[1] <- 1
  sizes[2] <- 30
  cl_block <- rep(1:3, each = 20)
  cl_treat <- integer(k)
  for (b in 1:3) cl_treat[cl_block == b] <- sample(rep(c(1L, 0L), c(10, 10)))
  cl_u <- rnorm(k, 0, 0.7)        # cluster effect on y
  cl_x <- rnorm(k, 0, 0.6)        # cluster component of x1
  cl <- rep(seq_len(k), sizes)
  n <- length(cl)
  treat <- cl_treat[cl]
  x1 <- cl_x[cl] + rnorm(n, 0, 0.8)
  y <- 1 + 0.4 * treat + 0.6 * x1 + cl_u[cl] +
    rnorm(n, 0, 0.9 + 0.3 * treat)
  data.frame(id = seq_len(n),
             arm = ifelse(treat == 1, "treatment", "control"),
             y = y, x1 = x1, cl = cl, block = cl_block[cl],
             stringsAsFactors = FALSE)
}
cluster <- gen_cluster()
write_plain(format_columns(cluster, c("id", "cl", "block")), "cluster.csv")

# missing.csv: the basic design at n = 120 (60 treated), 12 clusters,
# then y set missing for 12 randomly chosen rows (10%).
miss_sizes <- c(10, 12, 14, 16, 18, 20, 14, 16)
miss_treated <- c(5, 6, 7, 8, 9, 10, 7, 8)
stopifnot(sum(miss_sizes) == 120, sum(miss_treated) == 60)
missing_df <- gen_individual(miss_sizes, miss_treated, n_clusters = 12)
missing_df$y[sample.int(nrow(missing_df), 12)] <- NA
write_plain(format_columns(missing_df, int_cols_individual), "missing.csv")

# ---------------------------------------------------------------------------
# Read the datasets back: every estimate below uses the written numbers.

basic <- read_back("basic.csv")
cluster <- read_back("cluster.csv")
missing_df <- read_back("missing.csv")
stopifnot(nrow(basic) == 400, nrow(cluster) >= 60, nrow(missing_df) == 120,
          sum(is.na(missing_df$y)) == 12,
          min(table(cluster$cl)) == 1, length(unique(cluster$cl)) == 60)
for (nm in c("basic", "cluster", "missing_df")) {
  df <- get(nm)
  df$arm01 <- as.numeric(df$arm == "treatment")
  assign(nm, df)
}

# ---------------------------------------------------------------------------
# Collecting reference rows

# One row from an estimatr fit: add_estimatr() (common.R).
rows <- list()

# One row from a binomial glm with a log or logit link: the ratio
# exp(coef) with the Wald SE of the log ratio, z statistic, its p-value
# and exponentiated Wald interval; df is infinite (normal reference).
add_glm_ratio <- function(case, data, estimator, fit,
                          coef = "arm01", term = "treatment") {
  s <- coef(summary(fit))
  ci <- exp(confint.default(fit, parm = coef, level = 0.95))
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, data = data, estimator = estimator, se_type = "wald",
    term = term, estimate = exp(s[coef, "Estimate"]),
    std_error = s[coef, "Std. Error"], df = Inf,
    statistic = s[coef, "z value"], p_value = s[coef, "Pr(>|z|)"],
    conf_low = ci[1, 1], conf_high = ci[1, 2], n = nobs(fit),
    stringsAsFactors = FALSE)
}

se_of <- function(fit, coef = "arm01") unname(fit$std.error[coef])

# --- Difference in means ---------------------------------------------------

# dim_basic: Welch / Neyman difference in means, Welch-Satterthwaite df.
fit <- difference_in_means(y ~ arm01, data = basic)
add_estimatr("dim_basic", "basic.csv", "dim", "neyman", fit)

# dim_blocked: block-weighted difference in means (blocks of unequal size
# and unequal treated share), df = n - 2 * number of blocks.
fit <- difference_in_means(y ~ arm01, blocks = block, data = basic)
add_estimatr("dim_blocked", "basic.csv", "blocked", "neyman", fit)

# --- OLS on arm alone, each heteroskedasticity-robust SE ------------------

for (st in c("classical", "HC0", "HC1", "HC2", "HC3")) {
  fit <- lm_robust(y ~ arm01, data = basic, se_type = st)
  add_estimatr(paste0("ols_", tolower(st)), "basic.csv", "ols",
               tolower(st), fit)
  # Cross-check against sandwich::vcovHC (const is the classical one).
  v <- vcovHC(lm(y ~ arm01, data = basic),
              type = if (st == "classical") "const" else st)
  check(se_of(fit), sqrt(v["arm01", "arm01"]), paste("ols", st))
}

# --- ANCOVA: OLS with covariates ------------------------------------------

# ols_cov_hc2: additive adjustment for x1 and x2.
fit <- lm_robust(y ~ arm01 + x1 + x2, data = basic, se_type = "HC2")
add_estimatr("ols_cov_hc2", "basic.csv", "ancova", "hc2", fit)

# ancova_factor_hc2: also the three-level factor f (dummies b and c).
fit <- lm_robust(y ~ arm01 + x1 + x2 + f, data = basic, se_type = "HC2")
add_estimatr("ancova_factor_hc2", "basic.csv", "ancova", "hc2", fit)
check(se_of(fit),
      sqrt(vcovHC(lm(y ~ arm01 + x1 + x2 + f, data = basic),
                  type = "HC2")["arm01", "arm01"]), "ancova f HC2")

# --- Lin (2013): covariates centred and interacted with arm ---------------

# lin_hc2: centred x1, x2 interacted with arm.
fit <- lm_lin(y ~ arm01, covariates = ~ x1 + x2, data = basic,
              se_type = "HC2")
add_estimatr("lin_hc2", "basic.csv", "lin", "hc2", fit)

# lin_factor_hc2: also the dummies of f (centred and interacted).
fit <- lm_lin(y ~ arm01, covariates = ~ x1 + x2 + f, data = basic,
              se_type = "HC2")
add_estimatr("lin_factor_hc2", "basic.csv", "lin", "hc2", fit)

# lin_hc1: as lin_hc2, HC1 SE.
fit <- lm_lin(y ~ arm01, covariates = ~ x1 + x2, data = basic,
              se_type = "HC1")
add_estimatr("lin_hc1", "basic.csv", "lin", "hc1", fit)

# --- Cluster-robust SE, individually randomized data ----------------------
# CR0: no small-sample correction, df = clusters - 1.
# stata: CR0 * G/(G-1) * (N-1)/(N-K), df = clusters - 1.
# CR2: Bell-McCaffrey adjustment, Bell-McCaffrey df.

for (st in c("CR0", "stata", "CR2")) {
  fit <- lm_robust(y ~ arm01, data = basic, clusters = cl, se_type = st)
  add_estimatr(paste0(tolower(st), "_basic"), "basic.csv", "ols",
               tolower(st), fit)
}

# cr2_cov_basic: CR2 with covariate x1.
fit <- lm_robust(y ~ arm01 + x1, data = basic, clusters = cl,
                 se_type = "CR2")
add_estimatr("cr2_cov_basic", "basic.csv", "ols", "cr2", fit)
check(se_of(fit),
      sqrt(vcovCR(lm(y ~ arm01 + x1, data = basic), cluster = basic$cl,
                  type = "CR2")[2, 2]), "cr2_cov_basic vs clubSandwich")

# --- Cluster-robust SE, cluster-randomized data (has a singleton) ---------

for (st in c("CR0", "stata", "CR2")) {
  fit <- lm_robust(y ~ arm01, data = cluster, clusters = cl, se_type = st)
  add_estimatr(paste0(tolower(st), "_cluster"), "cluster.csv", "ols",
               tolower(st), fit)
  if (st == "CR2") {
    check(se_of(fit),
          sqrt(vcovCR(lm(y ~ arm01, data = cluster), cluster = cluster$cl,
                      type = "CR2")[2, 2]), "cr2_cluster vs clubSandwich")
  }
  if (st == "CR0") {
    check(se_of(fit),
          sqrt(vcovCL(lm(y ~ arm01, data = cluster), cluster = ~cl,
                      type = "HC0", cadjust = FALSE)[2, 2]),
          "cr0_cluster vs sandwich")
  }
}

# cr2_lin_cluster: Lin adjustment for x1 with CR2.
fit <- lm_lin(y ~ arm01, covariates = ~ x1, data = cluster, clusters = cl,
              se_type = "CR2")
add_estimatr("cr2_lin_cluster", "cluster.csv", "lin", "cr2", fit)

# --- Instrumental variables: effect of take-up d, arm as instrument -------

# iv_hc2: Wald / CACE estimate, HC2 SE.
fit <- iv_robust(y ~ d | arm01, data = basic, se_type = "HC2")
add_estimatr("iv_hc2", "basic.csv", "iv", "hc2", fit,
             coef = "d", term = "takeup")

# iv_cov_hc2: 2SLS with x1 as exogenous covariate.
fit <- iv_robust(y ~ d + x1 | arm01 + x1, data = basic, se_type = "HC2")
add_estimatr("iv_cov_hc2", "basic.csv", "iv", "hc2", fit,
             coef = "d", term = "takeup")

# --- Binary outcome --------------------------------------------------------

# rd_binary: risk difference by OLS (linear probability), HC2 SE.
fit <- lm_robust(yb ~ arm01, data = basic, se_type = "HC2")
add_estimatr("rd_binary", "basic.csv", "ols", "hc2", fit)

# glm's IRLS stops at a relative deviance change below epsilon and its
# summary() takes the SE from the weights of the last iteration, i.e. at
# the previous iterate.  With the default epsilon = 1e-8 the log-binomial
# estimate and SE are off in the 9th digit.  fit_glm() therefore fits
# with a tight tolerance and then refits from the converged coefficients,
# so that estimate and SE are those at the MLE to near machine precision.
fit_glm <- function(formula, family, data) {
  tight <- glm.control(epsilon = 1e-15, maxit = 200)
  f0 <- glm(formula, family = family, data = data, control = tight)
  f <- glm(formula, family = family, data = data, control = tight,
           start = coef(f0))
  stopifnot(f0$converged, f$converged)
  f
}

# rr_binary: risk ratio from a log-binomial glm, Wald inference.
fit <- fit_glm(yb ~ arm01, binomial(link = "log"), basic)
add_glm_ratio("rr_binary", "basic.csv", "risk_ratio", fit)
# With one binary regressor the MLE is the ratio of proportions and the
# SE of log RR is sqrt(1/a - 1/n1 + 1/c - 1/n0).
a <- sum(basic$yb[basic$arm01 == 1]); n1 <- sum(basic$arm01 == 1)
c0 <- sum(basic$yb[basic$arm01 == 0]); n0 <- sum(basic$arm01 == 0)
check(exp(coef(fit)["arm01"]), (a / n1) / (c0 / n0), "rr estimate")
check(coef(summary(fit))["arm01", "Std. Error"],
      sqrt(1 / a - 1 / n1 + 1 / c0 - 1 / n0), "rr SE")

# or_binary: odds ratio from a logistic glm, Wald inference.
fit <- fit_glm(yb ~ arm01, binomial(link = "logit"), basic)
# Closed form: OR = (a/(n1-a)) / (c/(n0-c)), SE(log OR) = sqrt(sum 1/cells).
check(exp(coef(fit)["arm01"]), (a / (n1 - a)) / (c0 / (n0 - c0)),
      "or estimate")
check(coef(summary(fit))["arm01", "Std. Error"],
      sqrt(1 / a + 1 / (n1 - a) + 1 / c0 + 1 / (n0 - c0)), "or SE")
add_glm_ratio("or_binary", "basic.csv", "odds_ratio", fit)

# --- Missing outcomes: rows with NA y are dropped, n counts the rest ------

# dim_missing: Welch difference in means on the complete rows.
fit <- difference_in_means(y ~ arm01, data = missing_df)
add_estimatr("dim_missing", "missing.csv", "dim", "neyman", fit)
stopifnot(fit$nobs == sum(!is.na(missing_df$y)))

# lm_missing_hc2: OLS with x1 on the complete rows, HC2 SE.
fit <- lm_robust(y ~ arm01 + x1, data = missing_df, se_type = "HC2")
add_estimatr("lm_missing_hc2", "missing.csv", "ols", "hc2", fit)
stopifnot(fit$nobs == sum(!is.na(missing_df$y)))

# ---------------------------------------------------------------------------
# reference.csv

ref <- do.call(rbind, rows)
stopifnot(!anyDuplicated(paste(ref$case, ref$term)))
for (v in c("estimate", "std_error", "df", "statistic", "p_value",
            "conf_low", "conf_high")) {
  ref[[v]] <- num17(ref[[v]])
}
ref$n <- as.character(as.integer(ref$n))
write_plain(ref, "reference.csv")

# ---------------------------------------------------------------------------
# multiplicity.csv: p.adjust on a fixed vector, Holm and Benjamini-Hochberg.

p_raw <- c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212,
           0.216)
mult <- do.call(rbind, lapply(c("holm", "BH"), function(m) {
  data.frame(method = m, p_raw = num17(p_raw),
             p_adjusted = num17(p.adjust(p_raw, method = m)),
             stringsAsFactors = FALSE)
}))
write_plain(mult, "multiplicity.csv")

# ---------------------------------------------------------------------------
# Versions used (for tests/ref/README.md).

cat(R.version.string, "\n",
    "estimatr ", format(packageVersion("estimatr")), "\n",
    "sandwich ", format(packageVersion("sandwich")), "\n",
    "clubSandwich ", format(packageVersion("clubSandwich")), "\n",
    "wrote ", nrow(ref), " reference rows to ", out_dir, "\n", sep = "")
