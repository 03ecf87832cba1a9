# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle days are the company's local days (issue 10, part 7)."""

from .common import LifecycleCommon


class TestLifecycleTimeZone(LifecycleCommon):
    def _prospect_day(self, created_at_utc):
        """The day the recompute sees a lead created at ``created_at_utc``
        (UTC, as Odoo stores it) make its customer a prospect."""
        customer = self._customer("Night owl", company_id=self.company.id)
        lead = self.env["crm.lead"].create(
            {
                "name": "Asked late",
                "partner_id": customer.id,
                "company_id": self.company.id,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            [created_at_utc, lead.id],
        )
        companies = self.env["res.company"]._lifecycle_companies()
        prospects = self.env["crm.lifecycle.recompute"]._prospects(
            [customer.id], self.d("2025-03-01"), companies
        )
        return prospects[customer.id]

    def test_lead_late_in_the_evening_counts_on_the_local_next_day(self):
        # 23:30 UTC on 31 January is 00:30 on 1 February in Brussels (UTC+1)
        self.company.lifecycle_tz = "Europe/Brussels"
        self.assertEqual(
            self._prospect_day("2025-01-31 23:30:00"), self.d("2025-02-01")
        )

    def test_lead_early_in_the_morning_counts_on_the_local_previous_day(self):
        # 02:00 UTC on 1 March is 21:00 on 28 February in New York (UTC-5)
        self.company.lifecycle_tz = "America/New_York"
        self.assertEqual(
            self._prospect_day("2025-03-01 02:00:00"), self.d("2025-02-28")
        )

    def test_without_a_time_zone_days_are_utc_days(self):
        self.company.lifecycle_tz = False
        self.assertEqual(
            self._prospect_day("2025-01-31 23:30:00"), self.d("2025-01-31")
        )
