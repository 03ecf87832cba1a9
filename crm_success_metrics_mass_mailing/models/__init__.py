from . import crm_success_kpi_mailing
