"""``python -m w2s_lib``: draw the book's figures from the command line (see ``--help``)."""

import sys

try:
    import matplotlib  # noqa: F401  (the plot extra)
except ImportError:
    sys.exit("python -m w2s_lib draws figures and needs matplotlib: pip install 'w2s-lib[plot]'")

from ._cli import main

sys.exit(main())
