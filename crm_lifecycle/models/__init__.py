from . import crm_lifecycle_stage
