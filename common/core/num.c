/* num.c — log, exp, round, floor and ceil without libm (see netdx/num.h). frexp, ldexp and modf
 * come from the C library itself. */
#include "netdx/num.h"

#include <math.h>

/* ln 2 split in two (as fdlibm does), so k * LN2_HI is exact for |k| < 2^11. */
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define LOG2_E 1.44269504088896338700e+00

double num_log(double x)
{
	int e;

	if (isnan(x) || x < 0)
		return NAN;
	if (x == 0)
		return -HUGE_VAL;
	if (isinf(x))
		return x;
	double m = frexp(x, &e); /* x = m * 2^e, m in [0.5, 1) */
	if (m < M_SQRT1_2) {
		m *= 2;
		e--;
	}
	/* ln m = 2 atanh(z), z = (m - 1) / (m + 1), |z| <= 0.1716: the odd series' 12th
	 * term is below 2^-60 of the first. */
	double z = (m - 1) / (m + 1), z2 = z * z, sum = 0;
	for (int k = 23; k >= 1; k -= 2)
		sum = sum * z2 + 1.0 / k;
	return (double)e * LN2_HI + ((double)e * LN2_LO + 2 * z * sum);
}

double num_exp(double x)
{
	if (isnan(x))
		return x;
	if (x > 709.79)
		return HUGE_VAL;
	if (x < -745.2)
		return 0;
	/* x = k ln 2 + r with |r| <= ln 2 / 2; e^r by its Taylor series (the 18th term is
	 * below 2^-70 of e^r), then scaled by 2^k. */
	double k = num_round(x * LOG2_E);
	double r = (x - k * LN2_HI) - k * LN2_LO;
	double sum = 1;
	for (int n = 17; n >= 1; n--)
		sum = 1 + sum * r / n;
	return ldexp(sum, (int)k);
}

double num_round(double x)
{
	double whole, frac = modf(x, &whole);

	if (frac >= 0.5)
		return whole + 1;
	if (frac <= -0.5)
		return whole - 1;
	return whole;
}

double num_floor(double x)
{
	double whole, frac = modf(x, &whole);

	return frac < 0 ? whole - 1 : whole;
}

double num_ceil(double x)
{
	double whole, frac = modf(x, &whole);

	return frac > 0 ? whole + 1 : whole;
}
