from . import crm_success_kpi
from . import crm_success_objective
from . import crm_success_scorecard
from . import crm_success_scorecard_line
from . import res_company
from . import res_config_settings
