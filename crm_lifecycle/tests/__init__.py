from . import test_crm_lifecycle_ui
