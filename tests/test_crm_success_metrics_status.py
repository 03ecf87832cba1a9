# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from crm_success_metrics.engine import status


def test_progress_pct():
    # up: baseline 200, target 300, value 260 → 60 / 100 = 60 %
    assert status.progress_pct(260.0, 200.0, 300.0) == pytest.approx(60.0)
    # down: baseline 40 h, target 24 h, value 44 h → −4 / −16 = −25 % (worse)
    assert status.progress_pct(44.0, 40.0, 24.0) == pytest.approx(-25.0)
    # beyond the target: 150 %
    assert status.progress_pct(350.0, 200.0, 300.0) == pytest.approx(150.0)
    assert status.progress_pct(None, 200.0, 300.0) is None
    assert status.progress_pct(10.0, 5.0, 5.0) is None


@pytest.mark.parametrize(
    "args, expected",
    [
        # value, target, direction, progress, expected, tolerance, error
        ((10.0, 5.0, "up", 50.0, 50.0, 10.0, True), "error"),
        ((None, 5.0, "up", None, 50.0, 10.0, False), "no_data"),
        ((300.0, 300.0, "up", 100.0, 50.0, 10.0, False), "achieved"),
        ((20.0, 24.0, "down", 125.0, 50.0, 10.0, False), "achieved"),
        ((250.0, 300.0, "up", 40.0, 50.0, 10.0, False), "on_track"),  # 40 ≥ 50 − 10
        ((239.0, 300.0, "up", 39.0, 50.0, 10.0, False), "at_risk"),  # 0 < 39 < 40
        ((200.0, 300.0, "up", 0.0, 50.0, 10.0, False), "off_track"),
        ((44.0, 24.0, "down", -25.0, 50.0, 10.0, False), "off_track"),
        ((200.0, 300.0, "up", 0.0, 5.0, 10.0, False), "on_track"),  # early on
    ],
)
def test_line_status(args, expected):
    assert status.line_status(*args[:6], error=args[6]) == expected


def test_success_index_weighted_and_clamped():
    # weights 2 and 1; progress 150 → 100 and −30 → 0 → (2×100 + 1×0) / 3
    assert status.success_index([(2.0, 150.0), (1.0, -30.0)]) == pytest.approx(
        66.6667, abs=1e-4
    )
    # (1×40 + 3×80) / 4 = 70
    assert status.success_index([(1.0, 40.0), (3.0, 80.0)]) == pytest.approx(70.0)
    assert status.success_index([]) is None


def _objective(key, name, progress, conflicts, tolerance=10.0):
    return {
        "key": key,
        "name": name,
        "progress": progress,
        "tolerance": tolerance,
        "conflicts": conflicts,
    }


def test_tradeoffs_warn_both_sides():
    warnings = status.tradeoffs(
        [
            _objective(1, "Revenue", 30.0, [2]),
            _objective(2, "Complaints", -15.0, [1]),
            _objective(3, "Leads", 50.0, []),
        ]
    )
    assert warnings == {1: [("improved", "Complaints")], 2: [("worsened", "Revenue")]}


def test_tradeoffs_need_worsening_beyond_tolerance():
    # −10 is not beyond a 10-point tolerance; no improvement → no warning either
    assert not status.tradeoffs(
        [_objective(1, "Revenue", 30.0, [2]), _objective(2, "Complaints", -10.0, [1])]
    )
    assert not status.tradeoffs(
        [_objective(1, "Revenue", 0.0, [2]), _objective(2, "Complaints", -50.0, [1])]
    )
    assert not status.tradeoffs(
        [_objective(1, "Revenue", 30.0, [2]), _objective(2, "Complaints", None, [1])]
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_give_no_progress(bad):
    assert status.progress_pct(bad, 200.0, 300.0) is None
    assert status.progress_pct(260.0, bad, 300.0) is None
    assert status.progress_pct(260.0, 200.0, bad) is None


def test_success_index_leaves_out_non_finite_lines():
    nan, inf = float("nan"), float("inf")
    assert status.success_index([(1.0, 50.0), (1.0, nan), (inf, 10.0)]) == 50.0
    assert status.success_index([(nan, 50.0)]) is None
