"""Stage 5, render: lay the resolved document out with ReportLab.

Only this package imports ReportLab, so `briefing --help` and `briefing check`
never pay for it.
"""

from briefing.regexes import prime

prime("reportlab")  # before ReportLab is imported: its address pattern, compiled quicker (briefing/regexes.py)

from reportlab import rl_config  # noqa: E402 - after prime

# ReportLab checks every attribute set on a drawing's shapes against the class's map of allowed values (a Python
# __setattr__ and a validator call for each; figures set about 5,000 a build, 10 ms of each story made): for
# finding mistakes while a chart is written, not while it is printed.  Off before reportlab.graphics is imported
# (shapes.py defines that __setattr__ only when it is on), so an assignment is Python's own.  The same drawing.
rl_config.shapeChecking = 0
