# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError

# Models whose imports report every unparseable date, one message per row,
# instead of stopping at the first one (call-centre exports are long).
ROW_BY_ROW_DATE_MODELS = {"crm.service.contact"}
# Models imported all or nothing: the import screen sends a big file in
# batches (options ``limit`` and ``skip``), each committed by its own call, so
# a row failing in the fifth batch would leave the first four imported.
# These models take the rest of the file in one call (one transaction).
UNBATCHED_MODELS = {"crm.service.contact"}


class DateErrors(Exception):
    """The unparseable dates of a file, as import messages."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def parse_preview(self, options, count=10):
        preview = super().parse_preview(options, count=count)
        if self.res_model in UNBATCHED_MODELS:
            preview["batch"] = False  # no batch options offered on the screen
        return preview

    def execute_import(self, fields, columns, options, dryrun=False):
        if self.res_model in UNBATCHED_MODELS:
            # no limit: load() then imports every remaining row and reports no
            # next batch, which ends the import screen's loop
            options = dict(options, limit=None)
        if self.res_model not in ROW_BY_ROW_DATE_MODELS:
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        try:
            return super(
                BaseImportImport, self.with_context(import_date_errors=[])
            ).execute_import(fields, columns, options, dryrun=dryrun)
        except DateErrors as errors:
            return {"ids": [], "messages": errors.messages}

    def _parse_import_data(self, data, import_fields, options):
        data = super()._parse_import_data(data, import_fields, options)
        errors = self.env.context.get("import_date_errors")
        if errors:
            raise DateErrors(sorted(errors, key=lambda message: message["record"]))
        return data

    def _parse_date_from_data(self, data, index, name, field_type, options):
        errors = self.env.context.get("import_date_errors")
        if errors is None:
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for row, line in enumerate(data):
            value = line[index]
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                errors.append(
                    {
                        "type": "error",
                        "record": row,
                        "field": name,
                        "message": self.env._(
                            "Line %(line)d: %(value)s is not a valid date in column "
                            "%(column)s.",
                            line=row + 1,
                            value=value,
                            column=name,
                        ),
                    }
                )
