# The blocked estimator and Horvitz-Thompson on the export of a lottery
# store with a site that offered every applicant a place, for checking
# what `analysis effects STORE` leaves out (t3230).  lottery_left_out.csv
# is the export written by t3230's setup (three sites: oslo 12 of 33 and
# ostviken 14 of 35 offered a place, vestland 25 applicants for 60
# places, all offered; columns participant, arm, site, the stored
# probability p of the course, trade_certificate_48m with missing
# values, work_48m), kept as it was written: the lottery draws under the
# trial's random secret.  From the repository root:
#
#     Rscript tests/ref/lottery_left_out_reference.R
#
# reads tests/data/analysis/lottery_left_out.csv and (re)writes
# tests/data/analysis/lottery_left_out_reference.csv:
# case,estimate,std_error,df,n
#   blocked_trade  difference_in_means(trade ~ z, blocks = site)
#   blocked_work   difference_in_means(work ~ z, blocks = site)
#   ht_work        horvitz_thompson(work ~ z, condition_prs = p)
# each on the sites whose offer was random (0 < p < 1): estimatr refuses
# the blocked estimator with vestland in (checked below), and its
# probability 1 gives its controls no weight.
here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
  file.path(getwd(), "tests", "ref")
source(file.path(ref_dir, "common.R"))
ref_setup("analysis", "estimatr")

all <- read_back("lottery_left_out.csv")
stopifnot(all(all$arm %in% c("course", "ordinary")))
all$z <- as.numeric(all$arm == "course")
# estimatr on every site: vestland has one arm, and is refused.
refused <- tryCatch({
  difference_in_means(work_48m ~ z, data = all, blocks = site)
  FALSE
}, error = function(e) TRUE)
stopifnot(refused)

d <- all[all$p > 0 & all$p < 1, ]
stopifnot(!("vestland" %in% d$site), nrow(d) == sum(all$site != "vestland"))
trade <- d[!is.na(d$trade_certificate_48m), ]
bt <- difference_in_means(trade_certificate_48m ~ z, data = trade,
                          blocks = site)
bw <- difference_in_means(work_48m ~ z, data = d, blocks = site)
ht <- horvitz_thompson(work_48m ~ z, data = d, condition_prs = p)

# The blocked estimate written out: block means weighted by block size.
blocked_by_hand <- function(y, z, b) {
  n <- tapply(y, b, length)
  dif <- tapply(y[z == 1], b[z == 1], mean) - tapply(y[z == 0], b[z == 0], mean)
  v <- tapply(y[z == 1], b[z == 1], var) / tapply(y[z == 1], b[z == 1], length) +
    tapply(y[z == 0], b[z == 0], var) / tapply(y[z == 0], b[z == 0], length)
  w <- n / sum(n)
  c(sum(w * dif), sqrt(sum(w^2 * v)))
}
h <- with(d, blocked_by_hand(work_48m, z, site))
check(bw$coefficients[["z"]], h[1], "blocked estimate")
check(bw$std.error[["z"]], h[2], "blocked se")

out <- data.frame(case = c("blocked_trade", "blocked_work", "ht_work"),
                  estimate = c(bt$coefficients[["z"]], bw$coefficients[["z"]],
                               ht$coefficients[["z"]]),
                  std_error = c(bt$std.error[["z"]], bw$std.error[["z"]],
                                ht$std.error[["z"]]),
                  df = c(bt$df[["z"]], bw$df[["z"]], Inf),
                  n = c(bt$nobs, bw$nobs, ht$nobs))
write_plain(format_columns(out, "n"), "lottery_left_out_reference.csv")
print(out, digits = 17)
