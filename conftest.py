"""Root pytest configuration.

An inherited ``MPLBACKEND=Agg`` silently removes every figure from executed
notebooks (and so from the book); drop it before any kernel starts.
"""

import os

os.environ.pop("MPLBACKEND", None)
os.environ.setdefault("PYTHONHASHSEED", "0")
