from . import crm_lifecycle_stage
from . import crm_acquisition_channel
from . import crm_lifecycle_history
from . import res_partner
