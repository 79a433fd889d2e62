# The wild restricted cluster bootstrap (WCR) by definition, for checking
# `analysis effects --se wild` (analysis/wild.c).  From the repository root:
#
#     Rscript tests/ref/wild_reference.R
#
# (re)writes, under tests/data/analysis/:
#   wild12.csv  a class-randomized trial of mother-tongue support: 12 classes
#               of 7..16 pupils in 2 schools (blocks), 3 + 3 classes treated
#               in each; columns id,arm,y,x1,f,block,class
#   wild20.csv  the same design with 20 classes (5 + 5 treated per school)
#   wild_reference.csv  case,data,kind,draws,estimate,std_error,p_value,
#               conf_low,conf_high,p_tol,low_tol,high_tol
#
# Definitions (Roodman, MacKinnon, Nielsen and Webb 2019; MacKinnon and
# Webb 2018): for a null value b0 of the arm's coefficient, the restricted
# fit of y - b0 z on the other columns gives fitted values and residuals u;
# each weight vector v (one weight per cluster) gives y* = b0 z + fitted +
# u * v[cluster], refitted by lm() with every column; t* = (b* - b0) /
# se*, se* the CR1 error sqrt(G/(G-1) (n-1)/(n-k) sum_g (a'X_g'e*_g)^2)
# with a the arm's row of (X'X)^-1.  p(b0) = mean(|t*| >= |t(b0)|), ties
# counted (relative tolerance 1e-10).  The interval is {b0: p(b0) >=
# alpha}: each end is found by stepping out from the estimate by 2^j
# standard errors, j = 0, 1, ..., 20, until p < alpha, then bisecting
# (infinite when not rejected within 2^20 standard errors).
#
# kind "exact": every one of the 2^G Rademacher vectors (G = 12), nothing
# random: our values must agree to 1e-8.  kind "mc": 99,999 vectors drawn
# with R's RNG (Rademacher or Webb) for G = 20; ours draws 9,999 from the
# keyed stream, so the two agree within Monte Carlo error: p_tol is 4
# standard deviations of the difference of the two p-values, low_tol and
# high_tol 4 standard deviations of an end (that of p at the end, over the
# slope of p there, measured on R's p-function).
here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr")

# --------------------------------------------------------------------------
# Data: classes in two schools, arm by class within school.
make_data <- function(G, seed) {
  set.seed(seed)
  rows <- list()
  id <- 0
  for (g in seq_len(G)) {
    block <- if (g <= G / 2) "north" else "south"
    m <- sample(7:16, 1)
    ce <- rnorm(1, 0, 4)
    x1 <- round(rnorm(m, 50, 10), 1)
    f <- sample(c("A1", "A2", "B1"), m, replace = TRUE)
    rows[[g]] <- data.frame(class = sprintf("c%02d", g), block = block,
                            x1 = x1, f = f, ce = ce,
                            stringsAsFactors = FALSE)
  }
  d <- do.call(rbind, rows)
  cls <- unique(d$class)
  treated <- character(0)
  for (b in c("north", "south")) {
    cb <- unique(d$class[d$block == b])
    treated <- c(treated, sample(cb, length(cb) / 2))
  }
  d$arm <- ifelse(d$class %in% treated, "treatment", "control")
  z <- as.numeric(d$arm == "treatment")
  d$y <- round(20 + 2.5 * z + 0.4 * d$x1 + 3 * (d$f == "B1") +
               2 * (d$block == "south") + d$ce + rnorm(nrow(d), 0, 6), 2)
  d$id <- seq_len(nrow(d))
  d[, c("id", "arm", "y", "x1", "f", "block", "class")]
}

write_data <- function(d, name) {
  write_plain(format_columns(d, int_cols = "id"), name)
  read_back(name, arm = TRUE)
}

# --------------------------------------------------------------------------
# The bootstrap by definition.

# The design of a case: the arm's column is "z".
design <- function(d, case) {
  z <- d$z
  switch(case$model,
    ols = cbind(`(Intercept)` = 1, z = z),
    ols_fe = model.matrix(~ z + factor(block), d),
    ancova = model.matrix(~ z + x1 + factor(f), d),
    ancova_x1 = model.matrix(~ z + x1, d),
    lin = {
      B <- model.matrix(~ factor(block), d)[, -1, drop = FALSE]
      C <- scale(cbind(x1 = d$x1, B), center = TRUE, scale = FALSE)
      model.matrix(~ z * C)
    })
}

# What a null value b0 needs, computed once per case: the design, its
# clusters and the weight vectors (G x B).
boot_p <- function(X, y, cl, V, b0) {
  n <- nrow(X); k <- ncol(X); G <- nrow(V)
  j <- which(colnames(X) == "z")
  a <- solve(crossprod(X))[j, ] %*% t(X)
  f <- G / (G - 1) * (n - 1) / (n - k)
  cr1 <- function(e) sqrt(f * colSums(rowsum(as.vector(a) * e, cl)^2))
  full <- lm(y ~ 0 + X)
  t0 <- (coef(full)[j] - b0) / cr1(residuals(full))
  Xr <- X[, -j, drop = FALSE]
  rest <- lm(I(y - b0 * X[, j]) ~ 0 + Xr)
  fitted0 <- b0 * X[, j] + fitted(rest)
  u <- residuals(rest)
  count <- 0
  for (s in split(seq_len(ncol(V)), ceiling(seq_len(ncol(V)) / 5000))) {
    Ystar <- fitted0 + u * V[cl, s, drop = FALSE]
    m <- lm(Ystar ~ 0 + X)
    bstar <- coef(m)[j, ]
    tstar <- (bstar - b0) / cr1(residuals(m))
    count <- count + sum(abs(tstar) >= abs(t0) * (1 - 1e-10), na.rm = TRUE)
  }
  count / ncol(V)
}

bound <- function(p, est, se, alpha, dir, tol) {
  inner <- est
  outer <- NA
  for (j in 0:20) {
    outer <- est + dir * se * 2^j
    if (p(outer) < alpha) break
    inner <- outer
    if (j == 20) return(dir * Inf)
  }
  while (abs(outer - inner) > tol * (abs(inner) + se)) {
    mid <- (inner + outer) / 2
    if (p(mid) < alpha) outer <- mid else inner <- mid
  }
  (inner + outer) / 2
}

run_case <- function(d, case, V, alpha) {
  X <- design(d, case)
  cl <- as.integer(factor(d$class))
  j <- which(colnames(X) == "z")
  fit <- lm(d$y ~ 0 + X)
  est <- unname(coef(fit)[j])
  # The CR1 error, as estimatr's "stata" gives it.
  n <- nrow(X); k <- ncol(X); G <- max(cl)
  a <- solve(crossprod(X))[j, ] %*% t(X)
  se <- sqrt(G / (G - 1) * (n - 1) / (n - k) *
             sum(rowsum(as.vector(a) * residuals(fit), cl)^2))
  df <- data.frame(y = d$y, X[, -1, drop = FALSE], cl = d$class)
  names(df)[2:k] <- paste0("v", 2:k)
  names(df)[2] <- "z"
  lr <- lm_robust(as.formula(paste("y ~", paste(names(df)[2:k],
                                                collapse = " + "))),
                  data = df, clusters = cl, se_type = "stata")
  check(lr$std.error[["z"]], se, paste(case$case, "CR1 error"))
  check(lr$coefficients[["z"]], est, paste(case$case, "estimate"))
  p <- function(b0) boot_p(X, d$y, cl, V, b0)
  tol <- if (case$kind == "exact") 1e-14 else 1e-7
  low <- bound(p, est, se, alpha, -1, tol)
  high <- bound(p, est, se, alpha, 1, tol)
  p0 <- p(0)
  p_tol <- low_tol <- high_tol <- NA
  if (case$kind == "mc") {
    # Ours: 9,999 draws; R: ncol(V).
    mc <- function(q) sqrt(q * (1 - q) * (1 / 9999 + 1 / ncol(V)))
    p_tol <- 4 * mc(p0) + 1e-12
    slope <- function(x) abs(p(x - 0.25 * se) - p(x + 0.25 * se)) / (0.5 * se)
    low_tol <- 4 * mc(alpha) / slope(low)
    high_tol <- 4 * mc(alpha) / slope(high)
  }
  data.frame(case = case$case, data = case$data, kind = case$kind,
             draws = ncol(V), estimate = est, std_error = se,
             p_value = p0, conf_low = low, conf_high = high,
             p_tol = p_tol, low_tol = low_tol, high_tol = high_tol,
             stringsAsFactors = FALSE)
}

d12 <- write_data(make_data(12, 20261201), "wild12.csv")
d20 <- write_data(make_data(20, 20261202), "wild20.csv")

# Every Rademacher vector of 12 clusters: bit g of b set -> -1.
G <- 12
V12 <- sapply(0:(2^G - 1), function(b) ifelse(bitwAnd(b, 2^(0:(G - 1))) > 0,
                                              -1, 1))
set.seed(7)
B <- 99999
V20r <- matrix(sample(c(-1, 1), 20 * B, replace = TRUE), 20, B)
webb <- c(-sqrt(3 / 2), -1, -sqrt(1 / 2), sqrt(1 / 2), 1, sqrt(3 / 2))
V20w <- matrix(sample(webb, 20 * B, replace = TRUE), 20, B)

cases <- list(
  list(case = "exact_dim", data = "wild12.csv", kind = "exact", model = "ols",
       V = V12, alpha = 0.05),
  list(case = "exact_ols_fe", data = "wild12.csv", kind = "exact",
       model = "ols_fe", V = V12, alpha = 0.05),
  list(case = "exact_ancova", data = "wild12.csv", kind = "exact",
       model = "ancova", V = V12, alpha = 0.05),
  list(case = "exact_lin_90", data = "wild12.csv", kind = "exact",
       model = "lin", V = V12, alpha = 0.10),
  list(case = "mc_rademacher", data = "wild20.csv", kind = "mc",
       model = "ancova_x1", V = V20r, alpha = 0.05),
  list(case = "mc_webb", data = "wild20.csv", kind = "mc",
       model = "ancova_x1", V = V20w, alpha = 0.05))

out <- do.call(rbind, lapply(cases, function(cs) {
  d <- if (cs$data == "wild12.csv") d12 else d20
  run_case(d, cs, cs$V, cs$alpha)
}))
write_plain(format_columns(out, int_cols = "draws"), "wild_reference.csv")
print(out)
