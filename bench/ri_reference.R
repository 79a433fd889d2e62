# Reference for bench/ri.sh: the same number of re-randomizations in
# base R, permuting the arms within strata (what block randomization
# approximately gives) and taking the difference in means each time.
# usage: Rscript ri_reference.R FILE DRAWS
args <- commandArgs(TRUE)
d <- read.csv(args[1])
draws <- as.integer(args[2])
z <- d$arm == "treatment"
y <- d$y
s <- d$stratum
observed <- mean(y[z]) - mean(y[!z])
set.seed(1)
idx <- split(seq_along(z), s)
extreme <- 0
for (r in seq_len(draws)) {
  zr <- z
  for (i in idx) zr[i] <- z[i][sample.int(length(i))]
  extreme <- extreme + (abs(mean(y[zr]) - mean(y[!zr])) >= abs(observed))
}
cat(sprintf("%.17g %.17g\n", observed, (1 + extreme) / (1 + draws)))
