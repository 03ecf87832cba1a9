"""Array literals of crm_lifecycle's bulk statements (no database needed)."""

import doctest
from datetime import date

from crm_lifecycle.engine import sql_arrays
from crm_lifecycle.engine.sql_arrays import array_literal


def test_doctest():
    assert doctest.testmod(sql_arrays).failed == 0


def test_values_are_quoted_and_none_is_null():
    assert array_literal([3, None, 2.5]) == '{"3",NULL,"2.5"}'
    assert array_literal([date(2025, 6, 30)]) == '{"2025-06-30"}'
    assert array_literal([]) == "{}"


def test_separators_and_escapes_stay_inside_an_element():
    text = 'a,b {c} "d" \\e'
    assert array_literal([text]) == '{"a,b {c} \\"d\\" \\\\e"}'
