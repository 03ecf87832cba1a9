from . import test_crm_success_ui
from . import test_crm_service_contact
from . import test_hr_employee
from . import test_kpi_service
from . import test_kpi_employees
from . import test_kpi_surveys
from . import test_kpi_accounting
