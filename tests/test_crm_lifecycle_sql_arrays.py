"""Array literals of crm_lifecycle's bulk statements (no database needed)."""

import doctest
from datetime import date, datetime

from crm_lifecycle.engine import sql_arrays
from crm_lifecycle.engine.sql_arrays import array_literal


def test_doctest():
    assert doctest.testmod(sql_arrays).failed == 0


def test_numbers_and_dates_are_plain_none_is_null_the_rest_quoted():
    assert array_literal([3, None, 2.5, -1e16]) == "{3,NULL,2.5,-1e+16}"
    assert array_literal([date(2025, 6, 30)]) == "{2025-06-30}"
    # a datetime has a space, a boolean is no int here: quoted
    assert array_literal([datetime(2025, 6, 30, 10), True]) == (
        '{"2025-06-30 10:00:00","True"}'
    )
    assert array_literal(["NULL"]) == '{"NULL"}'  # the text, not a NULL
    assert array_literal([]) == "{}"


def test_separators_and_escapes_stay_inside_an_element():
    text = 'a,b {c} "d" \\e'
    assert array_literal([text]) == '{"a,b {c} \\"d\\" \\\\e"}'
