from . import crm_service_contact
from . import discuss_channel
