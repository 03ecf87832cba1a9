# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL array literals for the bulk statements, free of any ORM.

psycopg2 sends a Python list as ``ARRAY[v1, v2, ...]``, which PostgreSQL
parses one element at a time: for the tens of thousands of rows a recompute
writes in one statement, the text form ``{v1,"v2",...}`` cast to an array
type (``%s::int[]``) is parsed several times faster.

>>> from datetime import date
>>> array_literal([1, None, date(2025, 6, 30), 'say "hi"'])
'{1,NULL,2025-06-30,"say \\\\"hi\\\\""}'
"""

from datetime import date

# types whose str() holds no separator, brace, quote, backslash nor space:
# written as they are (a rebuild writes some 5 million values; quoting them
# all took about a second)
PLAIN_TYPES = frozenset({int, float, date})


def array_literal(values):
    """The array literal of ``values`` (None is NULL); each value is sent as
    its ``str()``, which PostgreSQL casts to the array's element type."""
    return "{%s}" % ",".join(
        [
            "NULL"
            if value is None
            else str(value)
            if type(value) in PLAIN_TYPES
            else _quoted(value)
            for value in values
        ]
    )


def _quoted(value):
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
