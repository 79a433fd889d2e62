# Reference values for analysis table1 (tests/t3970-table1.sh): the
# baseline table of basic.csv by arm, as R computes and prints it.
#
# Rerun from the repository root with
#
#     Rscript tests/ref/table1_reference.R
#
# It reads tests/data/analysis/basic.csv (written by estimatr_reference.R)
# and writes tests/data/analysis/table1_reference.tsv: one row per figure,
# the variable, the row (a level, "mean_sd", "median_iqr"), the column (an
# arm or Total) and the figure as Table 1 prints it:
#   n (%)              sprintf("%d (%.1f)", n, 100 * n / arm's n)
#   mean (SD)          sprintf("%.4f (%.4f)", mean(x), sd(x))
#   median [Q1, Q3]    quantile(x, c(.5, .25, .75), type = 7), "%.4f"
# with base R only.
d <- read.csv("tests/data/analysis/basic.csv", stringsAsFactors = FALSE)
cols <- list(control = d$arm == "control", treatment = d$arm == "treatment",
             Total = rep(TRUE, nrow(d)))
out <- data.frame(variable = character(), row = character(),
                  column = character(), figure = character())
add <- function(v, r, c, f) out[nrow(out) + 1, ] <<- list(v, r, c, f)
for (c in names(cols)) {
  x <- d$x1[cols[[c]]]
  add("x1", "mean_sd", c, sprintf("%.4f (%.4f)", mean(x), sd(x)))
  x <- d$x2[cols[[c]]]
  q <- quantile(x, c(0.5, 0.25, 0.75), type = 7)
  add("x2", "median_iqr", c, sprintf("%.4f [%.4f, %.4f]", q[1], q[2], q[3]))
  n <- sum(cols[[c]])
  for (l in sort(unique(d$f))) {
    k <- sum(d$f[cols[[c]]] == l)
    add("f", l, c, sprintf("%d (%.1f)", k, 100 * k / n))
  }
}
write.table(out, "tests/data/analysis/table1_reference.tsv", sep = "\t",
            row.names = FALSE, quote = FALSE)
