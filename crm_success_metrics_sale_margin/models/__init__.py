from . import crm_success_kpi
