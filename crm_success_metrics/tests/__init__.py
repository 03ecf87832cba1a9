from . import test_crm_success_ui
