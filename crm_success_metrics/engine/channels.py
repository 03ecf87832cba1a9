# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel mix of the contact centre: which channels are self-service,
digital or assisted, and when a contact is escalated (pure Python).

The channels are the values of ``crm.service.contact.channel``. A manager
reads three groups, which share the inbound contacts between them (with
``other`` outside all three):

- **self-service**: the customer helps himself (FAQ, knowledge base, portal);
- **digital**: written, asynchronous or quick channels handled by an agent
  (chat, web form);
- **assisted**: a person answers in a costly channel (phone, e-mail, in
  person).

A self-service or digital contact of a customer is **escalated** when the
same customer makes an assisted inbound contact afterwards, strictly later
and at most ``window_hours`` after it (the company's setting, 48 h by
default). In-person visits count as assisted: walking into the shop after a
failed web form is the costliest escalation of all. A self-service contact
that is not escalated **resolved** the customer's question by self-service.

The SQL of the KPIs (``crm_success_kpi_channels.py``) applies this rule to
whole tables; :func:`escalated` states it on a few contacts, and the tests
check the SQL against it.

>>> from datetime import datetime
>>> faq = ChannelContact(1, "self_service", datetime(2026, 1, 5, 9, 0))
>>> call = ChannelContact(1, "phone", datetime(2026, 1, 6, 8, 0))
>>> escalates(faq, call, 48)
True
>>> escalates(faq, call, 12)
False
>>> sorted(escalated([faq, call], 48))
[0]
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

SELF_SERVICE = ("self_service",)
DIGITAL = ("chat", "web_form")
ASSISTED = ("phone", "email", "in_person")
# The channels whose contacts may be escalated, and to which.
ESCALATION_SOURCES = SELF_SERVICE + DIGITAL
ESCALATION_TARGETS = ASSISTED

DEFAULT_WINDOW_HOURS = 48


@dataclass(frozen=True)
class ChannelContact:
    """An inbound contact: its customer (any key, ``None`` when unknown), its
    channel and when it was queued."""

    customer: object
    channel: str
    queued_at: datetime


def window(window_hours):
    """The escalation window as a ``timedelta``; refuses a non-positive one
    (a contact cannot be followed within no time)."""
    if window_hours is None or window_hours <= 0:
        raise ValueError(f"escalation window must be positive: {window_hours!r}")
    return timedelta(hours=window_hours)


def escalates(first, later, window_hours):
    """Whether ``later`` escalates ``first``: same known customer, ``first``
    on a self-service or digital channel, ``later`` on an assisted one,
    strictly after ``first`` and at most ``window_hours`` after it."""
    return (
        first.customer is not None
        and first.customer == later.customer
        and first.channel in ESCALATION_SOURCES
        and later.channel in ESCALATION_TARGETS
        and first.queued_at < later.queued_at <= first.queued_at + window(window_hours)
    )


def escalated(contacts, window_hours):
    """Indexes in ``contacts`` (a sequence of :class:`ChannelContact`) of the
    contacts escalated by another contact of the sequence."""
    return {
        index
        for index, first in enumerate(contacts)
        if any(escalates(first, later, window_hours) for later in contacts)
    }


def self_service_resolved(contacts, window_hours):
    """Indexes of the self-service contacts of a known customer that no
    assisted contact escalated within the window."""
    escalations = escalated(contacts, window_hours)
    return {
        index
        for index, contact in enumerate(contacts)
        if contact.channel in SELF_SERVICE
        and contact.customer is not None
        and index not in escalations
    }
