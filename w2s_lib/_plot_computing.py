"""The computing chapter's figures (book: chapter `computing`): data to drawing, and their command-line specs."""

from __future__ import annotations

__all__ = []

SPECS = ()
