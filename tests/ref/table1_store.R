# Table 1 of a store, computed by R from the store's own export
# (tests/t3970-table1.sh, run at test time: a store's arms are drawn anew
# in each run, so no fixed reference can be kept).
#
#     Rscript tests/ref/table1_store.R EXPORT.csv PROTOCOL_CODES.tsv OUT.tsv
#
# PROTOCOL_CODES.tsv: variable, then its codes in the protocol's order.
# Writes one row per figure as table1 prints it: variable, row (a code,
# "missing" or "mean_sd"), arm, figure ("n (%.1f)" of the arm's n, or
# "%.1f (%.1f)" for mean (SD)); base R only.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = "character")
d <- d[d$arm != "", ]
codes <- strsplit(readLines(args[2]), "\t")
out <- character()
for (arm in sort(unique(d$arm))) {
  a <- d[d$arm == arm, ]
  n <- nrow(a)
  for (v in codes) {
    x <- a[[v[1]]]
    if (length(v) > 1) {
      for (code in v[-1]) {
        k <- sum(x == code)
        out <- c(out, sprintf("%s\t%s\t%s\t%d (%.1f)", v[1], code, arm, k,
                              100 * k / n))
      }
    } else {
      y <- as.numeric(x[x != ""])
      out <- c(out, sprintf("%s\tmean_sd\t%s\t%.1f (%.1f)", v[1], arm,
                            mean(y), sd(y)))
    }
    if (any(x == "")) {
      k <- sum(x == "")
      out <- c(out, sprintf("%s\tmissing\t%s\t%d (%.1f)", v[1], arm, k,
                            100 * k / n))
    }
  }
}
writeLines(out, args[3])
