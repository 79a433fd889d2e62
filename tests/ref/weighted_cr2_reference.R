# Weighted CR2: lm_robust(weights =, clusters =, se_type = "CR2") and
# lm_lin(weights =, ...), for checking `analysis effects --prob COL
# --cluster COL --se cr2` (the inverse-probability weights 1/p and
# 1/(1 - p); analysis/ols.c, cr2w()).  Every value is cross-checked
# against clubSandwich's vcovCR(type = "CR2") with coef_test(test =
# "Satterthwaite") on the same weighted lm().  From the repository root:
#
#     Rscript tests/ref/weighted_cr2_reference.R
#
# reads ht.csv and cluster.csv (never rewritten here) and (re)writes, under
# tests/data/analysis/:
#   wcluster.csv               cluster.csv with a probability of treatment p
#                              of 0.3, 0.5 or 0.7 by block (so the weights
#                              are constant within each cluster)
#   weighted_cr2_reference.csv case,data,estimator,estimate,std_error,df
here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr", "clubSandwich")

ht <- read_back("ht.csv", arm = TRUE)
cl <- read_back("cluster.csv", arm = TRUE)
cl$p <- c(0.3, 0.5, 0.7)[cl$block]
write_plain(format_columns(cl[, c("id", "arm", "y", "x1", "cl", "block",
                                  "p")],
                           c("id", "cl", "block")), "wcluster.csv")
wc <- read_back("wcluster.csv", arm = TRUE)
weights_of <- function(d) ifelse(d$z == 1, 1 / d$p, 1 / (1 - d$p))
ht$w <- weights_of(ht)
wc$w <- weights_of(wc)

rows <- list()
add <- function(case, data, estimator, fit, lmfit, cluster) {
  V <- vcovCR(lmfit, cluster = cluster, type = "CR2")
  ct <- coef_test(lmfit, vcov = V, test = "Satterthwaite")
  j <- which(names(coef(lmfit)) == "z")
  check(fit$std.error[["z"]], ct$SE[j], paste(case, "SE vs clubSandwich"),
        1e-10)
  check(fit$df[["z"]], ct$df_Satt[j], paste(case, "df vs clubSandwich"),
        1e-10)
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, data = data, estimator = estimator,
    estimate = fit$coefficients[["z"]], std_error = fit$std.error[["z"]],
    df = fit$df[["z"]], stringsAsFactors = FALSE)
}

# Weights varying within clusters (ht.csv: arm by person).
add("wcr2_ols", "ht.csv", "ols",
    lm_robust(y ~ z, data = ht, weights = w, clusters = cl,
              se_type = "CR2"),
    lm(y ~ z, data = ht, weights = w), ht$cl)
# The strata as indicators (estimatr refuses fixed_effects = with weighted
# CR2; the dummies are the same fit).
add("wcr2_fe", "ht.csv", "ols",
    lm_robust(y ~ z + factor(site), data = ht, weights = w, clusters = cl,
              se_type = "CR2"),
    lm(y ~ z + factor(site), data = ht, weights = w), ht$cl)
# lm_lin centres on the weighted means.
sites <- model.matrix(~ factor(site), ht)[, -1]
sc <- sweep(sites, 2, colSums(sites * ht$w) / sum(ht$w))
add("wcr2_lin", "ht.csv", "lin",
    lm_lin(y ~ z, covariates = ~ factor(site), data = ht, weights = w,
           clusters = cl, se_type = "CR2"),
    lm(ht$y ~ ht$z * sc, weights = ht$w) |>
      (\(m) { names(m$coefficients)[2] <- "z"; m })(), ht$cl)
# Weights constant within clusters (cluster-randomized, p by block).
add("wcr2_cluster", "wcluster.csv", "ols",
    lm_robust(y ~ z, data = wc, weights = w, clusters = cl,
              se_type = "CR2"),
    lm(y ~ z, data = wc, weights = w), wc$cl)
add("wcr2_cluster_ancova", "wcluster.csv", "ancova",
    lm_robust(y ~ z + x1, data = wc, weights = w, clusters = cl,
              se_type = "CR2"),
    lm(y ~ z + x1, data = wc, weights = w), wc$cl)

out <- do.call(rbind, rows)
write_plain(format_columns(out), "weighted_cr2_reference.csv")
print(out)
