from . import crm_lifecycle_report
from . import crm_lifecycle_purchase
from . import crm_network_partner_report
