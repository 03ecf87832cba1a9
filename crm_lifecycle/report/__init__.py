from . import crm_lifecycle_report
from . import crm_lifecycle_purchase
