"""Stage 5, render: lay the resolved document out with ReportLab.

Only this package imports ReportLab, so `briefing --help` and `briefing check`
never pay for it.
"""

import importlib.util
import sys

from briefing.regexes import prime


def _pil_when_used() -> None:
    """Load Pillow's `PIL.Image` when something first uses it, not when ReportLab is imported.

    `reportlab.lib.utils` imports it at once (with ExifTags, TiffTags and the C library: about 15 ms of a cold
    build), but only a pack with a PNG or JPEG picture uses it.  importlib's `LazyLoader` runs the module at the
    first attribute anyone reads from it (an image opened, an `isinstance` test), which then behaves as it
    always did; set on the `PIL` package too, so that `from PIL import Image` hands it over without reading it.
    Nothing changes when it is already loaded (the check stage opened a picture) or cannot be found."""
    if "PIL.Image" in sys.modules:
        return
    try:
        import PIL

        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    PIL.Image = module  # type: ignore[attr-defined]


_pil_when_used()
prime("reportlab")  # before ReportLab is imported: its address pattern, compiled quicker (briefing/regexes.py)

from reportlab import rl_config  # noqa: E402 - after prime

# ReportLab checks every attribute set on a drawing's shapes against the class's map of allowed values (a Python
# __setattr__ and a validator call for each; figures set about 5,000 a build, 10 ms of each story made): for
# finding mistakes while a chart is written, not while it is printed.  Off before reportlab.graphics is imported
# (shapes.py defines that __setattr__ only when it is on), so an assignment is Python's own.  The same drawing.
rl_config.shapeChecking = 0
