# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpiPeriodsMixin, set_columns
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
SALESMAN = "base.group_user,sales_team.group_sale_salesman"
CODES = [
    "crm_active_users_rate",
    "crm_actions_per_active_user",
    "activities_done_on_time_rate",
    "opportunities_planned_rate",
    "won_customer_data_quality_rate",
]


def at(day, hour=10):
    return datetime.fromisoformat(day).replace(hour=hour)


@tagged("post_install", "-at_install", "is_query_count")
class TestAdoptionKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    """A company with four sales people (Dee from February 10), a user
    outside the sales groups and a sales person of another company.

    January: Ann logs in and acts twice (a note, an activity scheduled),
    Bob logs in and acts three times (notes), Cid logs in and does nothing.
    February: Dee logs in and writes a note, Ann writes a note without
    logging in, Bob logs in without acting.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Adoption Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Adoption Other"})

        def user(login, groups=SALESMAN, company=cls.company, created="2025-12-01"):
            record = new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[company.id],
            )
            set_columns(record, create_date=at(created))
            return record

        cls.ann, cls.bob, cls.cid = user("ann"), user("bob"), user("cid")
        cls.dee = user("dee", created="2026-02-10")
        cls.eve = user("eve", groups="base.group_user")
        cls.fay = user("fay", company=cls.other_company)
        for login_user, day in (
            (cls.ann, "2025-12-31"),
            (cls.ann, "2026-01-05"),
            (cls.bob, "2026-01-20"),
            (cls.cid, "2026-01-07"),
            (cls.eve, "2026-01-09"),
            (cls.fay, "2026-01-09"),
            (cls.bob, "2026-02-03"),
            (cls.dee, "2026-02-12"),
        ):
            log = cls.env["res.users.log"].create({})
            set_columns(log, create_uid=login_user.id, create_date=at(day))

        won = cls.env.ref("crm.stage_lead4")
        cls.clean = cls.env["res.partner"].create(
            {"name": "Clean Co", "is_company": True, "data_quality_score": 100}
        )
        clean_contact = cls.env["res.partner"].create(
            {"name": "Clean contact", "parent_id": cls.clean.id}
        )
        # a record outside the CRM: its chatter and activities are no CRM work
        cls.product = cls.env["product.template"].create({"name": "Widget"})
        messy = cls.env["res.partner"].create(
            {"name": "Messy Co", "is_company": True, "data_quality_score": 80}
        )

        def lead(name, created, closed=None, owner=cls.ann, **values):
            record = cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": owner.id,
                    "company_id": cls.company.id,
                    **values,
                }
            )
            set_columns(
                record,
                create_date=at(created),
                date_conversion=at(created),
                date_closed=closed and at(closed),
            )
            return record

        # O1 open since December; O2 won Feb 10, O3 lost Feb 15: open at the
        # end of January; O4 won in January (a contact of a clean customer);
        # O9 won in January (a messy customer), O10 won without customer;
        # O6 open from February 5; O5 a lead, O7 another company's, O8
        # archived without being closed: never counted
        cls.o1 = lead("O1", "2025-12-01")
        cls.o2 = lead("O2", "2026-01-15", "2026-02-10", cls.bob, stage_id=won.id)
        cls.o3 = lead("O3", "2026-01-20", "2026-02-15", cls.bob, probability=0)
        cls.o3.active = False
        set_columns(cls.o3, date_closed=at("2026-02-15"))
        cls.o4 = lead(
            "O4",
            "2026-01-05",
            "2026-01-25",
            stage_id=won.id,
            partner_id=clean_contact.id,
        )
        cls.o9 = lead("O9", "2026-01-06", "2026-01-28", stage_id=won.id)
        cls.o9.partner_id = messy
        cls.o10 = lead("O10", "2026-01-07", "2026-01-29", stage_id=won.id)
        set_columns(cls.o9 | cls.o10, date_closed=at("2026-01-28"))
        cls.o6 = lead("O6", "2026-02-05", owner=cls.dee)
        cls.o5 = lead("O5", "2026-01-05", type="lead")
        lead("O7", "2026-01-05", company_id=cls.other_company.id, owner=cls.fay)
        o8 = lead("O8", "2026-01-01")
        o8.active = False
        set_columns(o8, date_closed=None)

        # chatter: the CRM actions (and messages that are none)
        for record, author, day in (
            (cls.o1, cls.ann, "2026-01-06"),
            (cls.o2, cls.bob, "2026-01-21"),
            (cls.o2, cls.bob, "2026-01-22"),
            (cls.o3, cls.bob, "2026-01-23"),
            (cls.o6, cls.dee, "2026-02-12"),
            (cls.o1, cls.ann, "2026-02-15"),
            (cls.o1, cls.eve, "2026-01-10"),
            (cls.product, cls.ann, "2026-01-11"),
        ):
            record.message_post(
                body="Note",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=author.partner_id.id,
                date=at(day),
            )
        # the notification of an assignment is no action of its author
        cls.env["mail.message"].create(
            {
                "model": "crm.lead",
                "res_id": cls.o1.id,
                "message_type": "user_notification",
                "author_id": cls.ann.partner_id.id,
                "body": "Assigned to you",
                "reply_to": "ann@example.com",
                "date": at("2026-01-12"),
            }
        )

        def activity(record, owner, deadline, done=None, created=None):
            values = {
                "res_model_id": cls.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "user_id": owner.id,
                "date_deadline": deadline,
            }
            if done:
                values.update(active=False, date_done=done)
            result = cls.env["mail.activity"].create(values)
            if created:
                set_columns(result, create_date=at(created))
            return result

        # done in January: A1 on time, A2 overdue (Ann), A3 on time (Bob);
        # A4 (Eve, no CRM user) and A5 (a product's) are not counted; done
        # in February: A6 overdue (Bob), A8 and A9 on time; A7 still open
        activity(cls.o4, cls.ann, "2026-01-10", "2026-01-10")
        activity(cls.o4, cls.ann, "2026-01-10", "2026-01-12")
        activity(cls.o5, cls.bob, "2026-01-31", "2026-01-15")
        activity(cls.o4, cls.eve, "2026-01-31", "2026-01-15")
        activity(cls.product, cls.bob, "2026-01-31", "2026-01-15")
        activity(cls.o4, cls.bob, "2026-02-01", "2026-02-02")
        a7 = activity(cls.o1, cls.ann, "2026-01-20", created="2026-01-06")
        set_columns(a7, create_uid=cls.ann.id)
        activity(cls.o2, cls.bob, "2026-02-10", "2026-02-05", created="2026-01-16")
        activity(cls.o6, cls.dee, "2026-02-25", "2026-02-20", created="2026-02-06")

    def measure(self, code, period):
        return getattr(self.env["crm.success.kpi"], f"_kpi_{code}")(
            *period, self.company
        )

    def assertRatio(self, code, period, numerator, denominator):
        result = self.measure(code, period)
        self.assertEqual(
            (result["numerator"], result["denominator"]),
            (numerator, denominator),
            f"{code} {period}",
        )
        return result

    def test_active_users(self):
        # January: CRM users Ann, Bob, Cid (Dee comes later, Eve is in no
        # sales group, Fay in another company); active: Ann (login, 2
        # actions) and Bob (login, 3 actions), not Cid (no action) -> 2 / 3
        result = self.assertRatio("crm_active_users_rate", JAN, 2, 3)
        self.assertAlmostEqual(result["value"], 200 / 3)
        # February: Ann, Bob, Cid, Dee; active: Dee only (Ann wrote without
        # logging in, Bob logged in without acting) -> 1 / 4
        result = self.assertRatio("crm_active_users_rate", FEB, 1, 4)
        self.assertAlmostEqual(result["value"], 25.0)

    def test_actions_per_active_user(self):
        # January: Ann's note on O1 and activity A7 scheduled (not her note
        # on a product nor her notification to Bob) + Bob's 3 notes = 5 over
        # 2 active users; February: Dee's note, 1 / 1 (Ann's is not an
        # active user's)
        result = self.assertRatio("crm_actions_per_active_user", JAN, 5, 2)
        self.assertAlmostEqual(result["value"], 2.5)
        result = self.assertRatio("crm_actions_per_active_user", FEB, 1, 1)
        self.assertAlmostEqual(result["value"], 1.0)

    def test_activities_done_on_time(self):
        # January: A1 (on its deadline), A2 (2 days late), A3 (early) -> 2 / 3
        result = self.assertRatio("activities_done_on_time_rate", JAN, 2, 3)
        self.assertAlmostEqual(result["value"], 200 / 3)
        # February: A6 (a day late), A8, A9 (early) -> 2 / 3
        self.assertRatio("activities_done_on_time_rate", FEB, 2, 3)

    def test_opportunities_planned(self):
        # end of January: O1 (A7 open), O2 (A8 done Feb 5), O3 (none) -> 2 / 3
        result = self.assertRatio("opportunities_planned_rate", JAN, 2, 3)
        self.assertAlmostEqual(result["value"], 200 / 3)
        # end of February: O1 (A7 open), O6 (A9 done Feb 20, before) -> 1 / 2
        result = self.assertRatio("opportunities_planned_rate", FEB, 1, 2)
        self.assertAlmostEqual(result["value"], 50.0)

    def test_won_customer_data_quality(self):
        # January: O4 (its contact's company is clean), O9 (messy), O10 (no
        # customer) -> 1 / 3; February: O2 without customer -> 0 / 1
        result = self.assertRatio("won_customer_data_quality_rate", JAN, 1, 3)
        self.assertAlmostEqual(result["value"], 100 / 3)
        self.assertRatio("won_customer_data_quality_rate", FEB, 0, 1)

    def test_no_data(self):
        empty = self.env["res.company"].create({"name": "Empty Adoption Co"})
        for code in CODES:
            with self.subTest(code=code):
                result = getattr(self.env["crm.success.kpi"], f"_kpi_{code}")(
                    *JAN, empty
                )
                self.assertIsNone(result["value"])

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(CODES, [JAN, FEB], self.company)
        self.assertAlmostEqual(results[FEB]["crm_active_users_rate"]["value"], 25.0)

    def test_query_count(self):
        """One query per data source for both periods of a scorecard: the
        users (logins and actions), the done activities, the open
        opportunities and the won ones."""
        self.assertScorecardQueries(CODES, [JAN, FEB], self.company, 4)

    def test_drill_down_opens_what_was_counted(self):
        """A success user with the sales manager's rights (who reads the
        leads, their activities and the users) opens what each line counts;
        the actions per active user open the active users, whose actions
        it sums."""
        lines = self.drill_lines(CODES, JAN, self.company)
        user = new_test_user(
            self.env,
            login="adoption_drill",
            groups="sales_team.group_sale_manager,"
            "crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(
            lines, user, {("crm_actions_per_active_user", "numerator"): 2}
        )

    def test_done_activities_of_crm_records_are_kept(self):
        """Marking done archives the activities of leads, orders, complaints
        and customers with their done day; other activities are deleted."""
        on_lead = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                "res_id": self.o1.id,
                "user_id": self.ann.id,
                "date_deadline": fields.Date.today() - relativedelta(days=1),
            }
        )
        on_partner = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.clean.id,
                "user_id": self.ann.id,
                "date_deadline": fields.Date.today(),
            }
        )
        on_product = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("product.template"),
                "res_id": self.product.id,
                "user_id": self.ann.id,
                "date_deadline": fields.Date.today(),
            }
        )
        (on_lead | on_partner | on_product).with_user(self.ann).action_done()
        self.assertEqual((on_lead | on_partner).exists(), on_lead | on_partner)
        self.assertFalse((on_lead | on_partner).filtered("active"))
        self.assertEqual(on_lead.date_done, fields.Date.today())
        self.assertFalse(on_product.exists())
        self.assertNotIn(on_lead, self.o1.activity_ids)
        # counted in the current month: the lead's overdue, the customer's
        # on time
        today = fields.Date.today()
        month = (today.replace(day=1), today)
        self.assertRatio("activities_done_on_time_rate", month, 1, 2)

    def test_old_logins_are_collected_recent_ones_kept(self):
        Log = self.env["res.users.log"]
        gone = new_test_user(self.env, login="gone", groups="base.group_user")
        old, older_last, recent, last = Log.create([{}, {}, {}, {}])
        now = fields.Datetime.now()
        set_columns(
            old, create_uid=self.cid.id, create_date=now - relativedelta(months=30)
        )
        set_columns(
            older_last,
            create_uid=gone.id,
            create_date=now - relativedelta(months=30),
        )
        set_columns(
            recent, create_uid=self.cid.id, create_date=now - relativedelta(months=3)
        )
        set_columns(last, create_uid=self.cid.id, create_date=now)
        Log._gc_user_logs()
        # Cid's login of 30 months ago goes; the last one of a user who no
        # longer logs in stays, as in Odoo
        self.assertEqual(
            (old | older_last | recent | last).exists(), older_last | recent | last
        )

    def test_adoption_analysis(self):
        """Per user and month, the figures the KPIs count. O3 passes from
        Bob to Ann, not yet flushed: the analysis flushes what it reads."""
        Report = self.env["crm.success.adoption.report"]
        self.o3.user_id = self.ann
        rows = Report.search(
            [
                ("company_id", "=", self.company.id),
                ("month", "in", ["2026-01-01", "2026-02-01"]),
            ]
        )
        figures = {
            (row.user_id.login, str(row.month)): (
                row.login_count,
                row.action_count,
                row.active_user_count,
                row.activity_on_time_count,
                row.activity_overdue_count,
                row.opportunity_planned_count,
                row.opportunity_unplanned_count,
            )
            for row in rows
        }
        self.assertEqual(
            figures,
            {
                # logins, actions, active, on time, overdue, planned, unplanned
                ("ann", "2026-01-01"): (1, 2, 1, 1, 1, 1, 1),
                ("bob", "2026-01-01"): (1, 3, 1, 1, 0, 1, 0),
                ("cid", "2026-01-01"): (1, 0, 0, 0, 0, 0, 0),
                ("ann", "2026-02-01"): (0, 1, 0, 0, 0, 1, 0),
                ("bob", "2026-02-01"): (1, 0, 0, 1, 1, 0, 0),
                ("dee", "2026-02-01"): (1, 1, 1, 1, 0, 0, 1),
            },
        )
        # per team: the active users of January summed
        [(active,)] = Report._read_group(
            [("company_id", "=", self.company.id), ("month", "=", "2026-01-01")],
            aggregates=["active_user_count:sum"],
        )
        self.assertEqual(active, 2)

    def test_analysis_rights(self):
        """Success users read the analysis of their companies; others don't."""
        reader = new_test_user(
            self.env,
            login="adoption_reader",
            groups="crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.env.flush_all()
        Report = self.env["crm.success.adoption.report"]
        ours = Report.search([("company_id", "=", self.company.id)])
        self.assertTrue(ours)
        self.assertEqual(Report.with_user(reader).search([]), ours)
        with self.assertRaises(AccessError):
            Report.with_user(self.ann).search([])


@tagged("post_install", "-at_install")
class TestAdoptionDemo(TransactionCase):
    def test_demo_measures_adoption(self):
        """The demo's sales people give every adoption KPI a value of the
        last closed month, none of them zero."""
        if not self.env.ref("crm_success_metrics.objective_orders_count", False):
            self.skipTest("installed without demo data")
        company = self.env.ref("base.main_company")
        first_of_month = fields.Date.context_today(company).replace(day=1)
        period = (first_of_month - relativedelta(months=1), first_of_month)
        period = (period[0], period[1] - relativedelta(days=1))
        kpis = self.env["crm.success.kpi"].search([("handler", "in", CODES)])
        for kpi in kpis:
            with self.subTest(code=kpi.code):
                self.assertGreater(kpi.compute_value(*period, company)["value"], 0)
