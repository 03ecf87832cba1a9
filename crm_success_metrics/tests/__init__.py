from . import test_crm_success_kpis
from . import test_crm_success_scorecard
from . import test_crm_success_objective
from . import test_crm_success_security
from . import test_crm_success_ui
from . import test_crm_success_cron
from . import test_crm_success_xlsx
from . import test_crm_success_settings
