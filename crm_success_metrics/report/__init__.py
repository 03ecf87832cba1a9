from . import crm_success_scorecard_xlsx
from . import crm_service_topic_report
