# Helpers shared by the R reference scripts in tests/ref/
# (estimatr_reference.R, design_reference.R, analysis_tables_reference.R,
# pieces_reference.R, power_reference.R, pilot_reference.R).
#
# All of them write CSV files under tests/data/ in the same conventions and
# read some of them back, so the code that does this lives here once
# instead of a copy in each script (the copies had already started to
# drift apart).  This file holds:
#
#     root            the repository root (two levels above tests/ref/)
#     ref_setup()     what a script does first: its output directory and
#                     the packages it uses
#     set_out_dir()   choose and create the output directory tests/data/<sub>
#     out_file()      a file name in that directory
#     num17()         numbers as text at full precision (%.17g)
#     format_columns  integer columns as integers, doubles via num17()
#     write_plain()   write a data frame of character columns
#     read_back()     read a written file back (optionally checking arm and
#                     adding the 0/1 treatment indicator z)
#     check()         stop unless two values agree to a relative tolerance
#     add_estimatr()  one reference row from an estimatr fit, into rows
#
# and fixes the RNG kinds (the scripts that draw random numbers then
# set.seed() their own seeds; power_reference.R draws none).
#
# Conventions in the CSV files: header row, comma separated, no row names,
# no quotes, numbers written with sprintf("%.17g") so that they round-trip
# exactly, missing (or not applicable) values as an empty field, infinite
# values as "Inf".
#
# Each script finds its own directory from commandArgs() ("--file=") and
# sources this file from there before anything else, with ref_dir set to
# that directory:
#
#     here <- grep("^--file=", commandArgs(FALSE), value = TRUE)
#     ref_dir <- if (length(here) == 1) dirname(sub("^--file=", "", here)) else
#       file.path(getwd(), "tests", "ref")
#     source(file.path(ref_dir, "common.R"))
#     ref_setup("analysis", "estimatr", "sandwich")

# ---------------------------------------------------------------------------
# Locations: the repository root is two levels above this directory.

root <- normalizePath(file.path(ref_dir, "..", ".."))

# The directory written to (and read back from): tests/data/<sub>, created
# if needed.  Each script calls set_out_dir() once, before writing.
out_dir <- NULL
set_out_dir <- function(sub) {
  out_dir <<- file.path(root, "tests", "data", sub)
  dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
  invisible(out_dir)
}
out_file <- function(name) {
  if (is.null(out_dir)) stop("set_out_dir() has not been called")
  file.path(out_dir, name)
}

# A script's first call: its output directory tests/data/<sub>
# (set_out_dir()) and the packages it names, loaded quietly.
ref_setup <- function(sub, ...) {
  for (p in c(...))
    suppressPackageStartupMessages(library(p, character.only = TRUE))
  set_out_dir(sub)
}

# Fixed RNG kinds, so that a given seed gives the same draws on any R
# version that has these kinds (the defaults changed in R 3.6.0).
RNGkind(kind = "Mersenne-Twister", normal.kind = "Inversion",
        sample.kind = "Rejection")

# ---------------------------------------------------------------------------
# Writing helpers

# Full-precision text for a numeric vector; NA -> "", Inf -> "Inf".
num17 <- function(x) {
  s <- sprintf("%.17g", as.numeric(x))
  s[is.na(x)] <- ""
  s
}

# Integer columns (named in int_cols) as plain integers, double columns at
# full precision, character columns as they are; NA -> "".
format_columns <- function(df, int_cols = character(0)) {
  for (v in names(df)) {
    if (v %in% int_cols) {
      s <- as.character(as.integer(df[[v]]))
      s[is.na(df[[v]])] <- ""
      df[[v]] <- s
    } else if (is.numeric(df[[v]])) {
      df[[v]] <- num17(df[[v]])
    }
  }
  df
}

# Write a data frame whose columns are already character vectors (as made
# by format_columns) to out_file(name).
write_plain <- function(df, name) {
  write.csv(df, out_file(name), row.names = FALSE, quote = FALSE, na = "")
}

# ---------------------------------------------------------------------------
# Reading back

# Read out_file(name) as written above (empty field -> NA).  With
# arm = TRUE the file must have an arm column of "treatment" / "control"
# only, and the 0/1 indicator z = as.numeric(arm == "treatment") is added.
read_back <- function(name, arm = FALSE) {
  df <- read.csv(out_file(name), stringsAsFactors = FALSE, na.strings = "")
  if (arm) {
    stopifnot(all(df$arm %in% c("treatment", "control")))
    df$z <- as.numeric(df$arm == "treatment")
  }
  df
}

# ---------------------------------------------------------------------------
# Cross-checks

# Stop with a message naming `what` unless a and b agree (all.equal, names
# ignored) to the relative tolerance given.
check <- function(a, b, what, tolerance = 1e-10) {
  ok <- isTRUE(all.equal(unname(a), unname(b), tolerance = tolerance))
  if (!ok) stop("cross-check failed: ", what, ": ", format(a, digits = 17),
                " vs ", format(b, digits = 17))
}

# ---------------------------------------------------------------------------
# Collecting reference rows

# One row from an estimatr fit, appended to the script's list `rows`
# (which it starts as list() and binds with do.call(rbind, rows)): the
# coefficient named `coef`, reported under the name `term`.
add_estimatr <- function(case, data, estimator, se_type, fit,
                         coef = "arm01", term = "treatment") {
  t <- tidy(fit)
  r <- t[t$term == coef, ]
  stopifnot(nrow(r) == 1)
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, data = data, estimator = estimator, se_type = se_type,
    term = term, estimate = r$estimate, std_error = r$std.error,
    df = r$df, statistic = r$statistic, p_value = r$p.value,
    conf_low = r$conf.low, conf_high = r$conf.high, n = fit$nobs,
    stringsAsFactors = FALSE)
}
