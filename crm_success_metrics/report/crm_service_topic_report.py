# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools.sql import company_zones, local_day

from ..engine import channels


class CrmServiceTopicReport(models.Model):
    """Top topics: one row per company, month and topic of the service
    contacts, with the number of contacts about the topic that month and the
    topic's rank among the month's topics (1 = asked most). The *Top 10*
    filter keeps the ten most frequent topics of each month; grouped by
    topic over several months, the graph orders the topics by contacts."""

    _name = "crm.service.topic.report"
    _description = "Top Service Topics"
    _auto = False
    _order = "month desc, rank, topic_id"
    _rec_name = "topic_id"

    month = fields.Date(
        readonly=True, help="First day of the month, in the company's time zone."
    )
    topic_id = fields.Many2one("crm.service.topic", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    contact_count = fields.Integer(
        string="Contacts", readonly=True, help="Service contacts about the topic."
    )
    self_service_count = fields.Integer(
        string="Self-service Contacts",
        readonly=True,
        help="Of these, self-service contacts (FAQ and help pages).",
    )
    assisted_count = fields.Integer(
        string="Assisted Contacts",
        readonly=True,
        help="Of these, phone, e-mail and in-person contacts.",
    )
    rank = fields.Integer(
        readonly=True,
        help="Rank of the topic among the month's topics by contacts (1 = most; "
        "topics with as many contacts share a rank).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT ROW_NUMBER() OVER (
                               ORDER BY counted.month, counted.company_id,
                                        counted.topic_id) AS id,
                           counted.*,
                           RANK() OVER (
                               PARTITION BY counted.company_id, counted.month
                               ORDER BY counted.contact_count DESC
                           ) AS rank
                      FROM (
                        SELECT date_trunc('month', %(day)s)::date AS month,
                               rel.topic_id, contact.company_id,
                               COUNT(*) AS contact_count,
                               COUNT(*) FILTER (
                                   WHERE contact.channel = ANY(%(self_service)s)
                               ) AS self_service_count,
                               COUNT(*) FILTER (
                                   WHERE contact.channel = ANY(%(assisted)s)
                               ) AS assisted_count
                          FROM crm_service_contact_topic_rel rel
                          JOIN crm_service_contact contact
                            ON contact.id = rel.contact_id
                          JOIN (%(zones)s) zone
                            ON zone.company_id = contact.company_id
                         GROUP BY 1, 2, 3
                      ) counted
                )
                """,
                view=SQL.identifier(self._table),
                day=local_day(SQL("contact.queued_at"), SQL("zone.tz")),
                self_service=list(channels.SELF_SERVICE),
                assisted=list(channels.ASSISTED),
                zones=company_zones(),
            )
        )
