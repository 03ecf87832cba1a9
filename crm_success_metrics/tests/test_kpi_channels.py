# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine import channels
from ..kpis import shared_results
from .common import KpiPeriodsMixin
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
CODES = [
    "channel_self_service_share",
    "channel_digital_share",
    "channel_assisted_share",
    "channel_escalation_rate",
    "self_service_resolution_rate",
]


@tagged("post_install", "-at_install")
class TestChannelKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    """January 2026, inbound unless said, escalation window 48 h:

    ==  ========  ============  ============  =====================================
    #   customer  channel       queued        why
    ==  ========  ============  ============  =====================================
    1   X1 (X)    self_service  01-05 09:00   escalated by 2 (23 h, X1 is X's)
    2   X         phone         01-06 08:00
    3   Y         self_service  01-10 09:00   resolved: 4 is 49 h later, 11 outbound
    4   Y         email         01-12 10:00
    5   Z         web_form      01-20 09:00   escalated by 7 (24 h)
    6   Z         chat          01-20 10:00   escalated by 7 (23 h); no target itself
    7   Z         in_person     01-21 09:00
    8   (none)    self_service  01-25 09:00   no customer: neither known nor escalated
    9   W         chat          01-31 22:00   escalated by 10 (12 h, in February)
    10  W         phone         02-01 10:00   (February)
    11  Y         phone out     01-10 12:00   outbound: not counted, escalates nothing
    12  Y         other         01-15 09:00   in no group
    13  V         self_service  01-28 09:00   resolved: 14 is at the same instant
    14  V         phone         01-28 09:00
    ==  ========  ============  ============  =====================================

    plus a contact of another company, ignored.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Channel KPI Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Other Channel Co"})
        Partner = cls.env["res.partner"]
        x, y, z, w, v = Partner.create(
            [{"name": name, "is_company": True} for name in "XYZWV"]
        )
        x1 = Partner.create({"name": "X1", "parent_id": x.id})
        cls.customers = {"X": x, "X1": x1, "Y": y, "Z": z, "W": w, "V": v}
        rows = [
            (1, x1, "self_service", "2026-01-05 09:00:00"),
            (2, x, "phone", "2026-01-06 08:00:00"),
            (3, y, "self_service", "2026-01-10 09:00:00"),
            (4, y, "email", "2026-01-12 10:00:00"),
            (5, z, "web_form", "2026-01-20 09:00:00"),
            (6, z, "chat", "2026-01-20 10:00:00"),
            (7, z, "in_person", "2026-01-21 09:00:00"),
            (8, Partner, "self_service", "2026-01-25 09:00:00"),
            (9, w, "chat", "2026-01-31 22:00:00"),
            (10, w, "phone", "2026-02-01 10:00:00"),
            (11, y, "phone", "2026-01-10 12:00:00"),
            (12, y, "other", "2026-01-15 09:00:00"),
            (13, v, "self_service", "2026-01-28 09:00:00"),
            (14, v, "phone", "2026-01-28 09:00:00"),
        ]
        contacts = cls.env["crm.service.contact"].create(
            [
                {
                    "external_ref": f"CH-{number}",
                    "partner_id": partner.id,
                    "channel": channel,
                    "queued_at": queued,
                    "direction": "outbound" if number == 11 else "inbound",
                    "company_id": cls.company.id,
                }
                for number, partner, channel, queued in rows
            ]
        )
        cls.contacts = {
            number: contact
            for (number, *_rest), contact in zip(rows, contacts, strict=True)
        }
        cls.env["crm.service.contact"].create(
            {
                "partner_id": x.id,
                "channel": "self_service",
                "queued_at": "2026-01-05 10:00:00",
                "company_id": cls.other_company.id,
            }
        )

    def numbers(self, ids):
        by_id = {contact.id: number for number, contact in self.contacts.items()}
        return sorted(by_id[id_] for id_ in ids)

    def kpi(self, code, period=JAN):
        return getattr(self.env["crm.success.kpi"], f"_kpi_{code}")(
            *period, self.company
        )

    def test_channel_shares(self):
        # 12 inbound in January (all but 10 and 11): self-service 1, 3, 8, 13;
        # chat and web form 5, 6, 9; phone, e-mail, in person 2, 4, 7, 14;
        # other 12
        expected = {
            "channel_self_service_share": (4, 12),
            "channel_digital_share": (3, 12),
            "channel_assisted_share": (4, 12),
        }
        for code, (numerator, denominator) in expected.items():
            with self.subTest(code=code):
                result = self.kpi(code)
                self.assertEqual(
                    (result["numerator"], result["denominator"]),
                    (numerator, denominator),
                )
                self.assertAlmostEqual(result["value"], 100.0 * numerator / 12)

    def test_escalation_rate(self):
        # self-service and digital contacts of known customers: 1, 3, 5, 6, 9,
        # 13 = 6; escalated 1, 5, 6, 9 = 4 -> 66.67 %
        result = self.kpi("channel_escalation_rate")
        self.assertEqual((result["numerator"], result["denominator"]), (4, 6))
        self.assertAlmostEqual(result["value"], 400 / 6)

    def test_self_service_resolution_rate(self):
        # self-service of known customers 1, 3, 13; not escalated 3, 13 -> 2 / 3
        result = self.kpi("self_service_resolution_rate")
        self.assertEqual((result["numerator"], result["denominator"]), (2, 3))
        self.assertAlmostEqual(result["value"], 200 / 3)

    def test_window_is_the_company_setting(self):
        # 72 h: Y's e-mail 49 h after its FAQ visit escalates it (3): 5 / 6
        # escalated, and only 13 of 1, 3, 13 resolved by self-service
        self.company.crm_success_escalation_window_hours = 72
        self.assertEqual(self.kpi("channel_escalation_rate")["numerator"], 5)
        self.assertEqual(self.kpi("self_service_resolution_rate")["numerator"], 1)
        # 23 h: 5's in-person visit comes 24 h later, no more an escalation
        self.company.crm_success_escalation_window_hours = 23
        self.assertEqual(self.kpi("channel_escalation_rate")["numerator"], 3)
        with self.assertRaises(ValidationError):
            self.company.crm_success_escalation_window_hours = 0

    def test_sql_applies_the_engine_rule(self):
        """The escalated contacts the SQL finds are those of
        ``engine.channels.escalated`` on the same contacts."""
        inbound = [
            contact
            for contact in self.contacts.values()
            if contact.direction == "inbound"
        ]
        engine_contacts = [
            channels.ChannelContact(
                contact.partner_id.commercial_partner_id.id or None,
                contact.channel,
                contact.queued_at,
            )
            for contact in inbound
        ]
        escalated = {
            inbound[index].id for index in channels.escalated(engine_contacts, 48)
        }
        resolved = {
            inbound[index].id
            for index in channels.self_service_resolved(engine_contacts, 48)
        }
        kpis = self.env["crm.success.kpi"]
        january = [
            contact.id
            for contact in inbound
            if contact.queued_at < datetime(2026, 2, 1)
        ]
        drilled = kpis._drill_channel_escalated(*JAN, self.company).domain
        self.assertEqual(
            self.numbers(self.env["crm.service.contact"].search(drilled).ids),
            self.numbers(escalated & set(january)),
        )
        self.assertEqual(self.numbers(escalated & set(january)), [1, 5, 6, 9])
        drilled = kpis._drill_self_service_resolved(*JAN, self.company).domain
        self.assertEqual(
            self.numbers(self.env["crm.service.contact"].search(drilled).ids),
            self.numbers(resolved),
        )
        self.assertEqual(self.numbers(resolved), [3, 13])

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(CODES, [JAN, FEB], self.company)
        # February: only W's call (10), assisted; no self-service or digital
        self.assertAlmostEqual(results[FEB]["channel_assisted_share"]["value"], 100.0)
        self.assertIsNone(results[FEB]["channel_escalation_rate"]["value"])
        self.assertIsNone(results[FEB]["self_service_resolution_rate"]["value"])
        self.assertAlmostEqual(
            results[JAN]["channel_escalation_rate"]["value"], 400 / 6
        )

    def test_one_query_for_all_kpis_and_periods(self):
        self.env.flush_all()
        with shared_results(self.env, [JAN, FEB]) as env:
            kpis = env["crm.success.kpi"]
            with self.assertQueryCount(1):
                for period in (JAN, FEB):
                    for code in CODES:
                        getattr(kpis, f"_kpi_{code}")(*period, self.company)

    def test_drill_down_opens_the_contacts_counted(self):
        lines = self.drill_lines(CODES, JAN, self.company)
        user = new_test_user(
            self.env,
            login="drill_channel_user",
            groups="crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(lines, user)

    def test_drill_down_query_count(self):
        """The escalated contacts open with a fixed number of queries,
        whatever their number: the line, its KPI and company read back, and
        the set's one query of ids."""
        lines = self.drill_lines(["channel_escalation_rate"], JAN, self.company)
        line = lines["channel_escalation_rate"]
        line.action_drill_numerator()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            action = line.action_drill_numerator()
        self.assertEqual(
            self.numbers(self.env["crm.service.contact"].search(action["domain"]).ids),
            [1, 5, 6, 9],
        )
