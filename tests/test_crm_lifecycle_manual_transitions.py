# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which stage changes a person may record by hand (no Odoo needed)."""

import pytest

from crm_lifecycle.engine.lifecycle import (
    ADVOCATE,
    AT_RISK,
    CHURNED,
    LOYAL,
    MANUAL_TRANSITIONS,
    NEW,
    PROSPECT,
    REPEAT,
    manual_transition_allowed,
)

STAGES = [None, PROSPECT, NEW, REPEAT, LOYAL, ADVOCATE, AT_RISK, CHURNED]

# (from, to) pairs a manual correction may record; every other pair is refused
ALLOWED = {
    (None, PROSPECT),
    (LOYAL, ADVOCATE),
    (ADVOCATE, LOYAL),
    (NEW, CHURNED),
    (REPEAT, CHURNED),
    (LOYAL, CHURNED),
    (ADVOCATE, CHURNED),
    (AT_RISK, CHURNED),
}


@pytest.mark.parametrize("stage_from", STAGES)
@pytest.mark.parametrize("stage_to", STAGES)
def test_every_pair(stage_from, stage_to):
    expected = (stage_from, stage_to) in ALLOWED
    assert manual_transition_allowed(stage_from, stage_to) is expected


def test_purchase_stages_only_come_from_the_facts():
    # new, repeat, loyal (from below) and at risk depend on purchases and time
    for stage_from in STAGES:
        for stage_to in (NEW, REPEAT, AT_RISK):
            assert not manual_transition_allowed(stage_from, stage_to)
    assert not manual_transition_allowed(REPEAT, LOYAL)


def test_no_change_is_no_transition():
    for stage in STAGES:
        assert not manual_transition_allowed(stage, stage)


def test_churned_and_prospect_are_left_by_facts_only():
    # winning a customer back or a first purchase is a purchase
    assert not MANUAL_TRANSITIONS.get(CHURNED)
    assert not MANUAL_TRANSITIONS.get(PROSPECT)
