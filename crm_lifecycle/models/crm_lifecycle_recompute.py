# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses
import functools

from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import SQL, split_every
from odoo.tools.misc import format_date

from ..engine.customer import (
    REBUILD,
    CustomerFacts,
    CustomerFigures,
    HistoryRow,
    change_row,
    customer_figures,
    replay_rows,
    stage_after,
)
from ..engine.lifecycle import CHURNED
from ..engine.sql_arrays import array_literal
from ..tools import company_zones, local_day
from .crm_lifecycle_history import MANUAL

# rows per bulk statement: bounds the size of the statements' array parameters
WRITE_BATCH = 100000
# chatter notes per INSERT: bounds the memory of a run that moves every customer
NOTE_BATCH = 10000
# the columns of a chatter note that are not copied from the first one
COPY_SKIPPED = frozenset({"id", "res_id", "body", "message_id"})
# the current state of a partner without stage nor company
NO_STATE = {"stage_id": None, "stage_date": None, "company_id": None}


@dataclasses.dataclass
class FigureRows:
    """Figures of one kind for ``crm.lifecycle.recompute._write_figures``:
    ``rows`` of the dataclass ``row_type`` (``partner_id``, then the
    res.partner columns they are written to).

    With ``clear``, the columns are emptied on every other partner of the
    companies ``company_ids`` (the default company's for shared partners;
    None: all, but the customers of a company whose settings are broken keep
    their figures) among the commercial partners ``partner_ids`` (None: all).
    """

    row_type: type
    rows: list
    clear: bool = False
    company_ids: list | None = None
    partner_ids: list | None = None

    def columns(self):
        return [field.name for field in dataclasses.fields(self.row_type)][1:]


class CrmLifecycleRecompute(models.AbstractModel):
    """The lifecycle computation, in three steps:

    1. facts: a few set-based queries gather every customer's purchases
       (``crm.lifecycle.purchase._purchase_query``), referrals,
       other advocacy evidence (``_advocacy_dates``, a hook) and prospect
       facts into one ``CustomerFacts`` per commercial partner;
    2. rules: the pure engine (``engine/customer.py``) turns them into
       history rows and figures;
    3. writes: the figures go to the partners in one UPDATE
       (``_write_figures``, the only writer of the computed partner columns),
       the rows to the history in one INSERT, and each change of stage to the
       customer's chatter, worded from its history row; a customer who
       churned loses its open reorder reminders
       (``crm.lifecycle.portfolio._withdraw_reorder_reminders``).

    Private: the entry points are ``res.partner._lifecycle_refresh`` (some
    customers), ``res.partner._lifecycle_recompute_all`` (the daily run) and
    ``crm.lifecycle.history._rebuild``.
    """

    _name = "crm.lifecycle.recompute"
    _description = "Customer Lifecycle Recompute"

    @api.model
    def _run(self, partner_ids=None, as_of=None, rebuild=False):
        """Recompute stage and figures of commercial partners at ``as_of``.

        :param partner_ids: commercial partner ids, None for every partner
        :param rebuild: rewrite the whole history instead of appending the
            current change
        """
        companies = self.env["res.company"]._lifecycle_companies()
        as_of = as_of or companies._lifecycle_run_day()
        settings = companies._lifecycle_settings()
        default_company_id = companies._lifecycle_default_company().id
        self.env.flush_all()
        customers, current = self._facts(partner_ids, as_of, companies, settings)
        stages = self.env["crm.lifecycle.stage"].with_context(active_test=False)
        stage_ids = {stage.code: stage.id for stage in stages.search([])}
        figures, history = [], []
        for facts in customers:
            state = current.get(facts.partner_id, NO_STATE)
            own = settings.get(state["company_id"] or default_company_id)
            if own is None:
                continue  # its company's settings are broken (logged): skipped
            stage = (state["stage_id"], state["stage_date"])
            if rebuild:
                rows = replay_rows(facts, as_of, stage_ids, own.thresholds)
                history += rows
                stage = stage_after((None, None), rows[-1] if rows else None)
            else:
                row = change_row(
                    facts, as_of, stage_ids, stage, own.purchase_source, own.thresholds
                )
                if row:
                    history.append(row)
                stage = stage_after(stage, row)
            figures.append(customer_figures(facts, *stage, own.rate))
        if rebuild:
            self._delete_history(partner_ids, list(settings))
        self._write_figures(FigureRows(CustomerFigures, figures))
        self._insert_history(history)
        self._log_changes(history, customers)
        changed = {row.partner_id for row in history}
        self.env["crm.lifecycle.portfolio"]._withdraw_reorder_reminders(
            [
                row.partner_id
                for row in figures
                if row.partner_id in changed
                and row.lifecycle_stage_id == stage_ids.get(CHURNED)
            ]
        )

    # ------------------------------------------------------------------
    # FACTS: each query returns a dict keyed by commercial partner id;
    # ``partner_ids`` None means every partner.
    # ------------------------------------------------------------------
    def _facts(self, partner_ids, as_of, companies, settings):
        """(CustomerFacts of the customers to recompute, their current
        states: see ``_current_states``)"""
        referrals = self._referrals(partner_ids)
        scope = None
        if partner_ids is not None:
            referred = {r for refs in referrals.values() for r in refs}
            scope = list(set(partner_ids) | referred)
        purchases = self._purchases(scope, as_of, companies, settings)
        prospects = self._prospects(partner_ids, as_of, companies)
        advocacy = self._advocacy_dates(partner_ids, as_of, companies)
        current = self._current_states(partner_ids)
        if partner_ids is None:
            partner_ids = set(purchases) | set(prospects) | set(current)
        customers = []
        for partner_id in partner_ids:
            dates, order_ids, revenue = purchases.get(partner_id, ([], [], 0.0))
            bought = [
                purchases[r] for r in referrals.get(partner_id, ()) if r in purchases
            ]
            # the first day a referred customer bought, or other evidence
            evidence = [referred_dates[0] for referred_dates, _ids, _rev in bought]
            if partner_id in advocacy:
                evidence.append(advocacy[partner_id])
            customers.append(
                CustomerFacts(
                    partner_id,
                    dates,
                    order_ids,
                    revenue,
                    len(bought),
                    sum(referred_revenue for _dates, _ids, referred_revenue in bought),
                    min(evidence, default=None),
                    prospects.get(partner_id),
                )
            )
        return customers, current

    def _purchases(self, partner_ids, as_of, companies, settings):
        """{partner: (sorted dates, order ids, revenue in the lifecycle
        currency of the default company)}"""
        query = SQL(
            """
            SELECT purchase.partner_id,
                   array_agg(purchase.day ORDER BY purchase.day, purchase.order_id)
                       FILTER (WHERE purchase.is_purchase),
                   array_agg(purchase.order_id ORDER BY purchase.day, purchase.order_id)
                       FILTER (WHERE purchase.is_purchase),
                   SUM(purchase.lifecycle_amount)
              FROM (%(purchases)s) purchase
             WHERE purchase.day <= %(as_of)s
               AND (%(all)s OR purchase.partner_id = ANY(%(partner_ids)s))
          GROUP BY purchase.partner_id
            HAVING bool_or(purchase.is_purchase)
            """,
            purchases=self._converted_purchases(companies, settings),
            as_of=as_of,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return {
            row[0]: (row[1], row[2], float(row[3] or 0.0))
            for row in self.env.execute_query(query)
        }

    @api.model
    def _converted_purchases(self, companies, settings):
        """SQL rows of the purchases (see
        ``crm.lifecycle.purchase._purchase_query``) of the customers of the
        companies of ``settings`` (those whose settings are valid; the
        default company's for shared customers) with their
        ``lifecycle_amount``, the amount in the lifecycle currency (the
        default company's)."""
        return SQL(
            """
            SELECT purchase.*,
                   purchase.amount * COALESCE(account_currency_table.rate, 1)
                       AS lifecycle_amount
              FROM (%(purchases)s) purchase
              JOIN %(currencies)s
                ON account_currency_table.company_id = purchase.company_id
             WHERE %(all_valid)s OR purchase.partner_id IN (
                   SELECT id FROM res_partner
                    WHERE COALESCE(company_id, %(default)s) = ANY(%(valid)s))
            """,
            purchases=self.env["crm.lifecycle.purchase"]._purchase_query(),
            currencies=companies._lifecycle_currency_table(),
            # the customers of a company whose settings are broken are
            # skipped, and keep their figures (usually all are valid)
            all_valid=set(settings) >= set(companies.ids),
            default=companies._lifecycle_default_company().id,
            valid=list(settings),
        )

    def _referrals(self, partner_ids):
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

    def _advocacy_dates(self, partner_ids, as_of, companies):
        """{partner: day} of advocacy evidence other than referrals, up to
        ``as_of``; the engine uses the earliest of it and the day the first
        referred customer bought.

        Hook for other addons (none here): run one set-based query at most
        per distinct setting, for all ``partner_ids`` at once. A customer's
        settings are its company's among ``companies`` (the default
        company's for a shared customer, see
        ``res.company._lifecycle_default_company``), never the company of
        the user who triggered the run."""
        return {}

    def _prospects(self, partner_ids, as_of, companies):
        """{partner: first day it had an active lead or an open quotation},
        days in the time zone of the lead's or quotation's company (the
        default company's when it has none)."""
        query = SQL(
            """
            SELECT p.commercial_partner_id, MIN(fact.day)
              FROM (
                    SELECT l.partner_id, %(lead_day)s AS day
                      FROM crm_lead l
                      JOIN (%(zones)s) zone
                        ON zone.company_id = COALESCE(l.company_id, %(default)s)
                     WHERE l.active AND l.partner_id IS NOT NULL
                 UNION ALL
                    SELECT so.partner_id, %(order_day)s
                      FROM sale_order so
                      JOIN (%(zones)s) zone ON zone.company_id = so.company_id
                     WHERE so.state IN ('draft', 'sent')
                   ) fact
              JOIN res_partner p ON p.id = fact.partner_id
             WHERE fact.day <= %(as_of)s
               AND (%(all)s OR p.commercial_partner_id = ANY(%(partner_ids)s))
          GROUP BY p.commercial_partner_id
            """,
            lead_day=local_day(SQL("l.create_date"), SQL("zone.tz")),
            order_day=local_day(SQL("so.date_order"), SQL("zone.tz")),
            zones=company_zones(),
            default=companies._lifecycle_default_company().id,
            as_of=as_of,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return dict(self.env.execute_query(query))

    def _current_states(self, partner_ids):
        """{partner: {"stage_id", "stage_date", "company_id"}} of the
        commercial partners with a stage or a company"""
        query = SQL(
            """
            SELECT id, lifecycle_stage_id AS stage_id,
                   lifecycle_stage_date AS stage_date, company_id
              FROM res_partner
             WHERE id = commercial_partner_id
               AND (lifecycle_stage_id IS NOT NULL OR company_id IS NOT NULL)
               AND (%(all)s OR id = ANY(%(partner_ids)s))
            """,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )
        return {row.pop("id"): row for row in self.env.execute_query_dict(query)}

    # ------------------------------------------------------------------
    # WRITES
    # ------------------------------------------------------------------
    @api.model
    def _write_figures(self, *kinds):
        """Write the rows of ``kinds`` (``FigureRows``) on the commercial
        partners and their contacts, touching only the partners whose values
        change, so that contacts show their company's figures; a kind that
        ``clear``-s empties its columns on the other partners of its scope.

        One UPDATE for all kinds: res.partner's rows are wide and indexed
        many times, so each UPDATE that changes them rewrites them all (the
        portfolio's first refresh on the 100,000-customer benchmark spent
        7 s and 12 s in two such UPDATEs on a loaded machine).
        """
        partners = self.env["res.partner"]
        default_company_id = self.env["res.company"]._lifecycle_default_company().id

        def in_scope(kind):
            """SQL: whether the partner ``p`` is in the scope ``kind`` clears."""
            if not kind.clear:
                return SQL("FALSE")
            return SQL(
                "((%s OR COALESCE(p.company_id, %s) = ANY(%s))"
                " AND (%s OR p.commercial_partner_id = ANY(%s)))",
                kind.company_ids is None,
                default_company_id,
                list(kind.company_ids or ()),
                kind.partner_ids is None,
                list(kind.partner_ids or ()),
            )

        by_partner = [{row.partner_id: row for row in kind.rows} for kind in kinds]
        ids = sorted({partner_id for rows in by_partner for partner_id in rows})
        columns = [column for kind in kinds for column in kind.columns()]
        idents = [SQL.identifier(column) for column in columns]
        for batch in split_every(WRITE_BATCH, ids, list):
            arrays, names, values = [SQL("%s::int[]", array_literal(batch))], [], []
            for index, (kind, rows) in enumerate(zip(kinds, by_partner, strict=True)):
                has = SQL.identifier(f"has_{index}")
                arrays.append(
                    SQL("%s::bool[]", array_literal([pid in rows for pid in batch]))
                )
                names.append(has)
                for column in kind.columns():
                    ident = SQL.identifier(column)
                    column_values = [
                        getattr(rows[pid], column) if pid in rows else None
                        for pid in batch
                    ]
                    arrays.append(
                        SQL(
                            "%s::%s[]",
                            array_literal(column_values),
                            SQL(partners._fields[column].column_type[0]),
                        )
                    )
                    names.append(ident)
                    # a partner without a row of this kind: emptied where the
                    # kind clears, else left as it is
                    values.append(
                        SQL(
                            "CASE WHEN v.%s THEN v.%s WHEN %s THEN NULL ELSE p.%s END",
                            has,
                            ident,
                            in_scope(kind),
                            ident,
                        )
                    )
            self.env.execute_query(
                SQL(
                    "UPDATE res_partner p SET %s "
                    "FROM unnest(%s) AS v(partner_id, %s) "
                    "WHERE p.commercial_partner_id = v.partner_id "
                    "AND (%s) IS DISTINCT FROM (%s)",
                    SQL(", ").join(
                        SQL("%s = %s", ident, value)
                        for ident, value in zip(idents, values, strict=True)
                    ),
                    SQL(", ").join(arrays),
                    SQL(", ").join(names),
                    SQL(", ").join(SQL("p.%s", ident) for ident in idents),
                    SQL(", ").join(values),
                )
            )
        clearing = [kind for kind in kinds if kind.clear]
        if clearing:
            self.env.execute_query(
                SQL(
                    "UPDATE res_partner p SET %s "
                    "WHERE NOT (p.commercial_partner_id = ANY(%s::int[])) AND (%s)",
                    SQL(", ").join(
                        SQL(
                            "%s = CASE WHEN %s THEN NULL ELSE p.%s END",
                            SQL.identifier(column),
                            in_scope(kind),
                            SQL.identifier(column),
                        )
                        for kind in clearing
                        for column in kind.columns()
                    ),
                    array_literal(ids),
                    SQL(" OR ").join(
                        SQL(
                            "(%s AND (%s))",
                            in_scope(kind),
                            SQL(" OR ").join(
                                SQL("p.%s IS NOT NULL", SQL.identifier(column))
                                for column in kind.columns()
                            ),
                        )
                        for kind in clearing
                    ),
                )
            )
        partners.invalidate_model(columns)

    def _insert_history(self, history):
        for batch in split_every(WRITE_BATCH, history, list):
            columns = [
                array_literal([getattr(row, f.name) for row in batch])
                for f in dataclasses.fields(HistoryRow)
            ]
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO crm_lifecycle_history
                           (partner_id, stage_from_id, stage_to_id, date, reason,
                            order_id, company_id,
                            create_uid, create_date, write_uid, write_date)
                    SELECT v.partner_id, v.stage_from_id, v.stage_to_id, v.date,
                           v.reason, v.order_id, p.company_id,
                           %s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC'
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
                    *columns,
                )
            )
        if history:
            self.env["crm.lifecycle.history"].invalidate_model()
            self.env["res.partner"].invalidate_model(["lifecycle_history_ids"])

    def _delete_history(self, partner_ids, company_ids):
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
        self.env["crm.lifecycle.history"].invalidate_model()

    # ------------------------------------------------------------------
    # CHATTER: worded from the history rows, so that it never contradicts
    # the history (same stages, date and reason)
    # ------------------------------------------------------------------
    def _log_changes(self, history, customers):
        """Log the new history rows in the customers' chatters, one note per
        customer (a rebuild's note lists the customer's rebuilt history).
        Skipped under the ``tracking_disable`` context key, as Odoo's
        automatic logs are."""
        if not history or self.env.context.get("tracking_disable"):
            return
        facts_by_partner = {facts.partner_id: facts for facts in customers}
        stages = self.env["crm.lifecycle.stage"].with_context(active_test=False)
        stages = {stage.id: stage for stage in stages.search([])}
        word = self.env["crm.lifecycle.history"]._change_wording(stages)
        format_day = functools.cache(functools.partial(format_date, self.env))
        rows_by_partner = {}
        for row in history:
            rows_by_partner.setdefault(row.partner_id, []).append(row)
        rebuilt = escape(self.env._("Lifecycle history rebuilt from past orders:"))

        def body(partner_id):
            """The HTML of the partner's note, its words escaped; plain string
            operations, as Markup's formatting took some 5 s of a rebuild's
            635,000 lines on the benchmark."""
            rows = rows_by_partner[partner_id]
            dates = facts_by_partner[partner_id].purchase_dates
            lines = [escape(word(row, format_day(row.date), dates)) for row in rows]
            if rows[0].reason == REBUILD:
                items = "".join(f"<li>{line}</li>" for line in lines)
                return f"<p>{rebuilt}</p><ul>{items}</ul>"
            return f"<p>{lines[0]}</p>"

        self._log_notes(list(rows_by_partner), body)

    def _log_notes(self, partner_ids, body):
        """Post a note in the chatter of each of ``partner_ids``, ``body``
        giving its HTML (a string, escaped): the first through mail's
        ``_message_log_batch``, the others as copies of that message (every
        column but the record, the body and the Message-Id, made unique) in
        one INSERT per batch, so that they hold what mail's API gives.

        Why not mail's API for all: it creates, sanitizes and caches each
        message, about 0.65 ms a note. On the 100,000-customer benchmark, the
        first recompute and the rebuild each post a note on every customer:
        about 65 s through ``_message_log_batch`` alone (of a 44.7 s recompute
        and a 93.8 s rebuild, against targets of 12 s and 30 s); copied, about
        2 s for the recompute's one-line notes and 5 s for the rebuild's lists
        on a loaded machine (see the readme's Performance section)."""
        first_id, *other_ids = partner_ids
        partners = self.env["res.partner"]
        template = partners.browse(first_id)._message_log_batch(
            {first_id: Markup(body(first_id))}
        )
        if not other_ids:
            return
        messages = self.env["mail.message"]
        messages.flush_model()
        columns = [
            SQL.identifier(name)
            for name, field in messages._fields.items()
            if field.store and field.column_type and name not in COPY_SKIPPED
        ]
        # bodies are built batch by batch: a rebuild's are some 60 MB
        for batch in split_every(NOTE_BATCH, other_ids, list):
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO mail_message (res_id, body, message_id, %(columns)s)
                    SELECT note.res_id, note.body,
                           -- a Message-Id of its own, as each message has
                           replace(template.message_id, '@', '-' || note.res_id || '@'),
                           %(template_columns)s
                      FROM unnest(%(res_ids)s::int[], %(bodies)s::text[])
                           AS note(res_id, body),
                           mail_message template
                     WHERE template.id = %(template_id)s
                    """,
                    columns=SQL(", ").join(columns),
                    template_columns=SQL(", ").join(
                        SQL("template.%s", column) for column in columns
                    ),
                    res_ids=array_literal(batch),
                    bodies=array_literal(
                        [_sanitized_form(body(partner_id)) for partner_id in batch]
                    ),
                    template_id=template.id,
                )
            )
        # as mail.message's create does for the documents of its messages
        partners.invalidate_model(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )


def _sanitized_form(body):
    """``body`` as mail's sanitizer stores it: the quotes escaped by
    markupsafe, which text needs not, as plain characters."""
    return body.replace("&#39;", "'").replace("&#34;", '"')
