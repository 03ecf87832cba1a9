from . import crm_success_kpi
from . import res_company
