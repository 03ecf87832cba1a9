from . import test_kpi_mailing
