from . import crm_success_kpi
from . import crm_service_contact
