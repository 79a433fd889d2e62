/*
 * gen_register: write a synthetic recruitment register for the
 * supported-employment protocol, for the demo, the tests and the
 * benchmarks.
 *
 * Identity numbers are synthetic fødselsnummer (month + 80, the test
 * numbers Skatteetaten reserves for software testing), so no real person's
 * number can appear; they are unique within a run and carry valid check
 * digits.  Values follow the shares in DOMAIN.md loosely.
 *
 * usage: gen_register [--rows N] [--seed S] [--sites A,B,...]
 *                     [--first N] [--year YYYY] [--source]
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "prng.h"

/* Pick index i with probability weights[i] / sum. */
static int
pick(const int *weights, int n)
{
	int i, sum = 0, r;

	for (i = 0; i < n; i++)
		sum += weights[i];
	r = prng_below(sum);
	for (i = 0; i < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

/*
 * A fresh synthetic number and the birth year it encodes.  Successive
 * serials are spread over (individual number, day, month, year) by a
 * multiplication modulo their count, which is a bijection, so numbers
 * never repeat; serials whose check digits do not exist are skipped.
 */
#define COMBINATIONS (500L * 28 * 12 * 47)

static long serial;

static void
synthetic_id(int year, char out[32], int *birth_year)
{
	char nine[32], cd[3];

	for (;;) {
		long n = (long)((serial++ * 1000003ULL + 12345) % COMBINATIONS);
		int individual = (int)(n % 500);
		int day = (int)((n / 500) % 28) + 1;
		int month = (int)((n / 500 / 28) % 12) + 1;

		*birth_year = year - 19 - (int)(n / 500 / 28 / 12);
		/* Individual numbers 500-999 mark births from 2000. */
		if (*birth_year >= 2000)
			individual += 500;
		snprintf(nine, sizeof(nine), "%02d%02d%02d%03d", day,
		    month + 80, *birth_year % 100, individual);
		if (rct_identity_fnr_check_digits(nine, cd) == 0)
			break;
	}
	snprintf(out, 32, "%.9s%s", nine, cd);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"rows", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"sites", required_argument, NULL, 'S'},
	    {"first", required_argument, NULL, 'f'},
	    {"year", required_argument, NULL, 'y'},
	    {"source", no_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	static const char *const education[] = {"none", "primary",
	    "lower_secondary", "upper_secondary", "higher", "unknown"};
	static const int education_w[] = {12, 25, 20, 22, 15, 6};
	static const char *const level[] = {"none", "A1", "A2", "B1", "B2",
	    "unknown"};
	static const int level_w[] = {10, 25, 30, 20, 8, 7};
	char *sites[64], *list, *tok, id[32];
	long rows = 100, first = 0, i;
	int nsites = 0, c, year = 2026, source = 0, by;

	prng_state = 1;
	list = strdup("0301,4601,5001,1103,3005");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'n':
			rows = atol(optarg);
			break;
		case 's':
			prng_state = strtoull(optarg, NULL, 10);
			break;
		case 'S':
			free(list);
			list = strdup(optarg);
			break;
		case 'f':
			first = atol(optarg);
			break;
		case 'y':
			year = atoi(optarg);
			break;
		case 'o':
			source = 1;
			break;
		default:
			fprintf(stderr,
			    "usage: gen_register [--rows N] "
			    "[--seed S] [--sites A,B] [--first N] [--year Y] "
			    "[--source]\n");
			return 2;
		}
	for (tok = strtok(list, ","); tok && nsites < 64;
	     tok = strtok(NULL, ","))
		sites[nsites++] = tok;
	printf("id_number,site,gender,birth_year,education,norwegian_level,"
	       "years_in_norway,consent_date%s\n",
	    source ? ",norwegian_level_source" : "");
	for (i = 0; i < first; i++)
		synthetic_id(year, id, &by);
	for (i = 0; i < rows; i++) {
		int lvl = pick(level_w, 6);

		synthetic_id(year, id, &by);
		printf("%s,%s,%s,%d,%s,%s,%d,%d-%02d-%02d", id,
		    sites[prng_below(nsites)],
		    prng_below(100) < 55 ? "male" : "female", by,
		    education[pick(education_w, 6)], level[lvl],
		    prng_below(4) == 0 ? prng_below(16) : prng_below(8), year,
		    1 + prng_below(9), 1 + prng_below(28));
		if (source)
			printf(",%s",
			    lvl == 5          ? "" :
				prng_below(3) ? "test" :
						"assessment");
		putchar('\n');
	}
	free(list);
	return 0;
}
