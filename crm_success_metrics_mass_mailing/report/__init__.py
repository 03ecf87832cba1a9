from . import crm_mailing_report
