from . import kpis
from . import models
from . import wizard
