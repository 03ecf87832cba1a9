import doctest

import pytest

from crm_lifecycle.engine import portfolio


def test_doctests():
    assert not doctest.testmod(portfolio).failed


@pytest.mark.parametrize(
    ("recency", "frequency", "segment"),
    [
        (4, 4, "champions"),
        (5, 5, "champions"),
        (3, 4, "loyal"),  # F>=4 but R<4
        (1, 5, "loyal"),  # loyal wins over at risk (first match)
        (4, 2, "potential_loyalist"),
        (5, 3, "potential_loyalist"),
        (5, 1, "new"),
        (4, 1, "others"),  # not new: R must be 5
        (2, 3, "at_risk"),
        (1, 3, "at_risk"),
        (2, 2, "hibernating"),
        (1, 1, "hibernating"),
        (3, 3, "others"),
        (3, 1, "others"),
    ],
)
def test_rfm_segment(recency, frequency, segment):
    assert portfolio.rfm_segment(recency, frequency) == segment


def test_pareto_boundary_exactly_80_percent():
    # shares before each: 0 %, 60 %, 80 %, 95 % -> A, A, B, C; the customer
    # starting exactly at 80 % is B, the one starting exactly at 95 % is C.
    classes = portfolio.pareto_classes({1: 60, 2: 20, 3: 15, 4: 5})
    assert classes == {1: "A", 2: "A", 3: "B", 4: "C"}


def test_pareto_crossing_customer_is_a():
    # 90 alone crosses 80 %: still A (share before it is 0 %); the next one
    # starts at 90 % -> B; the last starts at 99 % -> C.
    assert portfolio.pareto_classes({7: 90, 8: 9, 9: 1}) == {7: "A", 8: "B", 9: "C"}


def test_pareto_ties_and_decimals():
    # equal revenue: lower key ranks first. Total 0.3; before key 2: 0.1/0.3
    # = 33 % -> A; before key 3: 0.2/0.3 = 67 % -> A; exact decimals.
    assert portfolio.pareto_classes({3: 0.1, 1: 0.1, 2: 0.1}) == {
        1: "A",
        2: "A",
        3: "A",
    }
    # zero revenue after all positive revenue: share before = 100 % -> C
    assert portfolio.pareto_classes({1: 10, 2: 0}) == {1: "A", 2: "C"}


def test_pareto_no_revenue():
    assert portfolio.pareto_classes({1: 0, 2: None}) == {1: "C", 2: "C"}
    assert portfolio.pareto_classes({}) == {}


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("john@example.com", True),
        (" John.Doe+x@mail.example.org ", True),
        ("john@example", False),
        ("john.example.com", False),
        ("a@b@c.com", False),
        ("john@exa mple.com", False),
        ("a@b.com, c@d.com", False),
        ("", False),
        (False, False),
    ],
)
def test_email_plausibility(email, ok):
    assert portfolio.is_plausible_email(email) is ok


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("+32 470 12 34 56", True),
        ("(02) 555-1234", True),
        ("12345", False),  # 5 digits
        ("123456", True),  # 6 digits
        ("+1234567890123456", False),  # 16 digits
        ("call me", False),
        ("0470 12 34 56 ext", False),
        (None, False),
    ],
)
def test_phone_plausibility(phone, ok):
    assert portfolio.is_plausible_phone(phone) is ok


def test_normalization():
    assert portfolio.normalize_phone("0032 (470) 12.34.56") == "32470123456"
    assert portfolio.normalize_phone("+32 470 123456") == "32470123456"
    assert portfolio.normalize_email("  Ann@X.COM ") == "ann@x.com"
    assert portfolio.normalize_vat("be 0477.472.701") == "BE0477472701"


def test_duplicate_keys():
    partners = [
        {"id": 1, "email": "Ann@x.com", "phones": ["+32 470 12 34 56"], "vat": ""},
        {"id": 2, "email": "ann@X.com ", "phones": [], "vat": None},
        {"id": 3, "email": "bob@x.com", "phones": ["0032470123456"], "vat": "BE1"},
        {"id": 4, "email": "", "phones": ["12"], "vat": "be-1"},
        {"id": 5, "email": "eve@x.com", "phones": ["555 1234", "5551234"]},
        {"id": 6, "email": "", "phones": ["12"], "vat": ""},
    ]
    assert portfolio.duplicate_keys(partners) == {
        1: "email:ann@x.com",  # shares email with 2 (and phone with 3)
        2: "email:ann@x.com",
        3: "phone:32470123456",  # same phone as 1
        4: "vat:BE1",  # same VAT as 3
        # 5 repeats its own number: not a duplicate; 4 and 6 share a phone
        # too short to count
    }


def test_quality_checks_and_score():
    complete = {
        "email": "ann@x.com",
        "phones": [False, "+32 470 12 34 56"],
        "street": "Rue 1",
        "city": "Brussels",
        "country_id": 20,
        "channel_id": 3,
    }
    assert portfolio.failed_quality_checks(complete, False) == []
    assert portfolio.quality_score([]) == 100
    sloppy = {"email": "ann", "phones": [], "street": " ", "city": "X", "country_id": 1}
    failed = portfolio.failed_quality_checks(sloppy, True)
    assert failed == ["email", "phone", "address", "channel", "duplicate"]
    assert portfolio.quality_score(failed) == 0
    # 3 of 5 checks passed -> 60
    assert portfolio.quality_score(["email", "duplicate"]) == 60


def test_ntile_numbers_rows_as_postgresql():
    # NTILE(5) of 11 rows: buckets of 3, 2, 2, 2, 2 rows
    assert [portfolio.ntile(p, 11) for p in range(11)] == [
        1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5
    ]  # fmt: skip
    assert [portfolio.ntile(p, 10) for p in range(10)] == [
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5
    ]  # fmt: skip
    # fewer rows than buckets: one row each
    assert [portfolio.ntile(p, 3) for p in range(3)] == [1, 2, 3]


def test_pareto_class_of_one_customer_matches_the_classes():
    revenues = {1: 60, 2: 20, 3: 15, 4: 5}
    # customers ranked before each: 0, 60, 80, 95 of 100
    before = {1: 0, 2: 60, 3: 80, 4: 95}
    assert {
        key: portfolio.pareto_class(before[key], 100) for key in revenues
    } == portfolio.pareto_classes(revenues)
    assert portfolio.pareto_class(0, 0) == "C"
