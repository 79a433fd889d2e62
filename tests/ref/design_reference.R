# Reference values for the effect estimators on designs with blocks,
# clusters, pairs, missing covariates and leverage-1 rows: how estimatr
# (difference_in_means, lm_robust with fixed_effects, lm_lin, iv_robust)
# and glm treat them, for checking analysis/effects.c.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/design_reference.R
#
# It reads basic.csv and cluster.csv (written by estimatr_reference.R,
# never rewritten here) and (re)writes, under tests/data/analysis/,
#
#     pairs.csv             n = 44: 10 pairs, then 4 blocks of 6 (3/3)
#     pair_cluster.csv      24 clusters: 12 pairs of clusters, then the
#                           same clusters as 4 pairs and 4 blocks of 4
#     missing_cov.csv       n = 120, y complete, x1 missing in 12 rows
#     leverage.csv          n = 30, factor f with a level of one person
#     subgroup_gap.csv      n = 60, subgroup level c has treated only
#     design_reference.csv  one row per case, as reference.csv
#     design_subgroup_reference.csv  the subgroups of subgroup_gap.csv
#
# Same conventions as estimatr_reference.R (common.R): header row, comma
# separated, no quotes, %.17g, missing = empty field, infinite df = Inf.
# Deterministic: a rerun gives byte-identical files.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr", "sandwich", "clubSandwich")

basic <- read_back("basic.csv", arm = TRUE)
cluster <- read_back("cluster.csv", arm = TRUE)
basic$arm01 <- basic$z
cluster$arm01 <- cluster$z

rows <- list()
write_rounded <- function(df, name, int_cols) {
  write_plain(format_columns(df, int_cols), name)
}

# --- Datasets ----------------------------------------------------------------

# pairs.csv: 10 matched pairs (one treated each) and 4 blocks of 6 with 3
# treated: a blocked design that mixes pairs with larger blocks.
set.seed(7101)
blk <- c(rep(1:10, each = 2), rep(11:14, each = 6))
arm <- unlist(lapply(split(blk, blk), function(b) {
  k <- length(b); sample(rep(c("treatment", "control"), each = k / 2))
}))
y <- round(rnorm(length(blk), 0.5 * (arm == "treatment") + blk / 10), 6)
pairs <- data.frame(id = seq_along(blk), arm = arm, y = y, block = blk)
write_rounded(pairs, "pairs.csv", c("id", "block"))

# pair_cluster.csv: 24 clusters of 2 to 9 people, in 12 pairs with one
# treated cluster each (column pair); column mixed groups clusters 1-16
# in 4 blocks of 4 (2 treated) and leaves clusters 17-24 as 4 pairs.
set.seed(7102)
size <- sample(2:9, 24, replace = TRUE)
pair <- rep(1:12, each = 2)
carm <- unlist(lapply(1:12, function(p) sample(c("treatment", "control"))))
mixed <- c(rep(1:4, each = 4), rep(5:8, each = 2))
cl <- rep(1:24, times = size)
pc <- data.frame(id = seq_along(cl), arm = carm[cl], cl = cl,
                 pair = pair[cl], mixed = mixed[cl])
pc$y <- round(rnorm(nrow(pc), 0.4 * (pc$arm == "treatment") +
                      rnorm(24, 0, 0.5)[cl]), 6)
pc <- pc[, c("id", "arm", "y", "cl", "pair", "mixed")]
write_rounded(pc, "pair_cluster.csv", c("id", "cl", "pair", "mixed"))

# missing_cov.csv: y complete, x1 missing in 12 rows (binary yb complete).
set.seed(7103)
n <- 120
arm <- sample(rep(c("treatment", "control"), each = 60))
x1 <- round(rnorm(n), 6)
y <- round(1 + 0.8 * (arm == "treatment") + 0.6 * x1 + rnorm(n), 6)
yb <- as.integer(runif(n) < 0.35 + 0.2 * (arm == "treatment"))
x1[sample(n, 12)] <- NA
mc <- data.frame(id = 1:n, arm = arm, y = y, yb = yb, x1 = x1)
write_rounded(mc, "missing_cov.csv", c("id", "yb"))

# leverage.csv: factor f with level "solo" held by one person only, so
# that its indicator fits that row exactly (leverage 1).
set.seed(7104)
n <- 30
arm <- sample(rep(c("treatment", "control"), each = 15))
f <- sample(c("a", "b"), n, replace = TRUE)
f[7] <- "solo"
y <- round(rnorm(n, 0.7 * (arm == "treatment")), 6)
lev <- data.frame(id = 1:n, arm = arm, y = y, f = f)
write_rounded(lev, "leverage.csv", "id")

# subgroup_gap.csv: subgroups a and b with both arms, c treated only.
set.seed(7105)
g <- c(rep("a", 24), rep("b", 26), rep("c", 10))
arm <- c(sample(rep(c("treatment", "control"), each = 12)),
         sample(rep(c("treatment", "control"), each = 13)),
         rep("treatment", 10))
y <- round(rnorm(60, 0.5 * (arm == "treatment")), 6)
sg <- data.frame(id = 1:60, arm = arm, y = y, g = g)
write_rounded(sg, "subgroup_gap.csv", "id")

pairs <- read_back("pairs.csv", arm = TRUE); pairs$arm01 <- pairs$z
pc <- read_back("pair_cluster.csv", arm = TRUE); pc$arm01 <- pc$z
mc <- read_back("missing_cov.csv", arm = TRUE); mc$arm01 <- mc$z
lev <- read_back("leverage.csv", arm = TRUE); lev$arm01 <- lev$z
sg <- read_back("subgroup_gap.csv", arm = TRUE); sg$arm01 <- sg$z

# --- Blocks and clusters (difference_in_means) --------------------------------

# blocked_cluster: blocks of 20 clusters; each block's CR2 difference,
# SE sqrt(sum (N_j/N)^2 se_j^2), df = clusters - 2 * blocks = 54.
fit <- difference_in_means(y ~ arm01, blocks = block, clusters = cl,
                           data = cluster)
stopifnot(fit$design == "Block-clustered", fit$df == 54)
add_estimatr("blocked_cluster", "cluster.csv", "blocked", "CR2", fit)
# The same from the block-wise CR2 fits, written out.
bl <- lapply(split(cluster, cluster$block), function(b) {
  f <- lm_robust(y ~ arm01, data = b, clusters = cl, se_type = "CR2")
  c(d = unname(coef(f)["arm01"]), se = unname(f$std.error["arm01"]),
    n = nrow(b))
})
bl <- do.call(rbind, bl)
check(fit$std.error, sqrt(sum((bl[, "n"] / sum(bl[, "n"]))^2 *
                                bl[, "se"]^2)), "block-clustered SE")

# dim_cluster: cluster randomized, no blocks: CR2 of y ~ z.
fit <- difference_in_means(y ~ arm01, clusters = cl, data = cluster)
add_estimatr("dim_cluster", "cluster.csv", "dim", "CR2", fit)

# pairs_mixed: pairs mixed with blocks of 6: estimatr warns and uses the
# matched-pair variance for all blocks, df = blocks - 1 = 13.
w <- NULL
fit <- withCallingHandlers(
  difference_in_means(y ~ arm01, blocks = block, data = pairs),
  warning = function(c) { w <<- conditionMessage(c); invokeRestart("muffleWarning") })
stopifnot(grepl("matched pairs estimator", w), fit$df == 13)
add_estimatr("pairs_mixed", "pairs.csv", "blocked", "neyman", fit)

# pair_cluster: 12 pairs of clusters (Imai, King and Nall 2009, eq. 6),
# df = pairs - 1.
fit <- difference_in_means(y ~ arm01, blocks = pair, clusters = cl, data = pc)
stopifnot(fit$design == "Matched-pair clustered", fit$df == 11)
add_estimatr("pair_cluster", "pair_cluster.csv", "blocked", "neyman", fit)

# pair_cluster_mixed: 4 blocks of 4 clusters and 4 pairs: the
# matched-pair clustered variance for all, with a warning; df = 7.
w <- NULL
fit <- withCallingHandlers(
  difference_in_means(y ~ arm01, blocks = mixed, clusters = cl, data = pc),
  warning = function(c) { w <<- conditionMessage(c); invokeRestart("muffleWarning") })
stopifnot(grepl("matched pairs estimator", w), fit$df == 7)
add_estimatr("pair_cluster_mixed", "pair_cluster.csv", "blocked", "neyman",
             fit)

# --- Strata with the regression estimators ----------------------------------

# dim_strata: the default estimator with --strata is the blocked one.
fit <- difference_in_means(y ~ arm01, blocks = block, data = basic)
add_estimatr("dim_strata", "basic.csv", "blocked", "neyman", fit)

# ols_fe: lm_robust with the blocks as fixed effects, HC2.
fit <- lm_robust(y ~ arm01, fixed_effects = ~ block, data = basic,
                 se_type = "HC2")
add_estimatr("ols_fe", "basic.csv", "ols", "HC2", fit)
check(fit$std.error["arm01"],
      sqrt(vcovHC(lm(y ~ arm01 + factor(block), data = basic),
                  type = "HC2")["arm01", "arm01"]), "ols_fe vs dummies")

# ols_fe_hc1: HC1 counts the fixed effects in n - k.
fit <- lm_robust(y ~ arm01, fixed_effects = ~ block, data = basic,
                 se_type = "HC1")
add_estimatr("ols_fe_hc1", "basic.csv", "ols", "HC1", fit)

# ancova_fe: x1 and x2 with block fixed effects, HC2.
fit <- lm_robust(y ~ arm01 + x1 + x2, fixed_effects = ~ block, data = basic,
                 se_type = "HC2")
add_estimatr("ancova_fe", "basic.csv", "ancova", "HC2", fit)

# lin_blocks: lm_lin with the block indicators among the covariates
# (centred and interacted with the arm).
fit <- lm_lin(y ~ arm01, covariates = ~ x1 + x2 + factor(block),
              data = basic, se_type = "HC2")
add_estimatr("lin_blocks", "basic.csv", "lin", "HC2", fit)

# iv_fe: take-up instrumented by the arm, block fixed effects, HC2.
fit <- iv_robust(y ~ d | arm01, fixed_effects = ~ block, data = basic,
                 se_type = "HC2")
add_estimatr("iv_fe", "basic.csv", "iv", "HC2", fit, coef = "d",
             term = "takeup")

# ols_fe_cr2: cluster-randomized within blocks, block fixed effects, CR2.
fit <- lm_robust(y ~ arm01, fixed_effects = ~ block, clusters = cl,
                 data = cluster, se_type = "CR2")
add_estimatr("ols_fe_cr2", "cluster.csv", "ols", "CR2", fit)
check(fit$std.error["arm01"],
      sqrt(vcovCR(lm(y ~ arm01 + factor(block), data = cluster),
                  cluster = cluster$cl, type = "CR2")[2, 2]),
      "ols_fe_cr2 vs clubSandwich")

# --- Listwise deletion on the variables used only ------------------------

# dim, ols and the risk ratio use y (yb) and the arm: every row.
fit <- difference_in_means(y ~ arm01, data = mc)
stopifnot(fit$nobs == 120)
add_estimatr("dim_missing_cov", "missing_cov.csv", "dim", "neyman", fit)
fit <- lm_robust(y ~ arm01, data = mc, se_type = "HC2")
add_estimatr("ols_missing_cov", "missing_cov.csv", "ols", "HC2", fit)
# ancova with x1 drops the 12 rows without x1.
fit <- lm_robust(y ~ arm01 + x1, data = mc, se_type = "HC2")
stopifnot(fit$nobs == 108)
add_estimatr("ancova_missing_cov", "missing_cov.csv", "ancova", "HC2", fit)
# risk ratio by a log-binomial glm on every row (Wald; closed form).
tight <- glm.control(epsilon = 1e-15, maxit = 200)
g0 <- glm(yb ~ arm01, family = binomial(link = "log"), data = mc,
          control = tight)
g <- glm(yb ~ arm01, family = binomial(link = "log"), data = mc,
         control = tight, start = coef(g0))
s <- coef(summary(g))
ci <- exp(confint.default(g, parm = "arm01", level = 0.95))
rows[[length(rows) + 1]] <- data.frame(
  case = "rr_missing_cov", data = "missing_cov.csv",
  estimator = "risk_ratio", se_type = "wald", term = "treatment",
  estimate = exp(s["arm01", "Estimate"]),
  std_error = s["arm01", "Std. Error"], df = Inf,
  statistic = s["arm01", "z value"], p_value = s["arm01", "Pr(>|z|)"],
  conf_low = ci[1, 1], conf_high = ci[1, 2], n = nobs(g),
  stringsAsFactors = FALSE)
stopifnot(nobs(g) == 120)
# rr_90: the same at a 90% level: the interval exp(log RR -+ z SE).
ci <- exp(confint.default(g, parm = "arm01", level = 0.90))
r <- rows[[length(rows)]]
r$case <- "rr_missing_cov_90"; r$conf_low <- ci[1, 1]; r$conf_high <- ci[1, 2]
rows[[length(rows) + 1]] <- r

# --- Ratios with clusters: glm with sandwich::vcovCL ------------------------

# rr_cluster_*, or_cluster_*: the log-binomial and logistic glm of yb on
# the arm (basic.csv, 40 clusters cl not aligned with the arm), errors
# from vcovCL: CR0 = type "HC0", cadjust = FALSE; stata = vcovCL's
# default for a glm (type "HC0", cadjust = TRUE: G/(G-1), which is also
# Stata's cluster adjustment for maximum-likelihood models).
# Normal reference (df Inf), Wald interval exp(log ratio -+ z SE).
fit_tight <- function(link) {
  g0 <- glm(yb ~ arm01, family = binomial(link = link), data = basic,
            control = tight)
  glm(yb ~ arm01, family = binomial(link = link), data = basic,
      control = tight, start = coef(g0))
}
for (link in c("log", "logit")) {
  g <- fit_tight(link)
  for (st in c("CR0", "stata")) {
    V <- if (st == "CR0") vcovCL(g, cluster = ~ cl, type = "HC0",
                                 cadjust = FALSE) else
      vcovCL(g, cluster = ~ cl)
    if (st == "stata") {
      G <- length(unique(basic$cl)); n <- nrow(basic)
      check(V, vcovCL(g, cluster = ~ cl, type = "HC0", cadjust = FALSE) *
              G / (G - 1), "vcovCL default for a glm")
    }
    b <- unname(coef(g)["arm01"]); se <- sqrt(V["arm01", "arm01"])
    q <- qnorm(0.975)
    rows[[length(rows) + 1]] <- data.frame(
      case = paste0(if (link == "log") "rr" else "or", "_cluster_",
                    tolower(st)),
      data = "basic.csv",
      estimator = if (link == "log") "risk_ratio" else "odds_ratio",
      se_type = st, term = "treatment", estimate = exp(b),
      std_error = se, df = Inf, statistic = b / se,
      p_value = 2 * pnorm(-abs(b / se)),
      conf_low = exp(b - q * se), conf_high = exp(b + q * se),
      n = nobs(g), stringsAsFactors = FALSE)
  }
}

# --- Leverage 1 -------------------------------------------------------------

# ancova_leverage: the "solo" indicator fits row 7 exactly (h = 1), so
# HC2's e^2 / (1 - h) is 0 / 0 there.  estimatr 1.0.0 returns NaN; its
# current source (src/lm_robust_helper.cpp, "Perfect fits cause
# instability, but we can place 0s for those observations") gives the row
# weight 0, and so do we (with a warning).  Reference: HC2 written out
# with weight 0 at h = 1, checked against vcovHC on the other rows' fit.
flm <- lm(y ~ arm01 + f, data = lev)
h <- hatvalues(flm)
stopifnot(abs(h[7] - 1) < 1e-12, sum(abs(h - 1) < 1e-10) == 1)
X <- model.matrix(flm)
e <- residuals(flm)
om <- ifelse(abs(1 - h) < 1e-10, 0, e^2 / (1 - h))
M <- solve(crossprod(X))
V <- M %*% crossprod(X * sqrt(om)) %*% M
est <- unname(coef(flm)["arm01"]); se <- sqrt(V[2, 2])
dfr <- flm$df.residual
q <- qt(0.975, dfr)
rows[[length(rows) + 1]] <- data.frame(
  case = "ancova_leverage", data = "leverage.csv", estimator = "ancova",
  se_type = "HC2", term = "treatment", estimate = est, std_error = se,
  df = dfr, statistic = est / se,
  p_value = 2 * pt(abs(est / se), dfr, lower.tail = FALSE),
  conf_low = est - q * se, conf_high = est + q * se, n = nrow(lev),
  stringsAsFactors = FALSE)
fit <- lm_robust(y ~ arm01 + f, data = lev, se_type = "HC2")
stopifnot(is.nan(fit$std.error["arm01"]) || abs(fit$std.error["arm01"] - se) < 1e-10 * se)

# ---------------------------------------------------------------------------

ref <- do.call(rbind, rows)
stopifnot(!anyDuplicated(ref$case))
for (v in c("estimate", "std_error", "df", "statistic", "p_value",
            "conf_low", "conf_high")) {
  ref[[v]] <- num17(ref[[v]])
}
ref$n <- as.character(as.integer(ref$n))
write_plain(ref, "design_reference.csv")

# Subgroups of subgroup_gap.csv by g: a and b as lm_robust(y ~ z, HC2)
# on the subset; c has no control and is not estimable.  The interaction
# test keeps the one estimable interaction (z:gc is collinear with gc):
# F = b^2 / V on (1, n - rank) degrees of freedom.
sub <- do.call(rbind, lapply(c("a", "b"), function(l) {
  f <- lm_robust(y ~ arm01, data = sg[sg$g == l, ], se_type = "HC2")
  t <- tidy(f); t <- t[t$term == "arm01", ]
  data.frame(level = l, estimate = t$estimate, std_error = t$std.error,
             df = t$df, p_value = t$p.value, conf_low = t$conf.low,
             conf_high = t$conf.high, n = f$nobs)
}))
f <- lm_robust(y ~ arm01 * g, data = sg, se_type = "HC2")
stopifnot(is.na(coef(f)["arm01:gc"]))
b <- coef(f)["arm01:gb"]
V <- vcov(f)["arm01:gb", "arm01:gb"]
Fst <- unname(b^2 / V)
df2 <- f$df.residual
sub <- rbind(sub, data.frame(level = "interaction", estimate = Fst,
                             std_error = NA, df = df2,
                             p_value = pf(Fst, 1, df2, lower.tail = FALSE),
                             conf_low = NA, conf_high = NA, n = nrow(sg)))
write_plain(format_columns(sub, "n"), "design_subgroup_reference.csv")

cat(R.version.string, "\n",
    "estimatr ", format(packageVersion("estimatr")), "\n",
    "wrote ", nrow(ref), " reference rows to ", out_dir, "\n", sep = "")
