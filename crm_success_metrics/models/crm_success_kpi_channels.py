# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Channel mix and self-service KPIs, over the inbound service contacts.

The channel groups and the escalation rule are ``engine/channels.py``'s; one
query per scorecard for all its periods (``_channels_counts``) counts them.
"""

from odoo import models
from odoo.tools import SQL

from ..engine import channels
from ..kpis import kpi, ratio, shared_periods
from ..kpis.common import ids_domain, in_periods, period_rows, rows_by_period
from .crm_success_kpi_service import INBOUND


class CrmSuccessKpiChannels(models.Model):
    _inherit = "crm.success.kpi"

    def _channels_contact_rows(self, periods, company):
        """SQL rows ``(idx, id, channel, known, escalated)``: the company's
        inbound service contacts queued in each period, whether their
        customer is known, and whether they are escalated (see
        ``engine.channels``): a self-service or digital contact followed,
        strictly later and within the company's escalation window, by an
        assisted inbound contact of the same customer (commercial partner).
        The follow-up may fall after the period; one ``EXISTS`` per contact,
        on the index of the contacts by customer and time."""
        self.env["crm.service.contact"].flush_model(
            ["channel", "direction", "partner_id", "queued_at", "company_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        company.flush_recordset(["crm_success_escalation_window_hours"])
        return SQL(
            """
            SELECT period.idx, contact.id, contact.channel,
                   contact.partner_id IS NOT NULL AS known,
                   contact.channel = ANY(%(sources)s) AND EXISTS (
                       SELECT 1
                         FROM res_partner later_customer
                         JOIN crm_service_contact later
                           ON later.partner_id = later_customer.id
                        WHERE later_customer.commercial_partner_id
                              = customer.commercial_partner_id
                          AND later.queued_at > contact.queued_at
                          AND later.queued_at <= contact.queued_at + %(window)s
                          AND later.company_id = contact.company_id
                          AND later.direction = 'inbound'
                          AND later.channel = ANY(%(targets)s)
                   ) AS escalated
              FROM (%(periods)s) period
              JOIN crm_service_contact contact
                ON contact.queued_at >= period.start_at
               AND contact.queued_at < period.end_at
              LEFT JOIN res_partner customer ON customer.id = contact.partner_id
             WHERE contact.company_id = %(company)s
               AND contact.direction = 'inbound'
               AND %(in_periods)s
            """,
            sources=list(channels.ESCALATION_SOURCES),
            targets=list(channels.ESCALATION_TARGETS),
            window=channels.window(company.crm_success_escalation_window_hours),
            periods=period_rows(periods, company),
            company=company.id,
            in_periods=in_periods(SQL("contact.queued_at"), periods, company),
        )

    def _channels_sets(self):
        """{key: SQL condition on ``contact``} (rows of
        ``_channels_contact_rows``): the sets the KPIs count."""
        self_service = SQL("contact.channel = ANY(%s)", list(channels.SELF_SERVICE))
        return {
            "inbound": SQL("TRUE"),
            "self_service": self_service,
            "digital": SQL("contact.channel = ANY(%s)", list(channels.DIGITAL)),
            "assisted": SQL("contact.channel = ANY(%s)", list(channels.ASSISTED)),
            "sources": SQL(
                "contact.known AND contact.channel = ANY(%s)",
                list(channels.ESCALATION_SOURCES),
            ),
            "escalated": SQL("contact.escalated"),
            "self_known": SQL("contact.known AND %s", self_service),
            "self_resolved": SQL(
                "contact.known AND %s AND NOT contact.escalated", self_service
            ),
        }

    def _channels_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("channels", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._channels_query_counts(periods, company),
        )

    def _channels_query_counts(self, periods, company):
        """{period: {set: number of contacts}} for the sets of
        ``_channels_sets``, in one query."""
        sets = self._channels_sets()
        query = SQL(
            "SELECT contact.idx, %s FROM (%s) contact GROUP BY contact.idx",
            SQL(", ").join(
                SQL("COUNT(*) FILTER (WHERE %s)", condition)
                for condition in sets.values()
            ),
            self._channels_contact_rows(periods, company),
        )
        return rows_by_period(self.env, query, periods, tuple(sets))

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------

    def _channels_drill(
        self, label, channel_names, date_from, date_to, company, known=False
    ):
        """The inbound contacts on ``channel_names``; with ``known``, only
        those of a known customer."""
        domain = [INBOUND, ("channel", "in", list(channel_names))]
        if known:
            domain.append(("partner_id", "!=", False))
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _channels_ids_drill(self, key, label, date_from, date_to, company):
        """The contacts of the set ``key`` that only the escalation rule says."""
        query = SQL(
            "SELECT contact.id FROM (%s) contact WHERE %s",
            self._channels_contact_rows([(date_from, date_to)], company),
            self._channels_sets()[key],
        )
        domain = ids_domain(self.env, query)
        return self._service_contacts_drill(label, domain, date_from, date_to, company)

    def _drill_channel_self_service(self, date_from, date_to, company):
        label = self.env._("Inbound self-service contacts")
        return self._channels_drill(
            label, channels.SELF_SERVICE, date_from, date_to, company
        )

    def _drill_channel_digital(self, date_from, date_to, company):
        label = self.env._("Inbound chat and web form contacts")
        return self._channels_drill(
            label, channels.DIGITAL, date_from, date_to, company
        )

    def _drill_channel_assisted(self, date_from, date_to, company):
        label = self.env._("Inbound phone, e-mail and in-person contacts")
        return self._channels_drill(
            label, channels.ASSISTED, date_from, date_to, company
        )

    def _drill_channel_escalation_sources(self, date_from, date_to, company):
        label = self.env._("Self-service and digital contacts of known customers")
        return self._channels_drill(
            label,
            channels.ESCALATION_SOURCES,
            date_from,
            date_to,
            company,
            known=True,
        )

    def _drill_channel_escalated(self, date_from, date_to, company):
        label = self.env._("Escalated contacts")
        return self._channels_ids_drill("escalated", label, date_from, date_to, company)

    def _drill_self_service_known(self, date_from, date_to, company):
        label = self.env._("Self-service contacts of known customers")
        return self._channels_drill(
            label, channels.SELF_SERVICE, date_from, date_to, company, known=True
        )

    def _drill_self_service_resolved(self, date_from, date_to, company):
        label = self.env._("Self-service contacts not escalated")
        return self._channels_ids_drill(
            "self_resolved", label, date_from, date_to, company
        )

    # ------------------------------------------------------------------
    # KPIS
    # ------------------------------------------------------------------

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("channel_self_service", "contacts_inbound"),
    )
    def _kpi_channel_self_service_share(self, date_from, date_to, company):
        """Inbound self-service contacts / inbound contacts x 100."""
        counts = self._channels_counts(date_from, date_to, company)
        return ratio(counts["self_service"], counts["inbound"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("channel_digital", "contacts_inbound"),
    )
    def _kpi_channel_digital_share(self, date_from, date_to, company):
        """Inbound chat and web form contacts / inbound contacts x 100."""
        counts = self._channels_counts(date_from, date_to, company)
        return ratio(counts["digital"], counts["inbound"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        significance_test="proportion",
        drill=("channel_assisted", "contacts_inbound"),
    )
    def _kpi_channel_assisted_share(self, date_from, date_to, company):
        """Inbound phone, e-mail and in-person contacts / inbound contacts x 100."""
        counts = self._channels_counts(date_from, date_to, company)
        return ratio(counts["assisted"], counts["inbound"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        significance_test="proportion",
        drill=("channel_escalated", "channel_escalation_sources"),
    )
    def _kpi_channel_escalation_rate(self, date_from, date_to, company):
        """Escalated self-service and digital contacts / self-service and
        digital contacts of known customers x 100."""
        counts = self._channels_counts(date_from, date_to, company)
        return ratio(counts["escalated"], counts["sources"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("self_service_resolved", "self_service_known"),
    )
    def _kpi_self_service_resolution_rate(self, date_from, date_to, company):
        """Self-service contacts of known customers not escalated / self-service
        contacts of known customers x 100."""
        counts = self._channels_counts(date_from, date_to, company)
        return ratio(counts["self_resolved"], counts["self_known"], 100.0)
