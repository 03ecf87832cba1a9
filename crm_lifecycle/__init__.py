from . import models
from . import report
from . import tools
from .hooks import post_init_hook
