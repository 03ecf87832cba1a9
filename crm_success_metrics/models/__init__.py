from . import crm_success_kpi
from . import crm_success_objective
from . import crm_success_scorecard
from . import crm_success_scorecard_line
from . import crm_service_contact
from . import hr_employee
from . import res_company
from . import res_config_settings
