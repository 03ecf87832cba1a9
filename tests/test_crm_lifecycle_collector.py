# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pause of Python's cyclic garbage collector around the bulk runs."""

import gc

import pytest

from crm_lifecycle.engine.collector import cyclic_gc_paused


def test_paused_within_the_block_then_restored_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs: still paused
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
