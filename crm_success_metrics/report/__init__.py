from . import crm_success_scorecard_xlsx
