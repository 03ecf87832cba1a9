# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
import json
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import format_date

from ..engine.lifecycle import (
    INACTIVITY,
    LEAD,
    PURCHASE,
    REFERRAL,
    average_gap,
    last_transition,
    replay,
    stage_at,
)
from ..engine.sql_arrays import array_literal
from ..tools import jit_off
from .res_partner import LIFECYCLE_FIGURES

# the reason of a row entered by a person (see crm.lifecycle.correction.wizard)
MANUAL = "manual"
REASONS = [
    ("order", "Sale Order"),
    ("invoice", "Invoice"),
    ("inactivity", "Inactivity"),
    ("referral", "Referral"),
    ("lead", "Lead or Quotation"),
    (MANUAL, "Manual Correction"),
    ("rebuild", "Rebuild"),
]
# engine cause -> reason; purchases depend on the company's purchase source
CAUSE_REASONS = {INACTIVITY: "inactivity", REFERRAL: "referral", LEAD: "lead"}
SOURCE_REASONS = {"sale_order": "order", "invoice": "invoice"}
LIFECYCLE_STAGE = "lifecycle_stage_id"
# rows per bulk statement: bounds the size of the statements' array parameters
WRITE_BATCH = 100000


class CrmLifecycleHistory(models.Model):
    """Append-only log of lifecycle stage changes of commercial partners.

    It also runs the lifecycle computation (``_lifecycle_run``): a few
    set-based queries gather every partner's purchase dates, referrals,
    other advocacy evidence and prospect facts, the rules engine replays
    them, and the results are written back in bulk.
    """

    _name = "crm.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    # evidence: a customer with history is archived, not deleted (see
    # res.partner._unlink_except_lifecycle_history)
    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    stage_from_id = fields.Many2one("crm.lifecycle.stage", string="From Stage")
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="To Stage")
    date = fields.Date(required=True, index=True)
    reason = fields.Selection(REASONS, required=True)
    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
    )
    note = fields.Text(help="Why a person entered this row (manual corrections).")

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    # Rows are created by the system only (nobody has the create right: the
    # recompute inserts them in SQL, the manual correction wizard with sudo
    # after its checks).
    def write(self, vals):
        self._check_system_user()
        return super().write(vals)

    def unlink(self):
        self._check_system_user()
        return super().unlink()

    def _check_system_user(self):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _(
                    "The lifecycle history is append-only: only the system "
                    "administrator can change or delete its entries."
                )
            )

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------
    @api.model
    def _rebuild(self, partners=None):
        """Replay all purchases and inactivity thresholds up to today and
        rewrite the history of ``partners`` (all when None) with reason
        ``rebuild``, keeping the manual corrections.

        Private: run at installation and by lifecycle managers through
        ``crm.lifecycle.maintenance.wizard``; it runs as superuser."""
        ids = None if partners is None else partners.commercial_partner_id.ids
        with jit_off(self.env.cr):
            self.sudo()._lifecycle_run(ids, rebuild=True)

    @api.model
    def _lifecycle_run(self, partner_ids=None, as_of=None, rebuild=False):
        """Recompute stage and figures of commercial partners at ``as_of``.

        :param partner_ids: commercial partner ids, None for every partner
        :param rebuild: rewrite the whole history instead of appending the
            current change
        """
        all_partners = partner_ids is None
        as_of = as_of or fields.Date.context_today(self)
        companies = self.env["res.company"]._lifecycle_companies()
        settings = companies._lifecycle_settings()
        default_company_id = companies._lifecycle_default_company().id
        self.env.flush_all()
        referrals = self._lifecycle_referrals(partner_ids)
        scope = None
        if not all_partners:
            referred = {r for refs in referrals.values() for r in refs}
            scope = list(set(partner_ids) | referred)
        purchases = self._lifecycle_purchases(scope, as_of, companies, settings)
        prospects = self._lifecycle_prospects(partner_ids, as_of)
        advocacy = self._lifecycle_advocacy_dates(partner_ids, as_of)
        current = self._lifecycle_current_states(partner_ids)
        if all_partners:
            partner_ids = set(purchases) | set(prospects) | set(current)
        stages = self.env["crm.lifecycle.stage"].with_context(active_test=False)
        stages = stages.search([])
        stage_ids = {stage.code: stage.id for stage in stages}
        figures, history = [], []
        for partner_id in partner_ids:
            stage_id, stage_date, company_id = current.get(partner_id, (None,) * 3)
            own = settings.get(company_id or default_company_id)
            if own is None:
                continue  # its company's settings are broken (logged): skipped
            dates, order_ids, revenue = purchases.get(partner_id, ([], [], 0.0))
            bought = [
                purchases[r] for r in referrals.get(partner_id, ()) if r in purchases
            ]
            evidence = [bought_facts[0][0] for bought_facts in bought]
            if partner_id in advocacy:
                evidence.append(advocacy[partner_id])
            facts = (
                dates,
                as_of,
                own.thresholds,
                min(evidence, default=None),
                prospects.get(partner_id),
            )
            order_by_day = dict(zip(dates, order_ids, strict=True))
            if rebuild:
                stage_id, stage_date, rows = self._lifecycle_replay_rows(
                    partner_id, facts, stage_ids, order_by_day
                )
                history += rows
            else:
                stage_id, stage_date, row = self._lifecycle_change_row(
                    partner_id,
                    facts,
                    stage_ids,
                    (stage_id, stage_date),
                    order_by_day,
                    own.purchase_source,
                )
                if row:
                    history.append(row)
            avg = average_gap(dates[0], dates[-1], len(dates)) if dates else None
            figures.append(
                (
                    partner_id,
                    stage_id,
                    stage_date,
                    dates[0] if dates else None,
                    dates[-1] if dates else None,
                    len(dates),
                    revenue * own.rate,
                    avg or 0.0,
                    dates[-1] + timedelta(days=round(avg)) if avg is not None else None,
                    len(bought),
                    sum(bought_facts[2] for bought_facts in bought) * own.rate,
                )
            )
        if rebuild:
            self._lifecycle_delete_history(
                None if all_partners else list(partner_ids), list(settings)
            )
        for batch in split_every(WRITE_BATCH, figures, list):
            self._lifecycle_write_figures(batch)
        for batch in split_every(WRITE_BATCH, history, list):
            self._lifecycle_insert_history(batch)
            if not rebuild:
                self._lifecycle_track_changes(batch, stages)

    def _lifecycle_replay_rows(self, partner_id, facts, stage_ids, order_by_day):
        """(stage id, stage date, history rows) of a full replay."""
        rows, previous = [], None
        for transition in replay(*facts):
            stage_id = stage_ids.get(transition.stage)
            order_id = order_by_day.get(transition.date)
            if transition.cause != PURCHASE:
                order_id = None
            rows.append(
                (partner_id, previous, stage_id, transition.date, "rebuild", order_id)
            )
            previous = stage_id
        return previous, rows[-1][3] if rows else None, rows

    def _lifecycle_change_row(
        self, partner_id, facts, stage_ids, current, order_by_day, source
    ):
        """(stage id, stage date, history row or None) at the facts' date;
        ``current`` is the partner's (stage id, stage date) before."""
        dates, as_of, thresholds, advocacy_date, prospect_since = facts
        is_prospect = prospect_since is not None and prospect_since <= as_of
        stage_id = stage_ids.get(
            stage_at(dates, as_of, thresholds, advocacy_date, is_prospect)
        )
        current_id, current_date = current
        if stage_id == current_id:
            return stage_id, current_date, None
        last = last_transition(*facts)
        if not last:  # no purchase and no prospect any more
            reason = SOURCE_REASONS[source]
            return None, None, (partner_id, current_id, None, as_of, reason, None)
        reason = CAUSE_REASONS.get(last.cause, SOURCE_REASONS[source])
        order_id = order_by_day.get(last.date) if last.cause == PURCHASE else None
        row = (partner_id, current_id, stage_id, last.date, reason, order_id)
        return stage_id, last.date, row

    # Fact queries: each returns a dict keyed by commercial partner id.
    # ``partner_ids`` None means every partner.

    def _lifecycle_purchase_query(self, settings):
        """The purchases of the customers of the companies of ``settings``
        (see ``crm.lifecycle.purchase._purchase_query``)."""
        sources = {cid: own.purchase_source for cid, own in settings.items()}
        return self.env["crm.lifecycle.purchase"]._purchase_query(sources)

    def _lifecycle_purchases(self, partner_ids, as_of, companies, settings):
        """{partner: (sorted dates, order ids, revenue in the lifecycle
        currency of the default company)}"""
        query = SQL(
            """
            SELECT purchase.partner_id,
                   array_agg(purchase.day ORDER BY purchase.day, purchase.order_id)
                       FILTER (WHERE purchase.is_purchase),
                   array_agg(purchase.order_id ORDER BY purchase.day, purchase.order_id)
                       FILTER (WHERE purchase.is_purchase),
                   SUM(purchase.amount * COALESCE(account_currency_table.rate, 1))
              FROM (%(purchases)s) purchase
              JOIN %(currency_table)s
                ON account_currency_table.company_id = purchase.company_id
             WHERE purchase.day <= %(as_of)s
               AND (%(all)s OR purchase.partner_id = ANY(%(partner_ids)s))
          GROUP BY purchase.partner_id
            HAVING bool_or(purchase.is_purchase)
            """,
            purchases=self._lifecycle_purchase_query(settings),
            currency_table=companies._lifecycle_currency_table(),
            as_of=as_of,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return {
            row[0]: (row[1], row[2], float(row[3] or 0.0))
            for row in self.env.execute_query(query)
        }

    def _lifecycle_referrals(self, partner_ids):
        """{referrer: [referred commercial partners]}"""
        query = SQL(
            """
            SELECT referrer.commercial_partner_id, array_agg(referred.id)
              FROM res_partner referred
              JOIN res_partner referrer ON referrer.id = referred.referred_by_id
             WHERE referred.id = referred.commercial_partner_id
               AND (%(all)s OR referrer.commercial_partner_id = ANY(%(partner_ids)s))
          GROUP BY referrer.commercial_partner_id
            """,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return dict(self.env.execute_query(query))

    def _lifecycle_advocacy_dates(self, partner_ids, as_of):
        """{partner: day} of advocacy evidence other than referrals, up to
        ``as_of``; the engine uses the earliest of it and the day the first
        referred customer bought. Hook for other addons (none here): run one
        set-based query at most, for all ``partner_ids`` at once."""
        return {}

    def _lifecycle_prospects(self, partner_ids, as_of):
        """{partner: first day it had an active lead or an open quotation}"""
        query = SQL(
            """
            SELECT p.commercial_partner_id, MIN(fact.day)
              FROM (
                    SELECT l.partner_id, l.create_date::date AS day
                      FROM crm_lead l
                     WHERE l.active AND l.partner_id IS NOT NULL
                 UNION ALL
                    SELECT so.partner_id, so.date_order::date
                      FROM sale_order so
                     WHERE so.state IN ('draft', 'sent')
                   ) fact
              JOIN res_partner p ON p.id = fact.partner_id
             WHERE fact.day <= %(as_of)s
               AND (%(all)s OR p.commercial_partner_id = ANY(%(partner_ids)s))
          GROUP BY p.commercial_partner_id
            """,
            as_of=as_of,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return dict(self.env.execute_query(query))

    def _lifecycle_current_states(self, partner_ids):
        """{partner: (stage id, stage date, company id)} of the commercial
        partners with a stage or a company"""
        query = SQL(
            """
            SELECT id, lifecycle_stage_id, lifecycle_stage_date, company_id
              FROM res_partner
             WHERE id = commercial_partner_id
               AND (lifecycle_stage_id IS NOT NULL OR company_id IS NOT NULL)
               AND (%(all)s OR id = ANY(%(partner_ids)s))
            """,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return {row[0]: row[1:] for row in self.env.execute_query(query)}

    # Bulk writes (the figures go to the commercial partner and its contacts)

    def _lifecycle_write_figures(self, figures):
        columns = list(zip(*figures, strict=True))
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner p
                   SET lifecycle_stage_id = v.stage_id,
                       lifecycle_stage_date = v.stage_date,
                       first_order_date = v.first_date,
                       last_order_date = v.last_date,
                       order_count = v.order_count,
                       lifetime_revenue = v.revenue,
                       avg_days_between_orders = v.avg_days,
                       next_expected_order_date = v.next_date,
                       referral_count = v.referral_count,
                       referred_revenue = v.referred_revenue
                  FROM unnest(%s::int[], %s::int[], %s::date[], %s::date[], %s::date[],
                              %s::int[], %s::numeric[], %s::float8[], %s::date[],
                              %s::int[], %s::numeric[])
                       AS v(partner_id, stage_id, stage_date, first_date, last_date,
                            order_count, revenue, avg_days, next_date,
                            referral_count, referred_revenue)
                 WHERE p.commercial_partner_id = v.partner_id
                   AND (p.lifecycle_stage_id, p.lifecycle_stage_date,
                        p.first_order_date, p.last_order_date, p.order_count,
                        p.lifetime_revenue,
                        p.avg_days_between_orders, p.next_expected_order_date,
                        p.referral_count, p.referred_revenue)
                       IS DISTINCT FROM
                       (v.stage_id, v.stage_date, v.first_date, v.last_date,
                        v.order_count, v.revenue, v.avg_days, v.next_date,
                        v.referral_count, v.referred_revenue)
                """,
                *map(array_literal, columns),
            )
        )
        self.env["res.partner"].invalidate_model(LIFECYCLE_FIGURES)
        self._lifecycle_align_stage_tracking()

    def _lifecycle_align_stage_tracking(self):
        """Odoo's field tracking logs, when the transaction ends, the tracked
        fields of the partners written in it that differ from their value
        before the write. The stage is only written here, in bulk, and
        tracked by ``_lifecycle_track_changes``: move those initial values
        along, or such partners would get a second message."""
        initial = self.env.cr.precommit.data.get("mail.tracking.res.partner") or {}
        ids = [pid for pid, vals in initial.items() if vals and LIFECYCLE_STAGE in vals]
        if not ids:
            return
        stages = self.env["crm.lifecycle.stage"]
        query = SQL(
            "SELECT id, lifecycle_stage_id FROM res_partner WHERE id = ANY(%s)", ids
        )
        for partner_id, stage_id in self.env.execute_query(query):
            initial[partner_id][LIFECYCLE_STAGE] = stages.browse(stage_id)

    def _lifecycle_track_changes(self, history, stages):
        """Track each change of stage in the customer's chatter as Odoo's
        field tracking would, with the reason and date as the message body.

        The stage is written in bulk SQL, which the ORM's tracking does not
        see, and creating the messages through the ORM would take minutes
        when the daily cron moves many customers: one statement inserts the
        messages and their tracking values (``history`` holds one change per
        partner, which pairs each message with its change). Like the ORM's
        tracking, it is skipped under the ``tracking_disable`` context key.
        """
        if not history or self.env.context.get("tracking_disable"):
            return
        partners = self.env["res.partner"]
        author_id, email_from = partners._message_compute_author(raise_on_email=False)
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        names = {stage.id: stage.display_name for stage in stages}

        @functools.cache  # a few distinct bodies; formatting dates is slow
        def body(reason, day):
            return Markup("<p>%s</p>") % self.env._(
                "%(reason)s, %(date)s",
                reason=reasons[reason],
                date=format_date(self.env, day),
            )

        bodies = [body(row[4], row[3]) for row in history]
        columns = list(zip(*history, strict=True))
        self.env.execute_query(
            SQL(
                """
                WITH change AS (
                    SELECT * FROM unnest(%(partners)s::int[], %(from_ids)s::int[],
                                         %(to_ids)s::int[], %(bodies)s::text[])
                           AS c(partner_id, from_id, to_id, body)
                ), message AS (
                    INSERT INTO mail_message
                           (model, res_id, message_type, subtype_id, is_internal,
                            body, author_id, email_from, reply_to, message_id, date,
                            create_uid, create_date, write_uid, write_date)
                    SELECT 'res.partner', c.partner_id, 'notification',
                           %(subtype)s, TRUE, c.body, %(author)s, %(email_from)s,
                           %(reply_to)s, %(message_id)s, %(now)s,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM change c
                 RETURNING id, res_id
                )
                INSERT INTO mail_tracking_value
                       (field_id, mail_message_id, old_value_integer, old_value_char,
                        new_value_integer, new_value_char,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(field)s, m.id, COALESCE(c.from_id, 0),
                       COALESCE((%(names)s::jsonb)->>c.from_id::text, ''),
                       COALESCE(c.to_id, 0),
                       COALESCE((%(names)s::jsonb)->>c.to_id::text, ''),
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM message m
                  JOIN change c ON c.partner_id = m.res_id
                """,
                partners=array_literal(columns[0]),
                from_ids=array_literal(columns[1]),
                to_ids=array_literal(columns[2]),
                bodies=array_literal(bodies),
                names=json.dumps(names),
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=author_id,
                email_from=email_from,
                reply_to=self.env["mail.thread"]._notify_get_reply_to(
                    default=email_from
                )[False],
                message_id=generate_tracking_message_id("lifecycle-stage"),
                now=fields.Datetime.now(),
                uid=self.env.uid,
                field=self.env["ir.model.fields"]
                ._get("res.partner", "lifecycle_stage_id")
                .id,
            )
        )
        self.env["mail.message"].invalidate_model()
        self.env["mail.tracking.value"].invalidate_model()
        partners.invalidate_model(["message_ids"])

    def _lifecycle_insert_history(self, history):
        if not history:
            return
        columns = list(zip(*history, strict=True))
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_lifecycle_history
                       (partner_id, stage_from_id, stage_to_id, date, reason, order_id,
                        company_id, create_uid, create_date, write_uid, write_date)
                SELECT v.partner_id, v.stage_from_id, v.stage_to_id, v.date, v.reason,
                       v.order_id, p.company_id, %s, now() AT TIME ZONE 'UTC',
                       %s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[],
                              %s::varchar[], %s::int[])
                       AS v(partner_id, stage_from_id, stage_to_id, date, reason,
                            order_id)
                  JOIN res_partner p ON p.id = v.partner_id
                 -- the foreign key checks then read the orders in their order
              ORDER BY v.order_id
                """,
                self.env.uid,
                self.env.uid,
                *map(array_literal, columns),
            )
        )
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(["lifecycle_history_ids"])

    def _lifecycle_delete_history(self, partner_ids, company_ids):
        """Delete the rows the rebuild replays: the system's rows of
        ``partner_ids`` (None: all) whose company (the default company for
        shared customers) is among ``company_ids``. Manual corrections are
        evidence a person entered: they are never deleted."""
        self.env.execute_query(
            SQL(
                """
                DELETE FROM crm_lifecycle_history
                 WHERE reason <> %(manual)s
                   AND (%(all)s OR partner_id = ANY(%(partner_ids)s))
                   AND COALESCE(company_id, %(default)s) = ANY(%(company_ids)s)
                """,
                manual=MANUAL,
                all=partner_ids is None,
                partner_ids=partner_ids or [],
                default=self.env["res.company"]._lifecycle_default_company().id,
                company_ids=company_ids,
            )
        )
        self.invalidate_model()
