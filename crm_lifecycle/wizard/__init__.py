from . import crm_lifecycle_maintenance_wizard
from . import crm_lifecycle_correction_wizard
