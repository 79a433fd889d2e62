# Reference values for power, sample size and minimum detectable effect
# (MDES) calculations, for checking `analysis power`.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/power_reference.R
#
# which (re)writes, under tests/data/power/,
#
#     individual.csv           two-sample t test (pwr.t.test, pwr.t2n.test)
#     binary.csv               two proportions, arcsine h (pwr.2p.test)
#     cluster.csv              two-level cluster randomized (PowerUpR cra2)
#     blocked.csv              individuals randomized within blocks with
#                              fixed block effects (PowerUpR bira2f1)
#     powerupr_noncentral.csv  extra: the cluster.csv / blocked.csv power
#                              and cluster counts with PowerUpR's own
#                              noncentral-t power (see section 5)
#
# individual.csv and binary.csv use R's pwr package.  PowerUpR is not
# installed here: its formulas for cra2 (mdes.cra2r2 / power.cra2r2) and
# bira2f1 (mdes.bira2f1 / power.bira2f1) are implemented below in plain R,
# exactly as the project specifies them (sections 3 and 4).
#
# No random numbers are used: the output is deterministic and a rerun
# gives byte-identical files on the same R version.
#
# Conventions in the CSV files: header row, comma separated, no row names,
# no quotes, numbers written with sprintf("%.17g") so that they round-trip
# exactly (so alpha 0.05 is written 0.050000000000000003), an empty field
# for "not applicable".  All alternatives are two-sided.

# ---------------------------------------------------------------------------
# Locations and the shared CSV helpers (out_file, num17, format_columns,
# write_plain, read_back, check; also the fixed RNG kinds): common.R, in
# this script's own directory.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("power", "pwr")

# pwr solves for n or the effect size with uniroot at its default
# tolerance (.Machine$double.eps^0.25, about 1.2e-4 absolute), which for an
# effect size of 0.2 could be up to 6e-4 relative.  So every solved value
# written below is the root of pwr's own power function (the function is
# called through pwr, with power = NULL) found again with uniroot at
# tol = 1e-13; the script checks that it agrees with the value pwr returns
# (within 1e-4 relative; in practice far closer, see worst_pwr_gap).
TOL <- 1e-13
worst_pwr_gap <- 0
refine <- function(f, interval, pwr_value, what) {
  r <- uniroot(f, interval, tol = TOL, maxiter = 10000)$root
  gap <- abs(r - pwr_value) / abs(r)
  worst_pwr_gap <<- max(worst_pwr_gap, gap)
  check(r, pwr_value, paste("refined root vs pwr:", what), tolerance = 1e-4)
  r
}

# ---------------------------------------------------------------------------
# 1. individual.csv: two-sample t test, noncentral t, two-sided.
#
# Equal arms, n per arm (pwr.t.test, type = "two.sample"):
#   nu = 2 (n - 1), ncp = d sqrt(n / 2), q = qt(1 - alpha/2, nu),
#   power = pt(q, nu, ncp, lower = FALSE) + pt(-q, nu, ncp, lower = TRUE).
# Unequal arms, n1 control and n2 = ratio * n1 treatment (pwr.t2n.test):
#   nu = n1 + n2 - 2, ncp = d / sqrt(1/n1 + 1/n2), same power expression.
# solve = "n_per_arm": the real n per arm with power(n) = power (pwr
#   interval c(2 + 1e-10, 1e9)), not rounded.
# solve = "power": power at the given n.
# solve = "mdes": the d with power(d) = power (pwr interval c(1e-7, 10)),
#   written in effect_size.
# Equal-arm rows have ratio = 1 and n1, n2 empty; unequal rows have
# n_per_arm empty.

pow_t <- function(n, d, alpha) {
  pwr.t.test(n = n, d = d, sig.level = alpha, power = NULL,
             type = "two.sample", alternative = "two.sided")$power
}
pow_t2n <- function(n1, n2, d, alpha) {
  pwr.t2n.test(n1 = n1, n2 = n2, d = d, sig.level = alpha, power = NULL,
               alternative = "two.sided")$power
}

# Closed form of the same power, as a cross-check of pwr.
pow_t_closed <- function(n1, n2, d, alpha) {
  nu <- n1 + n2 - 2
  ncp <- d / sqrt(1 / n1 + 1 / n2)
  q <- qt(1 - alpha / 2, nu)
  pt(q, nu, ncp, lower.tail = FALSE) + pt(-q, nu, ncp, lower.tail = TRUE)
}

ind_rows <- list()
add_ind <- function(case, solve, effect_size = NA, n_per_arm = NA,
                    ratio = NA, alpha, power = NA, n1 = NA, n2 = NA) {
  ind_rows[[length(ind_rows) + 1]] <<- data.frame(
    case = case, solve = solve, effect_size = effect_size,
    n_per_arm = n_per_arm, ratio = ratio, alpha = alpha, power = power,
    n1 = n1, n2 = n2, stringsAsFactors = FALSE)
}

ind_n <- function(case, d, alpha, power) {
  p <- pwr.t.test(d = d, sig.level = alpha, power = power,
                  type = "two.sample", alternative = "two.sided")$n
  n <- refine(function(n) pow_t(n, d, alpha) - power, c(2 + 1e-10, 1e9),
              p, case)
  check(pow_t(n, d, alpha), power, paste(case, "power at n"), 1e-9)
  add_ind(case, "n_per_arm", effect_size = d, n_per_arm = n, ratio = 1,
          alpha = alpha, power = power)
}
ind_power <- function(case, d, n, alpha) {
  p <- pow_t(n, d, alpha)
  check(p, pow_t_closed(n, n, d, alpha), paste(case, "closed form"))
  check(p, pow_t2n(n, n, d, alpha), paste(case, "t2n with n1 = n2"))
  add_ind(case, "power", effect_size = d, n_per_arm = n, ratio = 1,
          alpha = alpha, power = p)
}
ind_mdes <- function(case, n, alpha, power) {
  p <- pwr.t.test(n = n, sig.level = alpha, power = power,
                  type = "two.sample", alternative = "two.sided")$d
  d <- refine(function(d) pow_t(n, d, alpha) - power, c(1e-7, 10), p, case)
  add_ind(case, "mdes", effect_size = d, n_per_arm = n, ratio = 1,
          alpha = alpha, power = power)
}
ind2_power <- function(case, d, n1, ratio, alpha) {
  n2 <- ratio * n1
  p <- pow_t2n(n1, n2, d, alpha)
  check(p, pow_t_closed(n1, n2, d, alpha), paste(case, "closed form"))
  add_ind(case, "power", effect_size = d, ratio = ratio, alpha = alpha,
          power = p, n1 = n1, n2 = n2)
}
ind2_mdes <- function(case, n1, ratio, alpha, power) {
  n2 <- ratio * n1
  p <- pwr.t2n.test(n1 = n1, n2 = n2, sig.level = alpha, power = power,
                    alternative = "two.sided")$d
  d <- refine(function(d) pow_t2n(n1, n2, d, alpha) - power, c(1e-7, 10),
              p, case)
  add_ind(case, "mdes", effect_size = d, ratio = ratio, alpha = alpha,
          power = power, n1 = n1, n2 = n2)
}

# Sample size per arm.
ind_n("n_d0.2_a0.05_p0.8", 0.2, 0.05, 0.8)
ind_n("n_d0.3_a0.05_p0.8", 0.3, 0.05, 0.8)
ind_n("n_d0.5_a0.05_p0.8", 0.5, 0.05, 0.8)
ind_n("n_d0.8_a0.05_p0.8", 0.8, 0.05, 0.8)
ind_n("n_d0.2_a0.05_p0.9", 0.2, 0.05, 0.9)
ind_n("n_d0.3_a0.01_p0.8", 0.3, 0.01, 0.8)
ind_n("n_d0.5_a0.01_p0.9", 0.5, 0.01, 0.9)
# Power.
ind_power("power_d0.2_n100_a0.05", 0.2, 100, 0.05)
ind_power("power_d0.3_n200_a0.05", 0.3, 200, 0.05)
ind_power("power_d0.5_n20_a0.05", 0.5, 20, 0.05)
ind_power("power_d0.5_n64_a0.05", 0.5, 64, 0.05)
ind_power("power_d0.8_n30_a0.01", 0.8, 30, 0.01)
# MDES.
ind_mdes("mdes_n50_a0.05_p0.8", 50, 0.05, 0.8)
ind_mdes("mdes_n500_a0.05_p0.9", 500, 0.05, 0.9)
ind_mdes("mdes_n100_a0.01_p0.8", 100, 0.01, 0.8)
ind_mdes("mdes_n20_a0.05_p0.9", 20, 0.05, 0.9)
# Unequal allocation, ratio = n2 / n1 (treatment / control).
ind2_power("power_d0.5_n1_60_ratio2_a0.05", 0.5, 60, 2, 0.05)
ind2_power("power_d0.3_n1_100_ratio0.5_a0.05", 0.3, 100, 0.5, 0.05)
ind2_mdes("mdes_n1_60_ratio2_a0.05_p0.8", 60, 2, 0.05, 0.8)
ind2_mdes("mdes_n1_200_ratio0.5_a0.01_p0.9", 200, 0.5, 0.01, 0.9)

individual <- do.call(rbind, ind_rows)
stopifnot(!anyDuplicated(individual$case))
write_plain(format_columns(individual), "individual.csv")

# ---------------------------------------------------------------------------
# 2. binary.csv: two proportions, equal n per arm (pwr.2p.test), normal
# approximation on the arcsine scale, two-sided:
#   h = ES.h(p_treatment, p_control)
#     = 2 asin(sqrt(p_treatment)) - 2 asin(sqrt(p_control)),
#   z = qnorm(1 - alpha/2),
#   power = pnorm(z - h sqrt(n/2), lower = FALSE)
#           + pnorm(-z - h sqrt(n/2), lower = TRUE)
#   (pwr uses |h|; all rows here have p_treatment > p_control, h > 0).
# solve = "n_per_arm": real n with power(n) = power (interval
#   c(2 + 1e-10, 1e9)), not rounded.  solve = "power": power at n.

pow_2p <- function(n, h, alpha) {
  pwr.2p.test(h = h, n = n, sig.level = alpha, power = NULL,
              alternative = "two.sided")$power
}
pow_2p_closed <- function(n, h, alpha) {
  z <- qnorm(1 - alpha / 2)
  pnorm(z - h * sqrt(n / 2), lower.tail = FALSE) +
    pnorm(-z - h * sqrt(n / 2), lower.tail = TRUE)
}

bin_rows <- list()
add_bin <- function(case, solve, pc, pt_, n, alpha, power) {
  h <- ES.h(pt_, pc)
  check(h, 2 * asin(sqrt(pt_)) - 2 * asin(sqrt(pc)), paste(case, "h"))
  if (solve == "n_per_arm") {
    p <- pwr.2p.test(h = h, sig.level = alpha, power = power,
                     alternative = "two.sided")$n
    n <- refine(function(n) pow_2p(n, h, alpha) - power, c(2 + 1e-10, 1e9),
                p, case)
    check(pow_2p_closed(n, h, alpha), power, paste(case, "power at n"), 1e-9)
  } else {
    power <- pow_2p(n, h, alpha)
    check(power, pow_2p_closed(n, h, alpha), paste(case, "closed form"))
  }
  bin_rows[[length(bin_rows) + 1]] <<- data.frame(
    case = case, solve = solve, p_control = pc, p_treatment = pt_, h = h,
    n_per_arm = n, alpha = alpha, power = power, stringsAsFactors = FALSE)
}

add_bin("n_pc0.40_pt0.50_a0.05_p0.8", "n_per_arm", 0.40, 0.50, NA, 0.05, 0.8)
add_bin("n_pc0.35_pt0.45_a0.05_p0.9", "n_per_arm", 0.35, 0.45, NA, 0.05, 0.9)
add_bin("n_pc0.50_pt0.65_a0.05_p0.8", "n_per_arm", 0.50, 0.65, NA, 0.05, 0.8)
add_bin("n_pc0.60_pt0.75_a0.01_p0.8", "n_per_arm", 0.60, 0.75, NA, 0.01, 0.8)
add_bin("power_pc0.45_pt0.55_n300_a0.05", "power", 0.45, 0.55, 300, 0.05, NA)
add_bin("power_pc0.40_pt0.50_n400_a0.05", "power", 0.40, 0.50, 400, 0.05, NA)
add_bin("power_pc0.55_pt0.70_n150_a0.05", "power", 0.55, 0.70, 150, 0.05, NA)
add_bin("power_pc0.35_pt0.50_n100_a0.01", "power", 0.35, 0.50, 100, 0.01, NA)

binary <- do.call(rbind, bin_rows)
stopifnot(!anyDuplicated(binary$case))
write_plain(format_columns(binary), "binary.csv")

# ---------------------------------------------------------------------------
# Power for the PowerUpR designs, exactly as specified for this project:
# two-tailed, central t shifted by lambda = ES / SE,
#   power = 1 - pt(qt(1 - alpha/2, df) - lambda, df)
#             + pt(-qt(1 - alpha/2, df) - lambda, df).
# NOTE: the PowerUpR sources (R/utils.R, .power.fun, in PowerUpR 1.0.0
# and later) instead evaluate the NONCENTRAL t with ncp = lambda,
#   1 - pt(qt(alpha/2, df, lower.tail = FALSE), df, lambda)
#     + pt(-qt(alpha/2, df, lower.tail = FALSE), df, lambda);
# those values are written, for the same rows, to powerupr_noncentral.csv
# (section 5) and are not used in cluster.csv / blocked.csv.
# MDES, also as in PowerUpR's .mdes.fun (for power >= 0.5):
#   MDES = (qt(1 - alpha/2, df) + qt(power, df)) * SE.
# df may be non-integer (the cluster-count root); qt / pt accept real df.

power_spec <- function(es, se, df, alpha) {
  q <- qt(1 - alpha / 2, df)
  lambda <- es / se
  1 - pt(q - lambda, df) + pt(-q - lambda, df)
}
power_powerupr <- function(es, se, df, alpha) {
  q <- qt(alpha / 2, df, lower.tail = FALSE)
  lambda <- es / se
  1 - pt(q, df, lambda) + pt(-q, df, lambda)
}
mdes_spec <- function(se, df, alpha, power) {
  (qt(1 - alpha / 2, df) + qt(power, df)) * se
}

# ---------------------------------------------------------------------------
# 3. cluster.csv: two-level cluster randomized trial (PowerUpR cra2r2,
# mdes.cra2 / power.cra2), implemented here:
#   J clusters of n individuals, ICC rho, share of clusters treated P,
#   R2_2 / R2_1 the cluster- / individual-level covariate R^2,
#   g cluster-level covariates, df = J - g - 2,
#   SE = sqrt(rho (1 - R2_2) / (P (1 - P) J)
#             + (1 - rho) (1 - R2_1) / (P (1 - P) J n)).
# solve = "mdes": mdes = MDES at the given J, power.
# solve = "power": power at the given J and effect size (written in the
#   mdes column).
# solve = "clusters": J empty; for the effect size in mdes and the target
#   power, J_real = the real root of power_spec(J) = power (uniroot on J
#   over (g + 2 + 1e-6, 1e6), tol = 1e-10; df = J - g - 2 real), and
#   J_needed = ceiling(J_real).

cra2_se <- function(J, n, rho, P, R2_2, R2_1) {
  sqrt(rho * (1 - R2_2) / (P * (1 - P) * J) +
         (1 - rho) * (1 - R2_1) / (P * (1 - P) * J * n))
}
cra2_df <- function(J, g) J - g - 2

extra_rows <- list()
add_extra <- function(file, case, quantity, spec, powerupr) {
  extra_rows[[length(extra_rows) + 1]] <<- data.frame(
    file = file, case = case, quantity = quantity, spec = spec,
    powerupr_noncentral = powerupr, stringsAsFactors = FALSE)
}

cl_rows <- list()
add_cl <- function(case, solve, J = NA, n, rho, P = 0.5, R2_2 = 0,
                   R2_1 = 0, g = 0, alpha = 0.05, power = NA, mdes = NA) {
  J_real <- NA
  J_needed <- NA
  if (solve == "mdes") {
    se <- cra2_se(J, n, rho, P, R2_2, R2_1)
    mdes <- mdes_spec(se, cra2_df(J, g), alpha, power)
  } else if (solve == "power") {
    se <- cra2_se(J, n, rho, P, R2_2, R2_1)
    power <- power_spec(mdes, se, cra2_df(J, g), alpha)
    add_extra("cluster.csv", case, "power", power,
              power_powerupr(mdes, se, cra2_df(J, g), alpha))
  } else {
    solve_J <- function(pfun) {
      f <- function(J) {
        pfun(mdes, cra2_se(J, n, rho, P, R2_2, R2_1), cra2_df(J, g),
             alpha) - power
      }
      uniroot(f, c(g + 2 + 1e-6, 1e6), tol = 1e-10, maxiter = 10000)$root
    }
    J_real <- solve_J(power_spec)
    J_needed <- ceiling(J_real)
    pw <- function(J) {
      power_spec(mdes, cra2_se(J, n, rho, P, R2_2, R2_1), cra2_df(J, g),
                 alpha)
    }
    check(pw(J_real), power, paste(case, "power at J_real"), 1e-8)
    stopifnot(pw(J_needed) >= power, pw(J_needed - 1) < power)
    J_nc <- solve_J(power_powerupr)
    add_extra("cluster.csv", case, "J_real", J_real, J_nc)
    add_extra("cluster.csv", case, "J_needed", J_needed, ceiling(J_nc))
  }
  cl_rows[[length(cl_rows) + 1]] <<- data.frame(
    case = case, solve = solve, J = J, n = n, rho = rho, P = P,
    R2_2 = R2_2, R2_1 = R2_1, g = g, alpha = alpha, power = power,
    mdes = mdes, J_real = J_real, J_needed = J_needed,
    stringsAsFactors = FALSE)
}

# MDES.
add_cl("mdes_J20_n10_rho0.1", "mdes", J = 20, n = 10, rho = 0.1,
       power = 0.8)
add_cl("mdes_J40_n20_rho0.05_cov", "mdes", J = 40, n = 20, rho = 0.05,
       R2_2 = 0.5, R2_1 = 0.3, g = 1, power = 0.8)
add_cl("mdes_J10_n25_rho0.2", "mdes", J = 10, n = 25, rho = 0.2,
       power = 0.8)
add_cl("mdes_J80_n5_rho0.02_P0.4", "mdes", J = 80, n = 5, rho = 0.02,
       P = 0.4, power = 0.8)
add_cl("mdes_J30_n15_rho0.15_cov_a0.01_p0.9", "mdes", J = 30, n = 15,
       rho = 0.15, R2_2 = 0.4, g = 1, alpha = 0.01, power = 0.9)
# Power.
add_cl("power_J30_n15_rho0.1_es0.3", "power", J = 30, n = 15, rho = 0.1,
       mdes = 0.3)
add_cl("power_J60_n10_rho0.05_cov_es0.2", "power", J = 60, n = 10,
       rho = 0.05, R2_2 = 0.5, R2_1 = 0.2, g = 1, mdes = 0.2)
add_cl("power_J16_n25_rho0.2_es0.5", "power", J = 16, n = 25, rho = 0.2,
       mdes = 0.5)
add_cl("power_J50_n8_rho0.02_P0.6_es0.25", "power", J = 50, n = 8,
       rho = 0.02, P = 0.6, mdes = 0.25)
# Number of clusters.
add_cl("clusters_n10_rho0.1_es0.3_p0.8", "clusters", n = 10, rho = 0.1,
       power = 0.8, mdes = 0.3)
add_cl("clusters_n20_rho0.05_cov_es0.25_p0.8", "clusters", n = 20,
       rho = 0.05, R2_2 = 0.5, g = 1, power = 0.8, mdes = 0.25)
add_cl("clusters_n5_rho0.2_es0.45_p0.9", "clusters", n = 5, rho = 0.2,
       power = 0.9, mdes = 0.45)
add_cl("clusters_n25_rho0.05_R2_1_0.3_es0.5_p0.8", "clusters", n = 25,
       rho = 0.05, R2_1 = 0.3, power = 0.8, mdes = 0.5)

cluster <- do.call(rbind, cl_rows)
stopifnot(!anyDuplicated(cluster$case))
write_plain(format_columns(cluster, c("J", "n", "g", "J_needed")),
            "cluster.csv")

# Cross-checks of the cluster formulas: with rho = 0 and no covariates the
# SE is the individual-level sqrt(1 / (P (1 - P) J n)); with rho = 1 it is
# sqrt(1 / (P (1 - P) J)).
check(cra2_se(20, 10, 0, 0.5, 0, 0), sqrt(1 / (0.25 * 200)), "cra2 rho 0")
check(cra2_se(20, 10, 1, 0.5, 0, 0), sqrt(1 / (0.25 * 20)), "cra2 rho 1")

# ---------------------------------------------------------------------------
# 4. blocked.csv: individuals randomized within J blocks (sites) with fixed
# block effects and a constant treatment effect (PowerUpR bira2f1,
# mdes.bira2f1 / power.bira2f1), implemented here:
#   n individuals per block, share treated P, R2_1 the individual-level
#   covariate R^2, g individual-level covariates, df = J (n - 2) - g,
#   SE = sqrt((1 - R2_1) / (P (1 - P) J n)).
# solve = "mdes": mdes = MDES at the given power.
# solve = "power": power at the effect size given in the mdes column.

bira_se <- function(J, n, P, R2_1) sqrt((1 - R2_1) / (P * (1 - P) * J * n))
bira_df <- function(J, n, g) J * (n - 2) - g

bl_rows <- list()
add_bl <- function(case, solve, J, n, P = 0.5, R2_1 = 0, g = 0,
                   alpha = 0.05, power = NA, mdes = NA) {
  se <- bira_se(J, n, P, R2_1)
  df <- bira_df(J, n, g)
  if (solve == "mdes") {
    mdes <- mdes_spec(se, df, alpha, power)
  } else {
    power <- power_spec(mdes, se, df, alpha)
    add_extra("blocked.csv", case, "power", power,
              power_powerupr(mdes, se, df, alpha))
  }
  bl_rows[[length(bl_rows) + 1]] <<- data.frame(
    case = case, solve = solve, J = J, n = n, P = P, R2_1 = R2_1, g = g,
    alpha = alpha, power = power, mdes = mdes, stringsAsFactors = FALSE)
}

add_bl("mdes_J10_n40", "mdes", J = 10, n = 40, power = 0.8)
add_bl("mdes_J4_n100_cov", "mdes", J = 4, n = 100, R2_1 = 0.3, g = 1,
       power = 0.8)
add_bl("mdes_J20_n10_cov_a0.01_p0.9", "mdes", J = 20, n = 10, R2_1 = 0.5,
       g = 2, alpha = 0.01, power = 0.9)
add_bl("power_J8_n50_es0.25", "power", J = 8, n = 50, mdes = 0.25)
add_bl("power_J5_n30_cov_P0.4_es0.4", "power", J = 5, n = 30, P = 0.4,
       R2_1 = 0.2, g = 1, mdes = 0.4)
add_bl("power_J3_n20_es0.5", "power", J = 3, n = 20, mdes = 0.5)

blocked <- do.call(rbind, bl_rows)
stopifnot(!anyDuplicated(blocked$case))
write_plain(format_columns(blocked, c("J", "n", "g")), "blocked.csv")

# With many degrees of freedom the blocked design approaches the
# individual two-sample calculation: SE = 2 / sqrt(N) for P = 0.5.
check(bira_se(10, 40, 0.5, 0), 2 / sqrt(400), "bira2f1 SE, P = 0.5")

# ---------------------------------------------------------------------------
# 5. powerupr_noncentral.csv (extra, not part of the specification):
# columns file,case,quantity,spec,powerupr_noncentral.  For every
# cluster.csv / blocked.csv row that depends on the power function
# (solve = "power": quantity power; solve = "clusters": quantities J_real
# and J_needed), spec is the value written in that file (shifted central
# t, above) and powerupr_noncentral the value with PowerUpR's own
# .power.fun (noncentral t, ncp = ES / SE).  The MDES rows are identical
# under both and are not repeated.

extra <- do.call(rbind, extra_rows)
write_plain(format_columns(extra), "powerupr_noncentral.csv")

# ---------------------------------------------------------------------------
# Versions used (for tests/ref/README.md) and the largest gap between a
# refined root and the value pwr itself returns.

cat(R.version.string, "\n",
    "pwr ", format(packageVersion("pwr")), "\n",
    "largest relative gap, refined root vs pwr's own: ",
    format(worst_pwr_gap, digits = 3), "\n",
    "wrote ", nrow(individual), " + ", nrow(binary), " + ", nrow(cluster),
    " + ", nrow(blocked), " rows to ", out_dir, "\n", sep = "")
