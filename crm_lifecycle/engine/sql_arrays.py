# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL array literals for the bulk statements, free of any ORM.

psycopg2 sends a Python list as ``ARRAY[v1, v2, ...]``, which PostgreSQL
parses one element at a time: for the tens of thousands of rows a recompute
writes in one statement, the text form ``{"v1","v2",...}`` cast to an array
type (``%s::int[]``) is parsed several times faster.

>>> array_literal([1, None, 'say "hi"'])
'{"1",NULL,"say \\\\"hi\\\\""}'
"""


def array_literal(values):
    """The array literal of ``values`` (None is NULL); each value is sent as
    its ``str()``, which PostgreSQL casts to the array's element type."""
    return "{%s}" % ",".join(map(_element, values))


def _element(value):
    if value is None:
        return "NULL"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
