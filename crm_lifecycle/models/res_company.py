# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from typing import NamedTuple

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine.bounds import MAX_WINDOW_DAYS, out_of_bounds
from ..engine.days import DEFAULT_TZ, local_date
from ..engine.lifecycle import Thresholds
from ..tools import check_bounds

_logger = logging.getLogger(__name__)

# {setting: (lowest, highest)}: positive, and the day counts that feed date
# arithmetic are windows of at most MAX_WINDOW_DAYS
THRESHOLD_BOUNDS = {
    "lifecycle_churn_days": (1, MAX_WINDOW_DAYS),
    "lifecycle_at_risk_min_days": (1, MAX_WINDOW_DAYS),
    "lifecycle_at_risk_factor": (0.01, 100.0),
    "lifecycle_loyal_min_orders": (1, 10000),
    "lifecycle_loyal_window_days": (1, MAX_WINDOW_DAYS),
}
THRESHOLD_FIELDS = list(THRESHOLD_BOUNDS)
WINBACK_BOUNDS = {"lifecycle_winback_delay_days": (0, MAX_WINDOW_DAYS)}


class LifecycleSettings(NamedTuple):
    """What the lifecycle of a company's customers is computed with."""

    thresholds: Thresholds
    purchase_source: str
    # converts amounts in the lifecycle currency (the default company's, see
    # _lifecycle_default_company) into this company's currency
    rate: float


class WinbackSettings(NamedTuple):
    """How a company's salespeople are reminded of their churned customers."""

    activity_type: models.Model  # mail.activity.type
    delay_days: int


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_churn_days = fields.Integer(
        string="Churned After (days)",
        default=365,
        help="A customer who has not purchased for longer than this is churned.",
    )
    lifecycle_at_risk_min_days = fields.Integer(
        string="At Risk After (days)",
        default=90,
        help="A customer is at risk when the days since the last purchase "
        "exceed both this and the at-risk factor times the usual gap.",
    )
    lifecycle_at_risk_factor = fields.Float(
        string="At Risk Factor",
        default=1.5,
        help="Multiple of the customer's average days between purchases.",
    )
    lifecycle_loyal_min_orders = fields.Integer(
        string="Loyal From (purchases)",
        default=4,
        help="Purchases within the loyalty window that make a customer loyal.",
    )
    lifecycle_loyal_window_days = fields.Integer(
        string="Loyalty Window (days)",
        default=365,
    )
    lifecycle_purchase_source = fields.Selection(
        [
            ("sale_order", "Confirmed sale orders"),
            ("invoice", "Posted customer invoices"),
        ],
        string="Purchases Are",
        default="sale_order",
        required=True,
        help="Confirmed sale orders count on their order date, posted "
        "customer invoices on their invoice date.",
    )
    # The company's contact has a time zone in standard Odoo; the company
    # itself has none. Stored so that it is read with the company's other
    # settings (no query of its own) and joined by the purchase SQL.
    lifecycle_tz = fields.Selection(
        related="partner_id.tz",
        store=True,
        string="Days Start at Midnight In",
        readonly=False,
        help="The time zone of the company's days: an order counts on its date "
        "in this zone for the purchases, the lifecycle stages and the KPI "
        "periods. It is the time zone of the company's contact; UTC when unset.",
    )

    def _write_multi(self, vals_list):
        # which documents are purchases, and their days: every purchase is
        # derived again (the time zone follows the contact's, write() does
        # not see it change)
        if any(
            {"lifecycle_purchase_source", "lifecycle_tz"} & vals.keys()
            for vals in vals_list
        ):
            self.env["crm.lifecycle.purchase"]._mark_stale("all", self.ids)
        return super()._write_multi(vals_list)

    @api.constrains(*THRESHOLD_FIELDS)
    def _check_lifecycle_thresholds(self):
        check_bounds(self, THRESHOLD_BOUNDS)

    def _lifecycle_thresholds_out_of_bounds(self):
        """Names of the company's lifecycle settings out of their bounds."""
        self.ensure_one()
        return out_of_bounds(
            {name: self[name] for name in THRESHOLD_FIELDS}, THRESHOLD_BOUNDS
        )

    def _lifecycle_tz(self):
        """Name of the time zone in which the company's days start (see
        ``engine.days``): its contact's, UTC when unset."""
        self.ensure_one()
        return self.lifecycle_tz or DEFAULT_TZ

    def _lifecycle_today(self):
        """The company's current day, in its time zone (``_lifecycle_tz``),
        whoever asks: a scheduled action's "today" for this company."""
        self.ensure_one()
        return local_date(fields.Datetime.now(), self._lifecycle_tz())

    @api.model
    def _lifecycle_run_day(self):
        """Today for the lifecycle runs and the portfolio jobs, which cover
        every company at once: the day in the default company's time zone
        (the company whose settings shared customers follow). A company in
        another zone may be one day apart for a few hours around midnight."""
        return self._lifecycle_default_company()._lifecycle_today()

    def _lifecycle_thresholds(self):
        """The company's thresholds as the rules engine expects them."""
        self.ensure_one()
        return Thresholds(
            churn_days=self.lifecycle_churn_days,
            at_risk_min_days=self.lifecycle_at_risk_min_days,
            at_risk_factor=self.lifecycle_at_risk_factor,
            loyal_min_orders=self.lifecycle_loyal_min_orders,
            loyal_window_days=self.lifecycle_loyal_window_days,
        )

    @api.model
    def _lifecycle_default_company(self):
        """The company whose settings and currency apply to the customers
        shared between companies: the main company."""
        # the xmlid lookup is cached, unlike env.ref() which reads the record
        main_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.main_company", raise_if_not_found=False
        )
        companies = self.sudo()
        if not main_id:
            return companies.search([], limit=1)
        # read along with ``self`` (e.g. every company of a run): one query
        return companies.browse(main_id).with_prefetch(companies._prefetch_ids)

    @api.model
    def _lifecycle_companies(self):
        """Every company, archived ones too: a customer's lifecycle does not
        depend on who recomputes it, it counts its purchases in all of them."""
        return self.sudo().with_context(active_test=False).search([])

    def _lifecycle_settings(self):
        """{company id: LifecycleSettings} of these companies: a customer's
        lifecycle uses its company's, or the default company's when it is
        shared between companies.

        A company whose settings are out of bounds (the constraint keeps
        them in, but not a write in SQL) is left out with a warning, so that
        its customers are skipped and every other company's still computed.
        """
        default = self._lifecycle_default_company()
        today = self._lifecycle_run_day()
        settings = {}
        for company in self:
            wrong = company._lifecycle_thresholds_out_of_bounds()
            if wrong:
                _logger.warning(
                    "Customer lifecycle: company %s (id %s) skipped, its settings "
                    "%s are out of bounds",
                    company.name,
                    company.id,
                    ", ".join(f"{name}={company[name]!r}" for name in wrong),
                )
                continue
            settings[company.id] = LifecycleSettings(
                company._lifecycle_thresholds(),
                company.lifecycle_purchase_source,
                default.currency_id._get_conversion_rate(
                    default.currency_id, company.currency_id, company, today
                ),
            )
        return settings

    def _lifecycle_currency_table(self):
        """Currency table (see ``res.currency._get_simple_currency_table``)
        converting these companies' currencies into the lifecycle currency."""
        default = self._lifecycle_default_company()
        currencies = self.env["res.currency"].with_company(default)
        return currencies._get_simple_currency_table(self)

    # ------------------------------------------------------------------
    # COMPLAINTS (crm_lifecycle peripherals)
    # ------------------------------------------------------------------
    complaint_alert_threshold = fields.Integer(
        default=3,
        help="An employee's manager is alerted when the employee gets at least "
        "this many complaints within 30 days.",
    )

    @api.constrains("complaint_alert_threshold")
    def _check_complaint_alert_threshold(self):
        if any(company.complaint_alert_threshold <= 0 for company in self):
            raise ValidationError(
                _("The complaint alert threshold must be a positive number.")
            )

    # ------------------------------------------------------------------
    # INTIMACY (crm_lifecycle peripherals)
    # ------------------------------------------------------------------
    # On by default: a churned customer no longer gets the next purchase
    # reminder, and the day it churns is the salesperson's best moment to
    # call it back; only customers who just churned are raised (see
    # engine.intimacy.winback_reminder_date), so turning it on never floods
    # the salespeople with the customers lost long ago.
    lifecycle_winback_reminder = fields.Boolean(
        string="Win-back Reminder",
        default=True,
        help="When a customer churns, plan a win-back activity for its "
        "salesperson (churned customers get no next purchase reminder).",
    )
    lifecycle_winback_delay_days = fields.Integer(
        string="Win-back Due After (days)",
        default=0,
        help="Days after the customer churned when the win-back activity is due.",
    )
    # Types that keep their done activities only: a done reminder is what
    # stops the daily run from raising it again.
    lifecycle_winback_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Win-back Activity",
        domain=[("res_model", "in", [False, "res.partner"]), ("keep_done", "=", True)],
        help="Type of the win-back activities (one that keeps done activities); "
        "empty: Win-back Call.",
    )

    @api.constrains(*WINBACK_BOUNDS)
    def _check_lifecycle_winback_delay(self):
        check_bounds(self, WINBACK_BOUNDS)

    @api.model
    def _lifecycle_winback_settings(self):
        """{company id: WinbackSettings} of the companies with the win-back
        reminder on (archived companies too, as the lifecycle)."""
        shipped = self.env.ref("crm_lifecycle.mail_activity_type_winback")
        return {
            company.id: WinbackSettings(
                company.lifecycle_winback_activity_type_id or shipped,
                company.lifecycle_winback_delay_days,
            )
            for company in self._lifecycle_companies()
            if company.lifecycle_winback_reminder
        }
