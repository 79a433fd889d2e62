/*
 * gen_analysis: write a synthetic register-sized analysis dataset, the
 * same file for the toolkit and the reference tools in bench/analysis.sh.
 *
 * One row per participant: id, arm (treatment or control, drawn per
 * cluster, as in a cluster-randomized trial), cluster, the outcome y
 * (earnings in thousands of NOK two years on) and seven baseline
 * covariates of the kind a register gives: age, years in Norway, prior
 * earnings, female, years of schooling, Norwegian test score, children.
 * The outcome depends on the covariates, the arm (effect 12.5) and a
 * cluster effect, so every estimator has something to find.
 *
 * usage: gen_analysis [--rows N] [--clusters C] [--seed S]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "prng.h"

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"rows", required_argument, NULL, 'n'},
	    {"clusters", required_argument, NULL, 'c'},
	    {"seed", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	long rows = 1000, clusters = 66000, i;
	double *effect;
	char *treated;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'n':
			rows = atol(optarg);
			break;
		case 'c':
			clusters = atol(optarg);
			break;
		case 's':
			prng_state = strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr,
			    "usage: gen_analysis [--rows N] "
			    "[--clusters C] [--seed S]\n");
			return 2;
		}
	if (rows < 1 || clusters < 2) {
		fprintf(stderr,
		    "gen_analysis: --rows must be at least 1 and "
		    "--clusters at least 2\n");
		return 2;
	}
	effect = malloc(clusters * sizeof(*effect));
	treated = malloc(clusters);
	if (effect == NULL || treated == NULL)
		return 1;
	for (i = 0; i < clusters; i++) {
		effect[i] = 15 * prng_normal();
		treated[i] = (char)(i % 2);
	}
	/* Shuffle the arms over the clusters: half treated, exactly. */
	for (i = clusters - 1; i > 0; i--) {
		long j = (long)(prng_next() % (uint64_t)(i + 1));
		char t = treated[i];

		treated[i] = treated[j];
		treated[j] = t;
	}
	printf("id,arm,cluster,y,age,years_in_norway,prior_earnings,female,"
	       "schooling,norwegian_score,children\n");
	for (i = 0; i < rows; i++) {
		long cl = (long)(prng_next() % (uint64_t)clusters);
		int age = 18 + prng_below(43), years = prng_below(11);
		int prior = prng_below(5) == 0 ? 0 : 50 + prng_below(400);
		int female = prng_below(100) < 45, schooling = prng_below(17);
		double score = 1 + prng_below(60) / 10.0;
		int children = prng_below(5);
		double y = 80 + 12.5 * treated[cl] + 0.8 * age -
		    0.015 * age * age + 4 * years + 0.3 * prior - 10 * female +
		    2.5 * schooling + 6 * score - 3 * children + effect[cl] +
		    40 * prng_normal();

		printf("%ld,%s,C%05ld,%.2f,%d,%d,%d,%d,%d,%.1f,%d\n", i + 1,
		    treated[cl] ? "treatment" : "control", cl, y, age, years,
		    prior, female, schooling, score, children);
	}
	free(effect);
	free(treated);
	return 0;
}
