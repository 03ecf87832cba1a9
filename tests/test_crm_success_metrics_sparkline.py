# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import doctest

from crm_success_metrics.engine import sparkline


def test_doctests():
    assert not doctest.testmod(sparkline).failed


def test_negative_progress_is_scaled_into_the_box():
    # Progress -50 %, 0 %, 150 %: span 200, so 0 % sits at 50/200 = 1/4 of the
    # height from the bottom: y = 20 - 5 = 15; x steps of 100 / 2 = 50.
    assert sparkline.sparkline_points([-50, 0, 150]) == "0.0,20.0 50.0,15.0 100.0,0.0"


def test_custom_box():
    # Four values on a 30 x 10 box: x steps of 10.
    points = sparkline.sparkline_points([1, 2, 3, 4], width=30, height=10)
    assert points == "0.0,10.0 10.0,6.7 20.0,3.3 30.0,0.0"


def test_empty():
    assert sparkline.sparkline_points([]) == ""
