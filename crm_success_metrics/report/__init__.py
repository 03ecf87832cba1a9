from . import crm_success_scorecard_xlsx
from . import crm_service_topic_report
from . import crm_success_ratio_report_mixin
from . import crm_campaign_report
from . import crm_network_employee_report
from . import crm_success_adoption_report
