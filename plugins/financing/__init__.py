from .financing import Financing, as_financing_settings, monthly_from, per_month_text, register  # noqa: F401
from .formula import compare, monthly_payment  # noqa: F401
