# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Significance tests of a period against its baseline (pure Python).

Both tests are two-sided and use the normal distribution through
``math.erfc`` only: ``p = erfc(|z| / √2)``. A result is significant when
``p < 0.05``. Tests return None when they are undefined (empty samples, no
variance, or an input that is not a finite number: NaN or infinity).

>>> round(two_proportion_z(45, 100, 30, 100), 2)
2.19
>>> round(two_proportion_p_value(45, 100, 30, 100), 4)
0.0285
"""

import math

ALPHA = 0.05


def _finite(*numbers):
    return all(math.isfinite(number) for number in numbers)


def p_value_from_z(z):
    """Two-sided p-value of a standard normal statistic (None for NaN).

    >>> round(p_value_from_z(1.959964), 4)
    0.05
    >>> p_value_from_z(float("nan")) is None
    True
    """
    if math.isnan(z):
        return None
    return math.erfc(abs(z) / math.sqrt(2.0))


def is_significant(p_value, alpha=ALPHA):
    """Whether a p-value is below the significance level (False when None)."""
    return p_value is not None and p_value < alpha


def two_proportion_z(x1, n1, x2, n2):
    """Pooled two-proportion z statistic of x1/n1 against x2/n2 (None if undefined).

    ``z = (p1 − p2) / √(p (1 − p) (1/n1 + 1/n2))`` with ``p = (x1 + x2) / (n1 + n2)``.
    """
    if not _finite(x1, n1, x2, n2) or n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    if variance <= 0:
        return None
    return (x1 / n1 - x2 / n2) / math.sqrt(variance)


def two_proportion_p_value(x1, n1, x2, n2):
    """Two-sided p-value of the pooled two-proportion z-test (None if undefined)."""
    z = two_proportion_z(x1, n1, x2, n2)
    return None if z is None else p_value_from_z(z)


def poisson_rates_z(x1, t1, x2, t2):
    """z statistic comparing two Poisson rates: x1 events in t1 days vs x2 in t2.

    Conditional test: given ``n = x1 + x2`` events, under equal rates x1 follows
    Binomial(n, t1 / (t1 + t2)); this uses its normal approximation
    ``z = (x1 − n p0) / √(n p0 (1 − p0))`` (fine from about 10 events on).

    >>> round(poisson_rates_z(30, 10, 10, 10), 4)
    3.1623
    """
    if not _finite(x1, t1, x2, t2) or t1 <= 0 or t2 <= 0:
        return None
    n = x1 + x2
    p0 = t1 / (t1 + t2)
    variance = n * p0 * (1.0 - p0)
    if variance <= 0:
        return None
    return (x1 - n * p0) / math.sqrt(variance)


def poisson_rates_p_value(x1, t1, x2, t2):
    """Two-sided p-value of the conditional Poisson rates test (None if undefined)."""
    z = poisson_rates_z(x1, t1, x2, t2)
    return None if z is None else p_value_from_z(z)
