# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Contact-centre and e-mail service KPIs, one set-based query each."""

from dataclasses import replace

from odoo import models
from odoo.tools import SQL, create_index

from ..kpis import Drill, kpi, ratio, shared_periods
from ..kpis.common import (
    datetime_domain,
    ids_domain,
    in_periods,
    period_rows,
    rows_by_period,
)

# Chatter models whose incoming customer e-mails are measured.
EMAIL_MODELS = ["crm.lead", "res.partner", "crm.complaint", "sale.order"]
# The service contacts' conditions the drill-downs share.
INBOUND = ("direction", "=", "inbound")
ANSWERED = ("answered_at", "!=", False)


class CrmSuccessKpiService(models.Model):
    _inherit = "crm.success.kpi"

    def init(self):
        result = super().init()
        # The e-mail KPIs read the e-mails received in a period; e-mails are
        # a small part of the chatter (notes, notifications, tracking).
        create_index(
            self.env.cr,
            "mail_message_email_date_crm_success_index",
            "mail_message",
            ["date"],
            where="message_type = 'email'",
        )
        return result

    def _service_contact_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("service_contacts", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._service_query_contact_counts(periods, company),
        )

    def _service_query_contact_counts(self, periods, company):
        """{period: counts} over the service contacts queued in each period, in
        one query."""
        self.env["crm.service.contact"].flush_model()
        query = SQL(
            """
            SELECT period.idx,
                   COUNT(*) FILTER (WHERE inbound),
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
              FROM (%(periods)s) period
              JOIN (SELECT *, direction = 'inbound' AS inbound,
                           answered_at IS NOT NULL AS answered
                      FROM crm_service_contact) contact
                ON contact.queued_at >= period.start_at
               AND contact.queued_at < period.end_at
             WHERE contact.company_id = %(company)s
               AND %(in_periods)s
             GROUP BY period.idx
            """,
            company=company.id,
            periods=period_rows(periods, company),
            in_periods=in_periods(SQL("contact.queued_at"), periods, company),
            target=company.crm_success_service_level_seconds,
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
        return rows_by_period(self.env, query, periods, keys)

    @kpi(
        kind="ratio",
        unit="seconds",
        direction="down",
        drill=("contacts_waits", "contacts_answered"),
    )
    def _kpi_avg_speed_of_answer(self, date_from, date_to, company):
        """Mean wait in seconds of the answered inbound contacts queued in the
        period."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["wait"], counts["answered"])

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        significance_test="proportion",
        drill=("contacts_abandoned", "contacts_inbound"),
    )
    def _kpi_abandonment_rate(self, date_from, date_to, company):
        """Abandoned inbound contacts / inbound contacts queued x 100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["abandoned"], counts["inbound"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("contacts_in_target", "contacts_inbound"),
    )
    def _kpi_service_level(self, date_from, date_to, company):
        """Inbound contacts answered within the target seconds / inbound queued x
        100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["in_target"], counts["inbound"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("contacts_resolved_first_time", "contacts_resolved"),
    )
    def _kpi_first_contact_resolution_rate(self, date_from, date_to, company):
        """Contacts resolved at first contact / resolved contacts x 100."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["fcr"], counts["resolved"], 100.0)

    @kpi(
        kind="ratio",
        unit="count",
        direction="down",
        drill=("contacts_with_case", "cases_resolved"),
    )
    def _kpi_contacts_per_resolution(self, date_from, date_to, company):
        """Inbound contacts with a case reference / distinct resolved case
        references."""
        counts = self._service_contact_counts(date_from, date_to, company)
        return ratio(counts["with_case"], counts["resolved_cases"])

    def _service_handled_contacts(self, date_from, date_to, company):
        """Number of contacts (both directions) queued in the period and not
        abandoned."""
        return self._service_contact_counts(date_from, date_to, company)["handled"]

    def _service_contacts_drill(self, label, domain, date_from, date_to, company, **kw):
        """Drill of the company's service contacts queued in the period and
        matching ``domain``."""
        domain = [
            ("company_id", "=", company.id),
            *datetime_domain("queued_at", date_from, date_to, company),
            *domain,
        ]
        return Drill("crm.service.contact", domain, label, **kw)

    def _drill_contacts_inbound(self, date_from, date_to, company):
        label = self.env._("Inbound contacts")
        domain = [INBOUND]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_answered(self, date_from, date_to, company):
        label = self.env._("Inbound contacts answered")
        domain = [INBOUND, ANSWERED]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_waits(self, date_from, date_to, company):
        """The inbound contacts answered, whose waits the KPI sums."""
        answered = self._drill_contacts_answered(date_from, date_to, company)
        return replace(answered, measure=("wait_seconds", 1))

    def _drill_contacts_abandoned(self, date_from, date_to, company):
        label = self.env._("Inbound contacts abandoned")
        domain = [INBOUND, ("abandoned", "=", True)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_in_target(self, date_from, date_to, company):
        label = self.env._("Inbound contacts answered within the target")
        target = company.crm_success_service_level_seconds
        domain = [INBOUND, ANSWERED, ("wait_seconds", "<=", target)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_resolved(self, date_from, date_to, company):
        label = self.env._("Contacts resolved")
        domain = [("resolved", "=", True)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_resolved_first_time(self, date_from, date_to, company):
        label = self.env._("Contacts resolved at first contact")
        domain = [("resolved", "=", True), ("first_contact_resolution", "=", True)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_contacts_with_case(self, date_from, date_to, company):
        label = self.env._("Inbound contacts with a case reference")
        domain = [INBOUND, ("case_ref", "!=", False)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_cases_resolved(self, date_from, date_to, company):
        """The resolved contacts with a case reference, one group per case:
        the KPI counts the cases, the groups of the list."""
        label = self.env._("Resolved cases")
        domain = [("resolved", "=", True), ("case_ref", "!=", False)]
        return self._service_contacts_drill(
            label, domain, date_from, date_to, company, group_by=("case_ref",)
        )

    def _drill_contacts_handled(self, date_from, date_to, company):
        label = self.env._("Contacts handled")
        domain = [("abandoned", "=", False)]
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _service_email_responses(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("email_responses", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._service_query_email_responses(periods, company),
        )

    def _service_email_responses_rows(self, periods, company):
        """SQL rows ``(idx, id, hours)``: the customer e-mails received in
        each period and the hours to their response (NULL if unanswered).

        A customer e-mail is a chatter message of type email on a measured model
        whose author is not an internal user; its response is the first later
        message on the same record written by an internal user that is not an
        internal note. One pass with a window function over the messages of the
        records concerned, from the first e-mail received on each.
        """
        self.env["mail.message"].flush_model()
        self.env["res.users"].flush_model(["partner_id", "share"])
        return SQL(
            """
            WITH authors AS (
                SELECT DISTINCT partner_id FROM res_users WHERE NOT share
            ), received AS (
                SELECT period.idx, msg.id, msg.model, msg.res_id, msg.date
                  FROM (%(periods)s) period
                  JOIN mail_message msg
                    ON msg.date >= period.start_at AND msg.date < period.end_at
                 WHERE msg.message_type = 'email'
                   AND msg.model = ANY(%(models)s)
                   AND msg.record_company_id = %(company)s
                   AND %(in_periods)s
                   AND (msg.author_id IS NULL
                        OR msg.author_id NOT IN (SELECT partner_id FROM authors))
            ), records AS (
                SELECT model, res_id, MIN(date) AS since
                  FROM received
                 GROUP BY model, res_id
            ), thread AS (
                SELECT msg.id,
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
                  FROM records
                  JOIN mail_message msg
                    ON msg.model = records.model AND msg.res_id = records.res_id
                   AND msg.date >= records.since
                  LEFT JOIN mail_message_subtype subtype ON subtype.id = msg.subtype_id
            )
            SELECT received.idx, received.id,
                   EXTRACT(EPOCH FROM thread.replied_at - received.date) / 3600.0
                   AS hours
              FROM received
              JOIN thread ON thread.id = received.id
            """,
            models=EMAIL_MODELS,
            company=company.id,
            periods=period_rows(periods, company),
            in_periods=in_periods(SQL("msg.date"), periods, company),
        )

    def _service_email_sets(self, company):
        """{key: SQL condition on ``response``} (rows of
        ``_service_email_responses_rows``): the customer e-mails answered, and
        answered within the company's target hours."""
        return {
            "received": SQL("TRUE"),
            "answered": SQL("response.hours IS NOT NULL"),
            "in_target": SQL(
                "response.hours <= %s", company.crm_success_email_target_hours
            ),
        }

    def _service_query_email_responses(self, periods, company):
        """{period: (received, answered, answered within target, sum of response
        hours)} for the customer e-mails received in each period."""
        sets = self._service_email_sets(company)
        query = SQL(
            """
            SELECT response.idx,
                   COUNT(*) FILTER (WHERE %(received)s),
                   COUNT(*) FILTER (WHERE %(answered)s),
                   COUNT(*) FILTER (WHERE %(in_target)s),
                   COALESCE(SUM(response.hours), 0)
              FROM (%(responses)s) response
             GROUP BY response.idx
            """,
            responses=self._service_email_responses_rows(periods, company),
            **sets,
        )
        keys = ("received", "answered", "in_target", "hours")
        return rows_by_period(self.env, query, periods, keys)

    def _service_email_drill(self, key, label, date_from, date_to, company):
        query = SQL(
            "SELECT response.id FROM (%s) response WHERE %s",
            self._service_email_responses_rows([(date_from, date_to)], company),
            self._service_email_sets(company)[key],
        )
        return Drill("mail.message", ids_domain(self.env, query), label)

    def _drill_emails_received(self, date_from, date_to, company):
        label = self.env._("Customer e-mails received")
        return self._service_email_drill("received", label, date_from, date_to, company)

    def _drill_emails_answered(self, date_from, date_to, company):
        label = self.env._("Customer e-mails answered")
        return self._service_email_drill("answered", label, date_from, date_to, company)

    def _drill_emails_answered_in_target(self, date_from, date_to, company):
        label = self.env._("Customer e-mails answered within the target hours")
        return self._service_email_drill(
            "in_target", label, date_from, date_to, company
        )

    @kpi(
        kind="ratio",
        unit="hours",
        direction="down",
        drill=("emails_answered", "emails_answered"),
    )
    def _kpi_email_first_response_hours(self, date_from, date_to, company):
        """Mean hours from a customer e-mail received in the period to the first
        internal reply on the same record (answered e-mails only)."""
        responses = self._service_email_responses(date_from, date_to, company)
        return ratio(float(responses["hours"]), responses["answered"])

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("emails_answered_in_target", "emails_received"),
    )
    def _kpi_email_answered_in_target(self, date_from, date_to, company):
        """Customer e-mails received in the period answered within the target
        hours / customer e-mails received x 100."""
        responses = self._service_email_responses(date_from, date_to, company)
        return ratio(responses["in_target"], responses["received"], 100.0)
