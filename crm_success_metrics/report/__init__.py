from . import crm_success_scorecard_xlsx
from . import crm_network_employee_report
