# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Complaint references become unique per company (they were writable): a
duplicate keeps its reference with its id appended, so that the constraint
can be added. The first complaint (lowest id) keeps the plain reference."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_complaint c
           SET name = c.name || ' (' || c.id || ')'
          FROM (SELECT id, ROW_NUMBER() OVER (
                           PARTITION BY company_id, name ORDER BY id) AS rank
                  FROM crm_complaint) d
         WHERE d.id = c.id AND d.rank > 1
        """
    )
