# Read trial export's Stata, SPSS and Excel files back with R's haven and
# readxl, and compare every value, type and label with the CSV export of
# the same store and with the protocol's codebook (tests/t1650).
#
#   Rscript tests/read_exports.R PROTOCOL.ini EXPORT.csv FILE.dta|FILE.sav|FILE.xlsx...
#
# Prints one line per problem and "read_exports: N files, M problems";
# exits 1 when there is a problem.  The CSV is read as text, every cell
# kept as written (an empty cell is ""); each file's columns must be the
# CSV's, in its order, and hold the same values:
#
#   code columns (baseline codes, VAR_source, status, exit_reason, arm,
#   ordinal outcomes): in .dta and .sav labelled numbers 1, 2, ... in the
#   codebook's order, each labelled with its code; in .xlsx text.
#   integers and numbers: numbers (integers whole; in .sav format F11.0),
#   equal to the CSV's as R reads them.
#   dates: Date in .dta and .sav, a date-time at midnight in .xlsx.
#   text (participant, site, stratum): text, exactly the CSV's.
#
# and each column of a .dta or .sav has the protocol's label (cut at 80
# characters in Stata).

suppressPackageStartupMessages({
	library(haven)
	library(readxl)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: read_exports.R PROTOCOL CSV FILE...")
problems <- 0
problem <- function(...) {
	cat(..., "\n", sep = "")
	problems <<- problems + 1
}

# The protocol's codebook: per [variable] and [outcome] section its type,
# codes (or sources, levels) and label; the arms in order.
read_protocol <- function(path) {
	lines <- readLines(path, encoding = "UTF-8")
	items <- list()
	arms <- character(0)
	section <- NULL
	key <- NULL
	for (line in lines) {
		if (grepl("^\\s*[;#]", line) || grepl("^\\s*$", line)) next
		if (grepl("^\\[", line)) {
			head <- sub("^\\[([^]]*)\\].*", "\\1", line)
			parts <- strsplit(head, " +")[[1]]
			section <- if (length(parts) == 2) parts else NULL
			if (!is.null(section) && section[1] == "arm")
				arms <- c(arms, section[2])
			if (!is.null(section))
				items[[section[2]]] <- list(kind = section[1])
			key <- NULL
			next
		}
		if (is.null(section)) next
		if (grepl("^\\s", line) && !is.null(key)) {
			items[[section[2]]][[key]] <- paste(items[[section[2]]][[key]],
				trimws(line))
			next
		}
		key <- trimws(sub("=.*", "", line))
		value <- trimws(sub(" ;.*", "", sub("^[^=]*=", "", line)))
		items[[section[2]]][[key]] <- value
	}
	list(items = items, arms = arms)
}

split_list <- function(s) if (is.null(s)) character(0) else trimws(strsplit(s, ",")[[1]])

proto <- read_protocol(args[1])
csv <- read.csv(args[2], colClasses = "character", na.strings = character(0),
	check.names = FALSE)
exit_reasons <- c("paid_work", "upper_secondary", "higher_education",
	"adult_primary_school", "other_measure", "dropped_out",
	"completed_without_activity", "moved", "unknown")

# What each CSV column must be: kind (text, integer, number, date, code),
# its codes, its label.
expect <- function(name) {
	items <- proto$items
	base <- sub("_enrolled$", "", name)
	if (base != name && !is.null(items[[base]]) && items[[base]]$kind == "variable") {
		e <- expect(base)
		e$label <- paste0(e$label, " (as enrolled)")
		return(e)
	}
	src <- sub("_source$", "", name)
	if (src != name && !is.null(items[[src]]$sources))
		return(list(kind = "code", codes = split_list(items[[src]]$sources),
			label = paste("Where", src, "came from")))
	fixed <- list(
		participant = list(kind = "text", label = "Participant (pseudonymous id)"),
		site = list(kind = "text", label = "Recruiting site"),
		enrolled = list(kind = "date", label = "Date of enrolment"),
		stratum = list(kind = "text", label = "Stratum allocated in"),
		status = list(kind = "code", codes = c("enrolled", "withdrawn", "exited"),
			label = "Status in the study"),
		withdrawn = list(kind = "date", label = "Date of withdrawal from the study"),
		exit_reason = list(kind = "code", codes = exit_reasons,
			label = "Reason for leaving the measure"),
		exit_date = list(kind = "date", label = "Date of leaving the measure"),
		arm = list(kind = "code", codes = proto$arms, label = "Arm allocated"))
	if (!is.null(fixed[[name]])) return(fixed[[name]])
	it <- items[[name]]
	if (is.null(it)) stop("column '", name, "' is not in the protocol")
	type <- it$type
	kind <- switch(type, code = "code", integer = "integer", number = "number",
		date = "date", text = "text", binary = "integer", count = "integer",
		continuous = "number", ordinal = "code")
	list(kind = kind, codes = split_list(it$codes), label = it$label)
}

# A column of a file as the CSV writes it.
as_text <- function(x) {
	if (is.labelled(x)) {
		labels <- attr(x, "labels")
		v <- names(labels)[match(unclass(x), labels)]
	} else if (inherits(x, "Date")) {
		v <- format(x, "%Y-%m-%d")
	} else if (inherits(x, "POSIXct")) {
		v <- format(x, "%Y-%m-%d", tz = "UTC")
	} else if (is.numeric(x)) {
		v <- as.character(x)
	} else {
		v <- as.character(x)
	}
	v[is.na(x)] <- ""
	v
}

check_file <- function(path) {
	ext <- tolower(sub(".*\\.", "", path))
	blind <- grepl("blind", basename(path))
	d <- switch(ext, dta = read_dta(path), sav = read_sav(path),
		xlsx = read_xlsx(path, sheet = "export"),
		stop("unknown file type: ", path))
	if (!identical(names(d), names(csv))) {
		problem(path, ": columns ", paste(names(d), collapse = ","),
			", expected ", paste(names(csv), collapse = ","))
		return(invisible())
	}
	if (nrow(d) != nrow(csv))
		problem(path, ": ", nrow(d), " rows, expected ", nrow(csv))
	for (name in names(csv)) {
		x <- d[[name]]
		want <- csv[[name]]
		e <- expect(name)
		if (blind && name == "arm") {
			e$codes <- LETTERS[seq_along(proto$arms)]
			e$label <- "Arm allocated (masked)"
		}
		where <- paste0(path, ": column ", name)
		empty <- all(want == "")
		if (ext != "xlsx") {
			label <- attr(x, "label")
			wanted <- if (ext == "dta") substr(e$label, 1, 80) else e$label
			if (!identical(label, wanted))
				problem(where, ": label '", label, "', expected '", wanted, "'")
		}
		if (e$kind == "code" && ext != "xlsx") {
			labels <- attr(x, "labels")
			if (!is.labelled(x) ||
			    !identical(names(labels)[seq_along(e$codes)], e$codes) ||
			    !isTRUE(all(unclass(labels) == seq_along(labels))))
				problem(where, ": labels ", paste(names(labels), "=",
					unclass(labels), collapse = ", "), ", expected ",
					paste(e$codes, "=", seq_along(e$codes), collapse = ", "))
		} else if (e$kind %in% c("integer", "number")) {
			if (!is.numeric(x) && !(empty && is.logical(x)))
				problem(where, ": ", class(x)[1], ", expected numbers")
			if (e$kind == "integer" && !isTRUE(all(x == round(x), na.rm = TRUE)))
				problem(where, ": not whole numbers")
			if (e$kind == "integer" && ext == "sav" &&
			    !identical(attr(x, "format.spss"), "F11.0"))
				problem(where, ": format ", attr(x, "format.spss"),
					", expected F11.0")
			got <- as.numeric(x)
			num <- suppressWarnings(as.numeric(want))
			num[want == ""] <- NA
			bad <- which(!(is.na(got) & is.na(num)) &
				(is.na(got) | is.na(num) | got != num))
			for (i in head(bad, 5))
				problem(where, " row ", i, ": ", got[i], ", expected ", want[i])
			next
		} else if (e$kind == "date") {
			ok <- if (ext == "xlsx") inherits(x, "POSIXct") || (empty && is.logical(x))
				else inherits(x, "Date")
			if (!ok) problem(where, ": ", class(x)[1], ", expected a date")
		} else if (!is.character(x) && !(empty && is.logical(x))) {
			problem(where, ": ", class(x)[1], ", expected text")
		}
		got <- as_text(x)
		bad <- which(got != want)
		for (i in head(bad, 5))
			problem(where, " row ", i, ": '", got[i], "', expected '", want[i], "'")
	}
}

for (f in args[-(1:2)]) check_file(f)
cat("read_exports: ", length(args) - 2, " files, ", problems, " problems\n",
	sep = "")
quit(status = if (problems > 0) 1 else 0)
