# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import company_zones, local_day

from ..kpis.common import completed_answers

FACTS = [
    ("customer", "Customer Handled"),
    ("complaint", "Complaint"),
    ("answer", "Survey Answer"),
    ("contact", "Service Contact"),
]


class CrmNetworkEmployeeReport(models.Model):
    """The internal network: what each employee does for the customers, one
    row per fact so that a pivot sums them per employee and month. Facts of
    the employee's company only, an employee's user standing for it:

    - the customers it handles: commercial partners whose salesperson is the
      employee's user with a purchase from its company (``crm.lifecycle.purchase``,
      the one definition of a purchase), dated on their first;
    - the complaints naming the employee (Employee Concerned);
    - the completed answers to the company's NPS and CSAT questions (the
      survey KPIs' definitions, ``kpis.common.completed_answers``) of the
      customers it handles: the averages of ``nps_score`` (100 a promoter,
      -100 a detractor, 0 a passive) and ``csat_score`` (100 a 4-5) are the
      NPS and the CSAT of those answers;
    - the service contacts it took as agent: ``fcr_score`` (100 when resolved
      at the first contact), averaged over the resolved ones, is the
      first-contact resolution rate of the service KPIs.

    Days in the company's time zone. Reads the survey settings of every
    company, so the query is built per read (``_table_query``)."""

    _name = "crm.network.employee.report"
    _description = "Employee Network Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "employee_id"

    kind = fields.Selection(FACTS, readonly=True)
    date = fields.Date(readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    customers_handled = fields.Integer(readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    nps_answers = fields.Integer(string="NPS Answers", readonly=True)
    nps_score = fields.Float(string="NPS", aggregator="avg", readonly=True)
    csat_answers = fields.Integer(string="CSAT Answers", readonly=True)
    csat_score = fields.Float(string="CSAT (%)", aggregator="avg", readonly=True)
    service_contacts = fields.Integer(
        readonly=True, help="Service contacts handled (not abandoned)."
    )
    resolved_contacts = fields.Integer(readonly=True)
    fcr_score = fields.Float(
        string="First-Contact Resolution (%)", aggregator="avg", readonly=True
    )

    @property
    def _table_query(self):
        companies = self.env["res.company"].sudo().search([])
        questions = (
            companies.crm_success_nps_question_id
            | companies.crm_success_csat_question_id
        )
        zone = SQL("zone.tz")
        return SQL(
            """
            SELECT row_number() OVER (
                       ORDER BY fact.kind, fact.fact_id, fact.employee_id) AS id,
                   fact.*, employee.user_id, employee.department_id
              FROM (
            SELECT 'customer' AS kind, customer.id AS fact_id,
                   first.day AS date,
                   employee.id AS employee_id, employee.company_id,
                   customer.id AS customer_id, 1 AS customers_handled,
                   0 AS complaint_count, 0 AS nps_answers,
                   NULL::float AS nps_score, 0 AS csat_answers,
                   NULL::float AS csat_score, 0 AS service_contacts,
                   0 AS resolved_contacts, NULL::float AS fcr_score
              FROM res_partner customer
              JOIN hr_employee employee ON employee.user_id = customer.user_id
             CROSS JOIN LATERAL (
                   SELECT min(purchase.date) AS day
                     FROM crm_lifecycle_purchase purchase
                    WHERE purchase.partner_id = customer.id
                      AND purchase.company_id = employee.company_id
                      AND purchase.is_purchase
                   ) first
             WHERE customer.id = customer.commercial_partner_id
               AND first.day IS NOT NULL
            UNION ALL
            SELECT 'complaint', complaint.id,
                   %(complaint_day)s, employee.id, complaint.company_id,
                   complaint.commercial_partner_id, 0, 1, 0, NULL, 0, NULL, 0, 0,
                   NULL
              FROM crm_complaint complaint
              JOIN hr_employee employee ON employee.id = complaint.employee_id
              JOIN (%(zones)s) zone ON zone.company_id = complaint.company_id
            UNION ALL
            SELECT 'answer', answer.user_input_id * 2
                   + (answer.question_id = company.crm_success_csat_question_id)::int,
                   %(answer_day)s, employee.id, company.id, customer.id,
                   0, 0,
                   (answer.question_id = company.crm_success_nps_question_id)::int,
                   CASE WHEN answer.question_id = company.crm_success_nps_question_id
                        THEN CASE WHEN answer.value >= 9 THEN 100.0
                                  WHEN answer.value <= 6 THEN -100.0
                                  ELSE 0.0 END END,
                   (answer.question_id = company.crm_success_csat_question_id)::int,
                   CASE WHEN answer.question_id = company.crm_success_csat_question_id
                        THEN CASE WHEN answer.value >= 4 THEN 100.0
                                  ELSE 0.0 END END,
                   0, 0, NULL
              FROM (%(answers)s) answer
              JOIN res_partner contact ON contact.id = answer.partner_id
              JOIN res_partner customer ON customer.id = contact.commercial_partner_id
              JOIN res_company company
                ON answer.question_id IN (company.crm_success_nps_question_id,
                                          company.crm_success_csat_question_id)
              JOIN hr_employee employee
                ON employee.user_id = customer.user_id
               AND employee.company_id = company.id
              JOIN (%(zones)s) zone ON zone.company_id = company.id
            UNION ALL
            SELECT 'contact', contact.id, %(contact_day)s, employee.id,
                   contact.company_id, contact.partner_id, 0, 0, 0, NULL, 0, NULL,
                   (contact.abandoned IS NOT TRUE)::int,
                   COALESCE(contact.resolved, FALSE)::int,
                   CASE WHEN contact.resolved
                        THEN CASE WHEN contact.first_contact_resolution
                                  THEN 100.0 ELSE 0.0 END END
              FROM crm_service_contact contact
              JOIN hr_employee employee
                ON employee.user_id = contact.user_id
               AND employee.company_id = contact.company_id
              JOIN (%(zones)s) zone ON zone.company_id = contact.company_id
                   ) fact
              JOIN hr_employee employee ON employee.id = fact.employee_id
            """,
            complaint_day=local_day(SQL("complaint.date_received"), zone),
            answer_day=local_day(SQL("answer.end_datetime"), zone),
            contact_day=local_day(SQL("contact.queued_at"), zone),
            answers=completed_answers(self.env, questions),
            zones=company_zones(),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # the raw tables it reads hold the latest values
        self.env["crm.lifecycle.purchase"]._sync()
        self.env["res.partner"].flush_model(["user_id", "commercial_partner_id"])
        self.env["hr.employee"].flush_model(["user_id", "company_id"])
        self.env["crm.complaint"].flush_model(
            ["employee_id", "company_id", "date_received"]
        )
        self.env["crm.service.contact"].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)
