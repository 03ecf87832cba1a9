# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError


class CrmLifecycleCompanyGuardMixin(models.AbstractModel):
    """Records stay in the companies their user works in.

    Inherit it on a model with a ``company_id`` field: creating a record in,
    or moving one to, a company outside the user's active companies
    (``env.companies``, which Odoo keeps within the user's allowed companies)
    is refused; a record moved to an allowed but unselected company would
    vanish from the user's lists.
    Record rules check a record's company before a write, not the company it
    is moved to, so without this a user could put records into another
    company's KPIs. The superuser (the system, e.g. the scheduled actions) is
    not restricted. Both addons' company-bound models use it.
    """

    _name = "crm.lifecycle.company.guard.mixin"
    _description = "Records Stay in the User's Companies"

    @api.constrains("company_id")
    def _check_company_allowed(self):
        if self.env.su:
            return
        outside = self.filtered(
            lambda record: (
                record.company_id and record.company_id not in self.env.companies
            )
        )
        if outside:
            outside = outside.sudo()  # the user may not read them any more
            raise AccessError(
                _(
                    "You cannot put %(records)s in %(company)s: you do not work "
                    "in that company.",
                    # a record without a name (a cost line) is named by its kind
                    records=", ".join(
                        record.display_name or record._description for record in outside
                    ),
                    company=", ".join(outside.company_id.mapped("name")),
                )
            )
