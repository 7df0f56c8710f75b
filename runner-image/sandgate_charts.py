"""The matplotlib backend of the python3-data runtime (MPLBACKEND=module://sandgate_charts).

A program draws as it would anywhere: `plt.show()` saves every open figure as a PNG file in
/tmp/out (chart-1.png, chart-2.png, ... in the order they are shown, over the whole run) and
closes it, so the gateway returns it with the run's files; figures still open when the program
exits are saved the same way. Drawing is Agg's. A program that picks another backend itself
(matplotlib.use) gets that backend instead.
"""

import atexit
import os

from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

OUTPUT_DIR = "/tmp/out"

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase

_shown = 0


def _next_path():
    """The next chart-N.png that the program has not written itself."""
    global _shown
    while True:
        _shown += 1
        path = os.path.join(OUTPUT_DIR, "chart-%d.png" % _shown)
        if not os.path.lexists(path):
            return path


def show(*args, **kwargs):
    """Saves the open figures, oldest first, then closes them."""
    for manager in Gcf.get_all_fig_managers():
        manager.canvas.figure.savefig(_next_path(), format="png")
    Gcf.destroy_all()


# Registered after pyplot's own exit hook (which closes every figure), so it runs before it.
atexit.register(show)
