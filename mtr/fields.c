/* fields.c — mtr's columns: key, title, format, width, and where each value comes
 * from (netdx/stats.h). The widths and formats are mtr 0.95's, so tables line up the
 * way its users and their parsers expect. */
#include <string.h>

#include "mtr.h"

static double f_drop(const struct hop *hp)
{
	return (double)(hp->stats.sent - hp->stats.received);
}

static double f_loss(const struct hop *hp)
{
	return stats_loss_pct(&hp->stats);
}

static double f_rcv(const struct hop *hp)
{
	return (double)hp->stats.received;
}

static double f_snt(const struct hop *hp)
{
	return (double)hp->stats.sent;
}

static double f_last(const struct hop *hp)
{
	return hp->stats.n ? hp->stats.last_ms : 0;
}

static double f_best(const struct hop *hp)
{
	return hp->stats.n ? hp->stats.min_ms : 0;
}

static double f_avg(const struct hop *hp)
{
	return stats_mean_ms(&hp->stats);
}

static double f_worst(const struct hop *hp)
{
	return hp->stats.n ? hp->stats.max_ms : 0;
}

static double f_stdev(const struct hop *hp)
{
	return stats_stddev_sample_ms(&hp->stats);
}

static double f_gmean(const struct hop *hp)
{
	return stats_gmean_ms(&hp->stats);
}

static double f_jitter(const struct hop *hp)
{
	return hp->stats.n > 1 ? hp->stats.jitter_last_ms : 0;
}

/* f_javg
 * mtr averages jitter over every answer, the first counting as 0. */
static double f_javg(const struct hop *hp)
{
	return hp->stats.n ? hp->stats.jitter_sum_ms / (double)hp->stats.n : 0;
}

static double f_jmax(const struct hop *hp)
{
	return hp->stats.jitter_max_ms;
}

/* f_jint
 * mtr shows RFC 3550's scaled estimator, 16 times the jitter J. */
static double f_jint(const struct hop *hp)
{
	return 16 * hp->stats.jitter_rfc3550;
}

static const struct mtr_field fields[] = {
	{' ', " ", " ", 1, false, f_drop},          {'L', "Loss%", " %4.1f%%", 6, true, f_loss},
	{'D', "Drop", " %4d", 5, false, f_drop},    {'R', "Rcv", " %5d", 6, false, f_rcv},
	{'S', "Snt", " %5d", 6, false, f_snt},      {'N', "Last", " %5.1f", 6, true, f_last},
	{'B', "Best", " %5.1f", 6, true, f_best},   {'A', "Avg", " %5.1f", 6, true, f_avg},
	{'W', "Wrst", " %5.1f", 6, true, f_worst},  {'V', "StDev", " %5.1f", 6, true, f_stdev},
	{'G', "Gmean", " %5.1f", 6, true, f_gmean}, {'J', "Jttr", " %4.1f", 5, true, f_jitter},
	{'M', "Javg", " %4.1f", 5, true, f_javg},   {'X', "Jmax", " %4.1f", 5, true, f_jmax},
	{'I', "Jint", " %4.1f", 5, true, f_jint},
};

const struct mtr_field *mtr_field(char key)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].key == key)
			return &fields[i];
	return NULL;
}

bool mtr_order_valid(const char *order, char *bad)
{
	if (strlen(order) > MTR_MAX_FIELDS) {
		*bad = order[MTR_MAX_FIELDS];
		return false;
	}
	for (const char *p = order; *p; p++) {
		if (!mtr_field(*p)) {
			*bad = *p;
			return false;
		}
	}
	return true;
}
