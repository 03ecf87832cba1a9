from . import test_crm_lifecycle_ui
from . import test_crm_complaint
from . import test_crm_lifecycle_portfolio
from . import test_crm_lifecycle_payment
from . import test_crm_lifecycle_reminders
