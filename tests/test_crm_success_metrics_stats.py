# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from crm_success_metrics.engine import stats


def test_two_proportion_textbook_example():
    # 45/100 vs 30/100: pooled p = 75/200 = 0.375;
    # se = √(0.375 × 0.625 × (1/100 + 1/100)) = √0.0046875 = 0.0684653
    # z = 0.15 / 0.0684653 = 2.1909; two-sided p = 2 × (1 − Φ(2.1909)) = 0.0285
    assert stats.two_proportion_z(45, 100, 30, 100) == pytest.approx(2.1909, abs=1e-4)
    p_value = stats.two_proportion_p_value(45, 100, 30, 100)
    assert p_value == pytest.approx(0.02846, abs=1e-4)
    assert stats.is_significant(p_value)


def test_two_proportion_not_significant():
    # 52/100 vs 48/100: pooled 0.5; se = √(0.25 × 0.02) = 0.070711;
    # z = 0.04 / 0.070711 = 0.5657 → p = 0.5716
    assert stats.two_proportion_p_value(52, 100, 48, 100) == pytest.approx(
        0.5716, abs=1e-4
    )
    assert not stats.is_significant(stats.two_proportion_p_value(52, 100, 48, 100))


def test_two_proportion_undefined():
    assert stats.two_proportion_p_value(0, 0, 3, 10) is None
    assert stats.two_proportion_p_value(0, 10, 0, 10) is None  # no variance
    assert stats.two_proportion_p_value(10, 10, 10, 10) is None
    assert not stats.is_significant(None)


def test_poisson_rates():
    # 30 events in 10 days vs 10 in 10 days: n = 40, p0 = 0.5,
    # z = (30 − 20) / √(40 × 0.25) = 10 / 3.1623 = 3.1623; p = 0.001565
    assert stats.poisson_rates_p_value(30, 10, 10, 10) == pytest.approx(
        0.001565, abs=1e-5
    )
    # same daily rate (31 in 31 days vs 365 in 365 days) → z = 0, p = 1
    assert stats.poisson_rates_p_value(31, 31, 365, 365) == pytest.approx(1.0)
    # 45 in 30 days vs 365 in 365 days: n = 410, p0 = 30/395 = 0.0759494,
    # n p0 = 31.1392, var = 31.1392 × 0.9240506 = 28.7742, z = 13.8608 / 5.3642 = 2.5840
    # p = 0.00977
    assert stats.poisson_rates_z(45, 30, 365, 365) == pytest.approx(2.5840, abs=1e-3)
    assert stats.poisson_rates_p_value(45, 30, 365, 365) == pytest.approx(
        0.00977, abs=1e-4
    )
    assert stats.poisson_rates_p_value(0, 30, 0, 365) is None
    assert stats.poisson_rates_p_value(5, 0, 3, 10) is None


def test_p_value_from_z_matches_normal_table():
    # Φ(1.96) = 0.975 → two-sided 0.05; Φ(2.576) = 0.995 → 0.01
    assert stats.p_value_from_z(1.96) == pytest.approx(0.05, abs=1e-4)
    assert stats.p_value_from_z(-2.576) == pytest.approx(0.01, abs=1e-4)


NOT_FINITE = [float("nan"), float("inf"), float("-inf")]


@pytest.mark.parametrize("bad", NOT_FINITE)
@pytest.mark.parametrize("position", range(4))
def test_non_finite_input_means_no_significance(bad, position):
    # e.g. a NaN baseline written by SQL: no test, rather than NaN or a crash
    proportion = [45, 100, 30, 100]
    proportion[position] = bad
    assert stats.two_proportion_p_value(*proportion) is None
    rates = [30, 10, 10, 10]
    rates[position] = bad
    assert stats.poisson_rates_p_value(*rates) is None
    assert not stats.is_significant(stats.two_proportion_p_value(*proportion))


def test_p_value_of_nan_z_is_none():
    assert stats.p_value_from_z(float("nan")) is None
    assert stats.p_value_from_z(float("inf")) == 0.0
