from . import test_proposition_margin
