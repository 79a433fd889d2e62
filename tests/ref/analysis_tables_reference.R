# Reference values for the analysis tables: covariate balance, attrition,
# Lee (2009) trimming bounds, subgroup effects and exact randomization
# inference.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/analysis_tables_reference.R
#
# It reads the existing datasets basic.csv and missing.csv (written by
# estimatr_reference.R; never rewritten here) and (re)writes, under
# tests/data/analysis/,
#
#     lee.csv, lee_reverse.csv            datasets for the Lee bounds
#     ri_complete.csv, ri_blocked.csv     small datasets for exact RI
#     balance_reference.csv               per-variable balance statistics
#     balance_joint_reference.csv         joint F test of balance
#     attrition_reference.csv             response rates by arm, HC2 test
#     lee_reference.csv                   Lee trimming bounds
#     subgroup_reference.csv              effect by level of f, HC2
#     subgroup_interaction_reference.csv  Wald F test of z:f interactions
#     ri_reference.csv                    exact randomization p-values
#
# The output is deterministic (fixed seeds and RNG kinds): rerunning gives
# byte-identical files on the same R version.  Uses base R, estimatr and
# sandwich (the last for a cross-check only).
#
# Conventions in the CSV files: header row, comma separated, no row names,
# no quotes, numbers written with sprintf("%.17g") so that they round-trip
# exactly, missing values as an empty field, infinite values as "Inf".
# All reference values are computed from the datasets as read back from
# the CSV files, i.e. from exactly the numbers the C code reads.
# Throughout, treated = (arm == "treatment") and z = as.numeric(treated).

# ---------------------------------------------------------------------------
# Locations and the shared CSV helpers (out_file, num17, format_columns,
# write_plain, read_back, check; also the fixed RNG kinds): common.R, in
# this script's own directory.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr", "sandwich")

# Every dataset is read back with arm = TRUE: arm checked, z added.
basic <- read_back("basic.csv", arm = TRUE)
missing_df <- read_back("missing.csv", arm = TRUE)
stopifnot(nrow(basic) == 400, nrow(missing_df) == 120,
          sum(is.na(missing_df$y)) == 12)

# ---------------------------------------------------------------------------
# 1. Covariate balance on basic.csv: x1, x2 numeric, f categorical.
#
# Numeric variable: means by arm, sample SDs (denominator n - 1) by arm,
#   std_diff = (mean_t - mean_c) / sqrt((var_t + var_c) / 2).
# Categorical variable, one row per level (levels in sorted order): the
#   shares p_t, p_c of the level in each arm, sd = sqrt(p (1 - p)) (no
#   n - 1), std_diff = (p_t - p_c) / sqrt((p_t(1-p_t) + p_c(1-p_c)) / 2).

tr <- basic$z == 1
balance_numeric <- function(v) {
  x <- basic[[v]]
  mt <- mean(x[tr]); mc <- mean(x[!tr])
  st <- sd(x[tr]); sc <- sd(x[!tr])
  data.frame(variable = v, level = NA_character_,
             mean_treatment = mt, mean_control = mc,
             sd_treatment = st, sd_control = sc,
             std_diff = (mt - mc) / sqrt((st^2 + sc^2) / 2),
             stringsAsFactors = FALSE)
}
balance_categorical <- function(v) {
  x <- basic[[v]]
  do.call(rbind, lapply(sort(unique(x)), function(l) {
    pt <- mean(x[tr] == l); pc <- mean(x[!tr] == l)
    st <- sqrt(pt * (1 - pt)); sc <- sqrt(pc * (1 - pc))
    data.frame(variable = v, level = l,
               mean_treatment = pt, mean_control = pc,
               sd_treatment = st, sd_control = sc,
               std_diff = (pt - pc) / sqrt((st^2 + sc^2) / 2),
               stringsAsFactors = FALSE)
  }))
}
balance <- rbind(balance_numeric("x1"), balance_numeric("x2"),
                 balance_categorical("f"))
write_plain(format_columns(balance), "balance_reference.csv")

# Joint test: classical (homoskedastic) overall F test of the linear
# probability model z ~ x1 + x2 + f (f as dummies for b and c), i.e.
# df1 = 4, df2 = n - 5.
fit <- lm(z ~ x1 + x2 + f, data = basic)
fs <- summary(fit)$fstatistic
joint <- data.frame(statistic = unname(fs["value"]),
                    df1 = unname(fs["numdf"]), df2 = unname(fs["dendf"]),
                    p_value = pf(fs["value"], fs["numdf"], fs["dendf"],
                                 lower.tail = FALSE))
a <- anova(lm(z ~ 1, data = basic), fit)
check(joint$statistic, a$F[2], "joint F vs anova")
check(joint$p_value, a$`Pr(>F)`[2], "joint p vs anova")
write_plain(format_columns(joint), "balance_joint_reference.csv")

# ---------------------------------------------------------------------------
# 2. Attrition on missing.csv: R = 1 if y observed.  Response rates by arm
# and the coefficient of z in lm_robust(R ~ z, se_type = "HC2"): the
# difference in rates, its HC2 SE, df = n - 2 and the t-test p-value.

missing_df$R <- as.numeric(!is.na(missing_df$y))
fit <- lm_robust(R ~ z, data = missing_df, se_type = "HC2")
rt <- mean(missing_df$R[missing_df$z == 1])
rc <- mean(missing_df$R[missing_df$z == 0])
attrition <- data.frame(rate_treatment = rt, rate_control = rc,
                        difference = unname(fit$coefficients["z"]),
                        std_error = unname(fit$std.error["z"]),
                        df = unname(fit$df["z"]),
                        p_value = unname(fit$p.value["z"]))
check(attrition$difference, rt - rc, "attrition difference")
# HC2 with a single binary regressor is the Neyman SE.
nt <- sum(missing_df$z == 1); nc <- sum(missing_df$z == 0)
check(attrition$std_error,
      sqrt(var(missing_df$R[missing_df$z == 1]) / nt +
             var(missing_df$R[missing_df$z == 0]) / nc), "attrition SE")
write_plain(format_columns(attrition), "attrition_reference.csv")

# ---------------------------------------------------------------------------
# 3. Lee (2009) trimming bounds.
#
# Datasets (columns id,arm,y; y empty for non-respondents): y normal,
# rounded to 6 decimals and all distinct; the respondents in each arm are
# a random subset of fixed size.
#   lee.csv:         150 treated (135 respond, 0.9), 150 control
#                    (113 respond, 0.7533): treated arm is trimmed; with
#                    equal arms p * m = 135 - 113 = 22 up to rounding.
#   lee_reverse.csv: 140 treated (103 respond, 0.7357), 160 control
#                    (144 respond, 0.9): control arm is trimmed and
#                    p * m = 26.29 is not an integer (k = 26).

gen_lee <- function(seed, n_t, r_t, n_c, r_c) {
  set.seed(seed)
  n <- n_t + n_c
  z <- sample(rep(c(1, 0), c(n_t, n_c)))
  y <- round(1 + 0.5 * z + rnorm(n), 6)
  stopifnot(!anyDuplicated(y))
  resp <- logical(n)
  resp[which(z == 1)[sample.int(n_t, r_t)]] <- TRUE
  resp[which(z == 0)[sample.int(n_c, r_c)]] <- TRUE
  y[!resp] <- NA
  data.frame(id = seq_len(n), arm = ifelse(z == 1, "treatment", "control"),
             y = y, stringsAsFactors = FALSE)
}
write_plain(format_columns(gen_lee(20240611, 150, 135, 150, 113), "id"),
            "lee.csv")
write_plain(format_columns(gen_lee(20240602, 140, 103, 160, 144), "id"),
            "lee_reverse.csv")

lee_bounds <- function(d) {
  obs <- !is.na(d$y)
  q_t <- mean(obs[d$z == 1])                 # response rate, treated
  q_c <- mean(obs[d$z == 0])                 # response rate, control
  y_t <- d$y[obs & d$z == 1]                 # treated respondents
  y_c <- d$y[obs & d$z == 0]                 # control respondents
  trim_treated <- q_t >= q_c                 # trim the arm responding more
  q_big <- max(q_t, q_c); q_small <- min(q_t, q_c)
  p <- (q_big - q_small) / q_big             # share of its respondents
  y_trim <- sort(if (trim_treated) y_t else y_c)
  m <- length(y_trim)
  k <- floor(p * m + 1e-9)                   # number dropped
  low_trim <- mean(y_trim[seq_len(m - k)])   # drop the largest k
  high_trim <- mean(y_trim[(k + 1):m])       # drop the smallest k
  if (trim_treated) {
    lower <- low_trim - mean(y_c); upper <- high_trim - mean(y_c)
  } else {
    lower <- mean(y_t) - high_trim; upper <- mean(y_t) - low_trim
  }
  data.frame(q_treatment = q_t, q_control = q_c, trim_share = p,
             trimmed_arm = if (trim_treated) "treatment" else "control",
             k = k, lower = lower, upper = upper, stringsAsFactors = FALSE)
}
lee <- rbind(cbind(data = "lee.csv",
                   lee_bounds(read_back("lee.csv", arm = TRUE))),
             cbind(data = "lee_reverse.csv",
                   lee_bounds(read_back("lee_reverse.csv", arm = TRUE))))
stopifnot(identical(lee$trimmed_arm, c("treatment", "control")),
          identical(lee$k, c(22, 26)), all(lee$lower < lee$upper))
write_plain(format_columns(lee, "k"), "lee_reference.csv")

# ---------------------------------------------------------------------------
# 4. Subgroups of basic.csv by the factor f.
#
# Per level (sorted): lm_robust(y ~ z, data = subset, se_type = "HC2"),
# coefficient of z with df = n_level - 2 and the t interval at 95%.

subgroup <- do.call(rbind, lapply(sort(unique(basic$f)), function(l) {
  fit <- lm_robust(y ~ z, data = basic[basic$f == l, ], se_type = "HC2")
  data.frame(level = l, estimate = unname(fit$coefficients["z"]),
             std_error = unname(fit$std.error["z"]),
             df = unname(fit$df["z"]), p_value = unname(fit$p.value["z"]),
             conf_low = unname(fit$conf.low["z"]),
             conf_high = unname(fit$conf.high["z"]), n = fit$nobs,
             stringsAsFactors = FALSE)
}))
write_plain(format_columns(subgroup, "n"), "subgroup_reference.csv")

# Interaction test: lm_robust(y ~ z * f, se_type = "HC2") (coefficients
# 1, z, fb, fc, z:fb, z:fc).  Wald statistic of the q = 2 interaction
# coefficients b with their HC2 covariance block V: W = b' V^-1 b,
# F = W / q, df1 = q, df2 = n - 6 (fit$df.residual), p = P(F(q, df2) > F).
fit <- lm_robust(y ~ z * f, data = basic, se_type = "HC2")
int_terms <- grep("^z:f", names(fit$coefficients), value = TRUE)
stopifnot(identical(int_terms, c("z:fb", "z:fc")))
b <- fit$coefficients[int_terms]
V <- fit$vcov[int_terms, int_terms]
check(V, vcovHC(lm(y ~ z * f, data = basic), type = "HC2")[int_terms,
                                                              int_terms],
      "interaction HC2 vcov vs sandwich")
q <- length(int_terms)
F_int <- drop(t(b) %*% solve(V, b)) / q
interaction <- data.frame(statistic = F_int, df1 = q,
                          df2 = fit$df.residual,
                          p_value = pf(F_int, q, fit$df.residual,
                                       lower.tail = FALSE))
stopifnot(interaction$df2 == nrow(basic) - 6)
write_plain(format_columns(interaction), "subgroup_interaction_reference.csv")

# ---------------------------------------------------------------------------
# 5. Exact randomization inference.
#
# Datasets: y = round(1 + 2 * z + N(0, 1), 4), all distinct.
#   ri_complete.csv: n = 10, 5 treated (columns id,arm,y).
#   ri_blocked.csv:  12 units, blocks 1 and 2 of 6 (ids 1-6, 7-12), 3
#                    treated per block (columns id,arm,block,y).
# Statistic: plain difference in means, treated minus control.  All
# assignments are enumerated: choose(10, 5) = 252 for the complete design,
# choose(6, 3)^2 = 400 within-block assignments for the blocked one (the
# observed assignment is one of them).  Two-sided exact p-value:
#   p = mean(abs(T_perm) >= abs(T_obs) - 1e-12).

gen_ri <- function(seed, block_sizes, block_treated) {
  set.seed(seed)
  block <- rep(seq_along(block_sizes), block_sizes)
  z <- unlist(lapply(seq_along(block_sizes), function(b)
    sample(rep(c(1, 0), c(block_treated[b],
                          block_sizes[b] - block_treated[b])))))
  y <- round(1 + 2 * z + rnorm(length(z)), 4)
  stopifnot(!anyDuplicated(y))
  data.frame(id = seq_along(z), arm = ifelse(z == 1, "treatment", "control"),
             block = block, y = y, stringsAsFactors = FALSE)
}
ri_c <- gen_ri(20240603, 10, 5)
ri_c$block <- NULL
write_plain(format_columns(ri_c, "id"), "ri_complete.csv")
write_plain(format_columns(gen_ri(20240604, c(6, 6), c(3, 3)),
                           c("id", "block")), "ri_blocked.csv")

diff_means <- function(y, z) mean(y[z == 1]) - mean(y[z == 0])

# All assignments as a matrix with one 0/1 column per assignment.
assign_complete <- function(n, n1) {
  apply(combn(n, n1), 2, function(s) { z <- numeric(n); z[s] <- 1; z })
}
assign_blocked <- function(block, n1) {  # n1[b] treated in block b
  per_block <- lapply(sort(unique(block)), function(b)
    assign_complete(sum(block == b), n1[b]))
  # All combinations of one within-block assignment per block.
  grid <- expand.grid(lapply(per_block, function(m) seq_len(ncol(m))))
  sapply(seq_len(nrow(grid)), function(g) {
    z <- numeric(length(block))
    for (b in seq_along(per_block)) {
      z[block == b] <- per_block[[b]][, grid[g, b]]
    }
    z
  })
}

ri_test <- function(d, Z) {
  stopifnot(!anyDuplicated(t(Z)), any(apply(Z, 2, identical, d$z)))
  t_obs <- diff_means(d$y, d$z)
  t_perm <- apply(Z, 2, function(z) diff_means(d$y, z))
  data.frame(statistic = t_obs,
             p_value = mean(abs(t_perm) >= abs(t_obs) - 1e-12),
             assignments = ncol(Z))
}
ri_c <- read_back("ri_complete.csv", arm = TRUE)
ri_b <- read_back("ri_blocked.csv", arm = TRUE)
stopifnot(identical(ri_b$block, rep(c(1L, 2L), each = 6)),
          all(tapply(ri_b$z, ri_b$block, sum) == 3))
ri <- rbind(cbind(data = "ri_complete.csv",
                  ri_test(ri_c, assign_complete(10, 5))),
            cbind(data = "ri_blocked.csv",
                  ri_test(ri_b, assign_blocked(ri_b$block, c(3, 3)))))
stopifnot(identical(ri$assignments, c(252L, 400L)))
write_plain(format_columns(ri, "assignments"), "ri_reference.csv")

# ---------------------------------------------------------------------------

cat(R.version.string, "\n",
    "estimatr ", format(packageVersion("estimatr")), "\n",
    "sandwich ", format(packageVersion("sandwich")), "\n",
    "wrote analysis table references to ", out_dir, "\n", sep = "")
