# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import doctest
from datetime import datetime, timedelta

import pytest

from crm_success_metrics.engine import channels
from crm_success_metrics.engine.channels import ChannelContact

T0 = datetime(2026, 3, 2, 9, 0)


def contact(customer, channel, hours=0.0):
    return ChannelContact(customer, channel, T0 + timedelta(hours=hours))


def test_doctests():
    assert not doctest.testmod(channels).failed


def test_groups_share_the_channels_without_overlap():
    groups = [channels.SELF_SERVICE, channels.DIGITAL, channels.ASSISTED]
    names = [name for group in groups for name in group]
    assert len(names) == len(set(names)) == 6
    assert set(channels.ESCALATION_SOURCES).isdisjoint(channels.ESCALATION_TARGETS)


@pytest.mark.parametrize(
    "first, later, expected",
    [
        # a web form, then a call of the same customer 47 h later: escalated
        (contact(1, "web_form"), contact(1, "phone", 47), True),
        # exactly at the end of the window still counts (<= 48 h)
        (contact(1, "chat"), contact(1, "email", 48), True),
        # one second too late
        (contact(1, "chat"), contact(1, "email", 48 + 1 / 3600), False),
        # a walk-in after the FAQ is assisted too
        (contact(1, "self_service"), contact(1, "in_person", 1), True),
        # the same instant is not "followed by"
        (contact(1, "self_service"), contact(1, "phone", 0), False),
        # the assisted contact came first
        (contact(1, "web_form"), contact(1, "phone", -1), False),
        # another customer, or an unknown one
        (contact(1, "web_form"), contact(2, "phone", 1), False),
        (contact(None, "web_form"), contact(None, "phone", 1), False),
        # a digital follow-up is no escalation; an assisted source neither
        (contact(1, "self_service"), contact(1, "chat", 1), False),
        (contact(1, "phone"), contact(1, "email", 1), False),
        (contact(1, "other"), contact(1, "phone", 1), False),
    ],
)
def test_escalates(first, later, expected):
    assert channels.escalates(first, later, 48) is expected


def test_window_is_the_setting():
    first, later = contact(1, "web_form"), contact(1, "phone", 30)
    assert channels.escalates(first, later, 48)
    assert not channels.escalates(first, later, 24)
    assert channels.window(1.5) == timedelta(minutes=90)


@pytest.mark.parametrize("hours", [0, -4, None])
def test_window_must_be_positive(hours):
    with pytest.raises(ValueError):
        channels.window(hours)


def test_escalated_and_resolved_sets():
    contacts = [
        contact(1, "self_service"),  # 0: escalated by 2
        contact(1, "chat", 2),  # 1: escalated by 2 too
        contact(1, "phone", 20),  # 2: assisted
        contact(2, "self_service"),  # 3: resolved (its e-mail is too late)
        contact(2, "email", 60),  # 4
        contact(None, "self_service"),  # 5: no customer, neither
        contact(3, "self_service", 5),  # 6: resolved (only a chat follows)
        contact(3, "chat", 6),  # 7: not escalated
    ]
    assert channels.escalated(contacts, 48) == {0, 1}
    assert channels.self_service_resolved(contacts, 48) == {3, 6}
    # with a 72 h window the e-mail of customer 2 escalates its FAQ visit
    assert channels.escalated(contacts, 72) == {0, 1, 3}
    assert channels.self_service_resolved(contacts, 72) == {6}
