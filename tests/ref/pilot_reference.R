# Reference values for the pilot-study summaries: the one-way ANOVA
# intra-class correlation of a cluster pilot with its F-based confidence
# interval, and recruitment rates with exact Poisson confidence intervals.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/pilot_reference.R
#
# which (re)writes, under tests/data/pilot/,
#
#     icc_data.csv          12 clusters C01..C12 of sizes 3..15, ICC ~ 0.15
#     icc_data_small.csv    4 clusters of sizes 2, 3, 3, 5 (rows shuffled)
#     icc_data_zero.csv     8 clusters, MSB < MSW (negative ICC estimate)
#     icc_reference.csv     ANOVA ICC, n0 and F-based 95% interval
#     rate_reference.csv    count / months with exact Poisson 95% interval
#
# The output is deterministic (fixed seeds and RNG kinds): rerunning gives
# byte-identical files on the same R version.  Base R only.
#
# Conventions in the CSV files: header row, comma separated, no row names,
# no quotes, numbers written with sprintf("%.17g") so that they round-trip
# exactly, an empty field where a value does not apply.  All reference
# values are computed from the datasets as read back from the CSV files,
# i.e. from exactly the numbers the C code reads.

# ---------------------------------------------------------------------------
# Locations and the shared CSV helpers (out_file, num17, format_columns,
# write_plain, read_back, check; also the fixed RNG kinds): common.R, in
# this script's own directory.

here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("pilot")

# ---------------------------------------------------------------------------
# 1. Cluster pilot datasets.
#
# y_ij = 10 + u_j + e_ij with u_j ~ N(0, sigma_b^2), e_ij ~ N(0, sigma_w^2)
# and true ICC = sigma_b^2 / (sigma_b^2 + sigma_w^2); y rounded to 4
# decimals.  Cluster labels are "C01", "C02", ...; id = 1..N in row order.

gen_icc <- function(sizes, icc, shuffle = FALSE) {
  k <- length(sizes)
  cluster <- sprintf("C%02d", rep(seq_len(k), sizes))
  u <- rnorm(k, 0, sqrt(icc))
  y <- 10 + u[rep(seq_len(k), sizes)] + rnorm(sum(sizes), 0, sqrt(1 - icc))
  ord <- if (shuffle) sample.int(length(y)) else seq_along(y)
  data.frame(id = seq_along(y), cluster = cluster[ord],
             y = round(y[ord], 4), stringsAsFactors = FALSE)
}

# icc_data.csv: 12 clusters of unequal sizes in 3..15 (the smallest is 3
# and the largest 15), true ICC 0.15; rows sorted by cluster.  (The seed
# was picked so that the sample estimate, 0.16, is close to the truth.)
set.seed(20241401)
main_sizes <- sample(3:15, 12, replace = TRUE)
main_sizes[c(4, 9)] <- c(3, 15)
icc_main <- gen_icc(main_sizes, 0.15)
write_plain(format_columns(icc_main, "id"), "icc_data.csv")

# icc_data_small.csv: a tiny pilot, 4 clusters of sizes 2, 3, 3, 5, true
# ICC 0.15; the rows are in random order (not grouped by cluster).
set.seed(20240602)
icc_small <- gen_icc(c(2, 3, 3, 5), 0.15, shuffle = TRUE)
write_plain(format_columns(icc_small, "id"), "icc_data_small.csv")

# icc_data_zero.csv: 8 clusters of sizes 4..9 with no cluster effect
# (true ICC 0); with this seed the between-cluster mean square happens to
# be below the within (F = 0.33, checked below), so the ANOVA estimate is
# negative while the upper limit of its interval is positive.  Rows
# sorted by cluster.
set.seed(20240603)
zero_sizes <- c(5, 7, 4, 9, 6, 8, 5, 6)
icc_zero <- gen_icc(zero_sizes, 0)
write_plain(format_columns(icc_zero, "id"), "icc_data_zero.csv")

# ---------------------------------------------------------------------------
# 2. ANOVA estimator of the ICC and its F-based interval (Searle 1971;
# Donner 1986; ICC::ICCest).  From the one-way ANOVA of y on cluster,
# k clusters, N people, n_j cluster sizes:
#
#   n0    = (N - sum(n_j^2) / N) / (k - 1)
#   icc   = (MSB - MSW) / (MSB + (n0 - 1) MSW)          (not truncated)
#   F     = MSB / MSW
#   FL    = F / qf(0.975, k - 1, N - k)
#   FU    = F / qf(0.025, k - 1, N - k)
#   lower = (FL - 1) / (FL + n0 - 1)
#   upper = (FU - 1) / (FU + n0 - 1)                     (not truncated)

icc_row <- function(name) {
  d <- read_back(name)
  stopifnot(!anyNA(d$y), !anyNA(d$cluster))
  a <- anova(lm(y ~ factor(cluster), data = d))
  msb <- a[["Mean Sq"]][1]
  msw <- a[["Mean Sq"]][2]
  nj <- as.vector(table(d$cluster))
  k <- length(nj)
  N <- nrow(d)
  stopifnot(a[["Df"]][1] == k - 1, a[["Df"]][2] == N - k)

  # Cross-check the ANOVA mean squares against the closed forms.
  gm <- mean(d$y)
  means <- tapply(d$y, d$cluster, mean)
  ssb <- sum(nj * (means - gm)^2)
  ssw <- sum((d$y - means[d$cluster])^2)
  check(msb, ssb / (k - 1), paste(name, "MSB"))
  check(msw, ssw / (N - k), paste(name, "MSW"))

  n0 <- (N - sum(nj^2) / N) / (k - 1)
  icc <- (msb - msw) / (msb + (n0 - 1) * msw)
  f <- msb / msw
  fl <- f / qf(0.975, k - 1, N - k)
  fu <- f / qf(0.025, k - 1, N - k)
  lower <- (fl - 1) / (fl + n0 - 1)
  upper <- (fu - 1) / (fu + n0 - 1)

  # Cross-check: icc equals (F - 1) / (F + n0 - 1) and lies in the
  # interval; for equal sizes n0 would be the common size.
  check(icc, (f - 1) / (f + n0 - 1), paste(name, "icc via F"))
  stopifnot(lower < icc, icc < upper)

  data.frame(data = name, clusters = k, n = N, msb = msb, msw = msw,
             n0 = n0, icc = icc, lower = lower, upper = upper,
             stringsAsFactors = FALSE)
}

icc_ref <- do.call(rbind, lapply(c("icc_data.csv", "icc_data_small.csv",
                                   "icc_data_zero.csv"), icc_row))

# Properties the datasets were built to have.
sz <- table(read_back("icc_data.csv")$cluster)
stopifnot(length(sz) == 12, min(sz) == 3, max(sz) == 15,
          length(unique(as.vector(sz))) > 1,
          identical(names(sz), sprintf("C%02d", 1:12)))
stopifnot(identical(sort(as.vector(table(read_back("icc_data_small.csv")$cluster))),
                    c(2L, 3L, 3L, 5L)))
stopifnot(icc_ref$icc[1] > 0.1, icc_ref$icc[1] < 0.2,    # around 0.15
          icc_ref$msb[3] < icc_ref$msw[3], icc_ref$icc[3] < 0,
          icc_ref$upper[3] > 0)

write_plain(format_columns(icc_ref, c("clusters", "n")), "icc_reference.csv")

# ---------------------------------------------------------------------------
# 3. Recruitment rates: count events in `months` months, rate = count /
# months per month, exact (Garwood) Poisson 95% interval as given by
# poisson.test(count, months)$conf.int:
#
#   lower = qgamma(alpha, count) / months     (0 when count = 0)
#   upper = qgamma(1 - alpha, count + 1) / months,  alpha = (1 - 0.95) / 2
#
# equivalently lower = qchisq(0.025, 2 count) / (2 months), upper =
# qchisq(0.975, 2 (count + 1)) / (2 months) (checked below to 1e-12).

rate_cases <- data.frame(
  count  = c(0, 0, 1, 5, 12, 40, 137, 400),
  months = c(3, 0.5, 0.5, 4.5, 11.25, 7.5, 18, 36))

rate_ref <- do.call(rbind, lapply(seq_len(nrow(rate_cases)), function(i) {
  x <- rate_cases$count[i]
  t <- rate_cases$months[i]
  pt_ <- poisson.test(x, t)
  ci <- as.vector(pt_$conf.int)
  rate <- unname(pt_$estimate)
  check(rate, x / t, "rate")
  lo <- if (x == 0) 0 else qchisq(0.025, 2 * x) / (2 * t)
  check(ci[1], lo, paste("rate lower", x, t), tolerance = 1e-12)
  check(ci[2], qchisq(0.975, 2 * (x + 1)) / (2 * t),
        paste("rate upper", x, t), tolerance = 1e-12)
  data.frame(count = x, months = t, rate = rate,
             lower = ci[1], upper = ci[2])
}))
stopifnot(all(rate_ref$lower[rate_ref$count == 0] == 0))

write_plain(format_columns(rate_ref, "count"), "rate_reference.csv")

cat(R.version.string, "\n",
    "wrote ", nrow(icc_ref), " ICC rows and ", nrow(rate_ref),
    " rate rows to ", out_dir, "\n", sep = "")
