from . import test_kpi_extension
