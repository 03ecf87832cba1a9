# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Assertions of the drill-down: the records a user opens from a scorecard
line are those the line counts."""

from dateutil.relativedelta import relativedelta


class DrillMixin:
    def drill_lines(self, codes, period, company):
        """{code: line} of a scorecard of ``company`` over ``period`` with one
        objective per KPI of ``codes``."""
        kpis = self.env["crm.success.kpi"].search([("code", "in", codes)])
        self.assertEqual(len(kpis), len(codes))
        date_from, date_to = period
        # as the superuser: the users of the tests may not define objectives
        self.env["crm.success.objective"].sudo().create(
            [
                {
                    "name": f"Drill {kpi.code}",
                    "kpi_id": kpi.id,
                    "company_id": company.id,
                    "go_live_date": date_from,
                    "baseline_date_from": date_from - relativedelta(years=1),
                    "baseline_date_to": date_to - relativedelta(years=1),
                    "baseline_value": 1.0,
                    "target_value": 2.0,
                    "target_date": date_to + relativedelta(years=1),
                }
                for kpi in kpis
            ]
        )
        scorecard = (
            self.env["crm.success.scorecard"]
            .sudo()
            .compute_period(date_from, date_to, company=company, period_type="month")
        )
        lines = {
            line.kpi_id.code: line.with_env(self.env) for line in scorecard.line_ids
        }
        self.assertLessEqual(set(codes), set(lines))
        return {code: lines[code] for code in codes}

    def drilled(self, line, side, user):
        """What ``user`` opens behind the ``side`` of ``line``, as the number
        the KPI reads from it: the records' count, the number of their groups
        when the list is grouped (distinct cases), or the sum of the measure
        the KPI sums (amounts, waits)."""
        action = getattr(line.with_user(user), f"action_drill_{side}")()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["views"][0], [False, "list"])
        self.assertFalse(
            [key for key in action["context"] if key.startswith("default_")]
        )
        drill = line._kpi_drill(side)
        records = self.env[action["res_model"]].with_user(user)
        domain = action["domain"]
        if drill.measure:
            name, sign = drill.measure
            [(total,)] = records._read_group(domain, aggregates=[f"{name}:sum"])
            return sign * (total or 0.0)
        if drill.group_by:
            return len(records._read_group(domain, groupby=list(drill.group_by)))
        return records.search_count(domain)

    def assertDrillMatches(self, lines, user, expected=None):
        """For each line of ``lines`` ({code: line}), the records ``user``
        opens behind its numerator and, for a ratio KPI, its denominator
        give the number the line stores, or the number of ``expected``
        ({(code, side): number}) when the KPI's number is no count or sum of
        them (a mean headcount, a difference of counts)."""
        expected = expected or {}
        for code, line in lines.items():
            sides = ["numerator"]
            if line.kpi_kind == "ratio":
                sides.append("denominator")
            for side in sides:
                with self.subTest(code=code, side=side):
                    wanted = expected.get((code, side), line[side])
                    self.assertAlmostEqual(
                        self.drilled(line, side, user), wanted, places=4
                    )
