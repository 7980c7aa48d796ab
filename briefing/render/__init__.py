"""Stage 5, render: lay the resolved document out with ReportLab.

Only this package imports ReportLab, so `briefing --help` and `briefing check`
never pay for it.
"""

from briefing.regexes import prime

prime("reportlab")  # before ReportLab is imported: its address pattern, compiled quicker (briefing/regexes.py)
