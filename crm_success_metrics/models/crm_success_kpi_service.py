# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Contact-centre and e-mail service KPIs, one set-based query each."""

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, ratio, shared
from ..kpis.common import datetime_bounds

# Chatter models whose incoming customer e-mails are measured.
EMAIL_MODELS = ["crm.lead", "res.partner", "crm.complaint", "sale.order"]


class CrmSuccessKpiService(models.Model):
    _inherit = "crm.success.kpi"

    def _service_contact_counts(self, date_from, date_to, company):
        """Measured once per scorecard (see ``shared``)."""
        return shared(
            self.env,
            (
                "service_contacts",
                company.id,
                company._lifecycle_tz(),
                date_from,
                date_to,
            ),
            lambda: self._service_query_contact_counts(date_from, date_to, company),
        )

    def _service_query_contact_counts(self, date_from, date_to, company):
        """Counts over the service contacts queued in the period, in one query."""
        self.env["crm.service.contact"].flush_model()
        start, end = datetime_bounds(date_from, date_to, company)
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*) FILTER (WHERE inbound),
                   COUNT(*) FILTER (WHERE inbound AND answered),
                   COALESCE(SUM(wait_seconds) FILTER (WHERE inbound AND answered), 0),
                   COUNT(*) FILTER (WHERE inbound AND abandoned),
                   COUNT(*) FILTER (
                       WHERE inbound AND answered AND wait_seconds <= %(target)s),
                   COUNT(*) FILTER (WHERE resolved),
                   COUNT(*) FILTER (WHERE resolved AND first_contact_resolution),
                   COUNT(*) FILTER (WHERE inbound AND case_ref IS NOT NULL),
                   COUNT(DISTINCT case_ref) FILTER (WHERE resolved),
                   COUNT(*) FILTER (WHERE abandoned IS NOT TRUE)
              FROM (SELECT *, direction = 'inbound' AS inbound,
                           answered_at IS NOT NULL AS answered
                      FROM crm_service_contact) contact
             WHERE company_id = %(company)s
               AND queued_at >= %(start)s AND queued_at < %(end)s
            """,
                company=company.id,
                start=start,
                end=end,
                target=company.crm_success_service_level_seconds,
            )
        )
        keys = (
            "inbound",
            "answered",
            "wait",
            "abandoned",
            "in_target",
            "resolved",
            "fcr",
            "with_case",
            "resolved_cases",
            "handled",
        )
        return dict(zip(keys, self.env.cr.fetchone(), strict=True))

    @kpi(kind="ratio", unit="seconds", direction="down")
    def _kpi_avg_speed_of_answer(self, date_from, date_to, company):
        """Mean wait in seconds of the answered inbound contacts queued in the
        period."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["wait"], counts["answered"])

    @kpi(kind="ratio", unit="percent", direction="down", significance_test="proportion")
    def _kpi_abandonment_rate(self, date_from, date_to, company):
        """Abandoned inbound contacts / inbound contacts queued x 100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["abandoned"], counts["inbound"], 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_service_level(self, date_from, date_to, company):
        """Inbound contacts answered within the target seconds / inbound queued x
        100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["in_target"], counts["inbound"], 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_first_contact_resolution_rate(self, date_from, date_to, company):
        """Contacts resolved at first contact / resolved contacts x 100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["fcr"], counts["resolved"], 100.0)

    @kpi(kind="ratio", unit="count", direction="down")
    def _kpi_contacts_per_resolution(self, date_from, date_to, company):
        """Inbound contacts with a case reference / distinct resolved case
        references."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["with_case"], counts["resolved_cases"])

    def _service_handled_contacts(self, date_from, date_to, company):
        """Number of contacts (both directions) queued in the period and not
        abandoned."""
        return self._service_contact_counts(date_from, date_to, company)["handled"]

    def _service_email_responses(self, date_from, date_to, company):
        """Measured once per scorecard (see ``shared``)."""
        return shared(
            self.env,
            (
                "email_responses",
                company.id,
                company._lifecycle_tz(),
                date_from,
                date_to,
            ),
            lambda: self._service_query_email_responses(date_from, date_to, company),
        )

    def _service_query_email_responses(self, date_from, date_to, company):
        """(received, answered, answered within target, sum of response hours) for
        the customer e-mails received in the period.

        A customer e-mail is a chatter message of type email on a measured model
        whose author is not an internal user; its response is the first later
        message on the same record written by an internal user that is not an
        internal note. One pass with a window function over the records concerned.
        """
        self.env["mail.message"].flush_model()
        self.env["res.users"].flush_model(["partner_id", "share"])
        start, end = datetime_bounds(date_from, date_to, company)
        self.env.cr.execute(
            SQL(
                """
            WITH authors AS (
                SELECT DISTINCT partner_id FROM res_users WHERE NOT share
            ), received AS (
                SELECT msg.id, msg.model, msg.res_id
                  FROM mail_message msg
                 WHERE msg.message_type = 'email'
                   AND msg.model = ANY(%(models)s)
                   AND msg.record_company_id = %(company)s
                   AND msg.date >= %(start)s AND msg.date < %(end)s
                   AND (msg.author_id IS NULL
                        OR msg.author_id NOT IN (SELECT partner_id FROM authors))
            ), thread AS (
                SELECT msg.id, msg.date,
                       msg.id IN (SELECT id FROM received) AS is_received,
                       MIN(CASE WHEN msg.author_id IN (SELECT partner_id FROM authors)
                                 AND msg.message_type IN
                                     ('email', 'comment', 'email_outgoing')
                                 AND NOT COALESCE(msg.is_internal, FALSE)
                                 AND NOT COALESCE(subtype.internal, FALSE)
                                THEN msg.date END)
                       OVER (PARTITION BY msg.model, msg.res_id
                             ORDER BY msg.date, msg.id
                             ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
                       AS replied_at
                  FROM mail_message msg
                  LEFT JOIN mail_message_subtype subtype ON subtype.id = msg.subtype_id
                 WHERE (msg.model, msg.res_id) IN (SELECT model, res_id FROM received)
                   AND msg.date >= %(start)s
            ), responses AS (
                SELECT EXTRACT(EPOCH FROM replied_at - date) / 3600.0 AS hours
                  FROM thread
                 WHERE is_received
            )
            SELECT COUNT(*),
                   COUNT(hours),
                   COUNT(*) FILTER (WHERE hours <= %(target)s),
                   COALESCE(SUM(hours), 0)
              FROM responses
            """,
                models=EMAIL_MODELS,
                company=company.id,
                start=start,
                end=end,
                target=company.crm_success_email_target_hours,
            )
        )
        return self.env.cr.fetchone()

    @kpi(kind="ratio", unit="hours", direction="down")
    def _kpi_email_first_response_hours(self, date_from, date_to, company):
        """Mean hours from a customer e-mail received in the period to the first
        internal reply on the same record (answered e-mails only)."""
        _received, answered, _in_target, hours = self._service_email_responses(
            date_from, date_to, company
        )
        return ratio(float(hours), answered)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_email_answered_in_target(self, date_from, date_to, company):
        """Customer e-mails received in the period answered within the target
        hours / customer e-mails received x 100."""
        received, _answered, in_target, _hours = self._service_email_responses(
            date_from, date_to, company
        )
        return ratio(in_target, received, 100.0)
