from . import test_crm_success_ui
from . import test_crm_service_contact
from . import test_hr_employee
