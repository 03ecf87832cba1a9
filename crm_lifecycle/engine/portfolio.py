"""Portfolio analysis rules: RFM segments, Pareto classes, data quality.

Pure Python, no Odoo import: the partner model fetches the figures with one
query, hands them to these functions and writes the answers back in bulk.

RFM scores (1-5) come from ``NTILE(5)`` in SQL; :func:`rfm_segment` maps a
(recency, frequency) pair to a segment, first matching rule wins::

    >>> rfm_segment(5, 5), rfm_segment(2, 4), rfm_segment(5, 1), rfm_segment(4, 1)
    ('champions', 'loyal', 'new', 'others')

Pareto classes rank customers by revenue (largest first, ties by key) and look
at the share of total revenue made by the customers ranked *before* each one:
below 80 % it is ``A``, below 95 % ``B``, otherwise ``C``. So class A holds
the customers that make up the first 80 % of revenue, including the one whose
revenue crosses the 80 % line; a customer that alone makes 90 % is ``A``::

    >>> pareto_classes({1: 50, 2: 30, 3: 15, 4: 5})
    {1: 'A', 2: 'A', 3: 'B', 4: 'C'}
"""

import re
from dataclasses import dataclass
from decimal import Decimal

# (segment, predicate on recency and frequency scores), first match wins.
RFM_SEGMENT_RULES = (
    ("champions", lambda r, f: r >= 4 and f >= 4),
    ("loyal", lambda r, f: f >= 4),
    ("potential_loyalist", lambda r, f: r >= 4 and 2 <= f <= 3),
    ("new", lambda r, f: r == 5 and f == 1),
    ("at_risk", lambda r, f: r <= 2 and f >= 3),
    ("hibernating", lambda r, f: r <= 2 and f <= 2),
)
RFM_OTHERS = "others"

PARETO_A_SHARE = Decimal("0.80")
PARETO_B_SHARE = Decimal("0.95")

QUALITY_CHECKS = ("email", "phone", "address", "channel", "duplicate")

_EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
_PHONE_CHARS_RE = re.compile(r"^\+?[\d\s().\-/]+$")
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 15


def rfm_segment(recency, frequency):
    """Segment of a customer from its recency and frequency scores (1-5)."""
    for segment, matches in RFM_SEGMENT_RULES:
        if matches(recency, frequency):
            return segment
    return RFM_OTHERS


def pareto_classes(revenues):
    """Map each key of ``revenues`` ({key: revenue}) to ``A``, ``B`` or ``C``.

    Exact decimal arithmetic, so a boundary share of exactly 80 % is not lost
    to float rounding. With no positive total, every customer is ``C``.
    """
    amounts = {key: Decimal(str(value or 0)) for key, value in revenues.items()}
    total = sum(amounts.values(), Decimal(0))
    if total <= 0:
        return dict.fromkeys(amounts, "C")
    classes = {}
    before = Decimal(0)
    for key in sorted(amounts, key=lambda k: (-amounts[k], k)):
        classes[key] = pareto_class(before, total)
        before += amounts[key]
    return classes


def pareto_class(before, total):
    """The class of a customer when the customers ranked before it make
    ``before`` of the revenue ``total`` (Decimals, or numbers)::

        >>> pareto_class(79, 100), pareto_class(80, 100), pareto_class(95, 100)
        ('A', 'B', 'C')
    """
    before, total = Decimal(str(before or 0)), Decimal(str(total or 0))
    if total <= 0:
        return "C"
    share_before = before / total
    if share_before < PARETO_A_SHARE:
        return "A"
    if share_before < PARETO_B_SHARE:
        return "B"
    return "C"


def ntile(position, count, buckets=5):
    """The bucket (1 to ``buckets``) of the row at 0-based ``position`` among
    ``count`` sorted rows, as PostgreSQL's ``NTILE(buckets)`` numbers it: the
    first ``count % buckets`` buckets hold one row more. It scores a customer
    refreshed alone against the others' stored figures::

        >>> [ntile(position, 7) for position in range(7)]
        [1, 1, 2, 2, 3, 4, 5]
    """
    size, larger = divmod(count, buckets)
    in_larger = larger * (size + 1)
    if position < in_larger:
        return position // (size + 1) + 1
    return larger + (position - in_larger) // size + 1


def normalize_email(email):
    return (email or "").strip().lower()


def normalize_phone(phone):
    """Digits only, an international ``00`` prefix treated like ``+``."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[2:] if digits.startswith("00") else digits


def normalize_vat(vat):
    return re.sub(r"[^0-9A-Za-z]", "", vat or "").upper()


def is_plausible_email(email):
    """One address that looks deliverable: ``local@domain.tld``."""
    return bool(_EMAIL_RE.match((email or "").strip()))


def is_plausible_phone(phone):
    """Phone-like characters only and 6 to 15 digits (E.164 allows 15)."""
    phone = (phone or "").strip()
    if not _PHONE_CHARS_RE.match(phone):
        return False
    return PHONE_MIN_DIGITS <= len(normalize_phone(phone)) <= PHONE_MAX_DIGITS


def duplicate_keys(partners):
    """Find partners sharing a normalized email, phone or VAT.

    ``partners``: iterable of dicts with ``id``, ``email``, ``phones``
    (list of numbers), ``vat``. Returns ``{id: key}`` for every partner that
    shares a value with another partner; the key (``email:...``,
    ``phone:...`` or ``vat:...``) is the first shared value found, so the
    duplicates of one group carry the same key.
    """
    owners = {}
    values_by_partner = {}
    for partner in partners:
        values = identity_values(partner)
        values_by_partner[partner["id"]] = values
        for value in values:
            owners.setdefault(value, set()).add(partner["id"])
    result = {}
    for partner_id, values in values_by_partner.items():
        for value in values:
            if len(owners[value]) > 1:
                result[partner_id] = value
                break
    return result


def identity_values(partner):
    """The normalized values (``email:…``, ``phone:…``, ``vat:…``) by which
    ``partner`` may duplicate another."""
    values = []
    email = normalize_email(partner.get("email"))
    if email:
        values.append("email:" + email)
    for phone in partner.get("phones") or ():
        digits = normalize_phone(phone)
        if len(digits) >= PHONE_MIN_DIGITS:
            values.append("phone:" + digits)
    vat = normalize_vat(partner.get("vat"))
    if vat:
        values.append("vat:" + vat)
    # a partner listing the same number twice is not its own duplicate
    return list(dict.fromkeys(values))


def failed_quality_checks(partner, is_duplicate):
    """Codes of the failed checks (order of ``QUALITY_CHECKS``).

    ``partner``: dict with ``email``, ``phones``, ``street``, ``city``,
    ``country_id``, ``channel_id``.
    """
    passed = {
        "email": is_plausible_email(partner.get("email")),
        "phone": any(is_plausible_phone(p) for p in partner.get("phones") or ()),
        "address": bool(
            (partner.get("street") or "").strip()
            and (partner.get("city") or "").strip()
            and partner.get("country_id")
        ),
        "channel": bool(partner.get("channel_id")),
        "duplicate": not is_duplicate,
    }
    return [check for check in QUALITY_CHECKS if not passed[check]]


def quality_score(failed):
    """Share of passed checks, 0-100, rounded to the nearest integer."""
    passed = len(QUALITY_CHECKS) - len(failed)
    return round(100 * passed / len(QUALITY_CHECKS))


# Rows of the portfolio refresh, named as the res.partner columns written
@dataclass(slots=True)
class RfmFigures:
    partner_id: int
    rfm_recency_score: int
    rfm_frequency_score: int
    rfm_monetary_score: int
    rfm_segment: str
    pareto_class: str
    # what the scores rank (the recency: the last purchase date)
    rfm_purchase_count: int
    rfm_revenue: float


@dataclass(slots=True)
class PaymentFigures:
    partner_id: int
    late_invoice_count: int
    avg_payment_delay_days: float
    overdue_amount: float


@dataclass(slots=True)
class QualityFigures:
    partner_id: int
    data_quality_score: int
    data_quality_issues: str | None
    data_quality_duplicate_key: str | None
