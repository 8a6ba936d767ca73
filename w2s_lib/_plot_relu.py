"""The relu chapter's figures (book: chapter `relu`): data to drawing, and their command-line specs."""

from __future__ import annotations

__all__ = []

SPECS = ()
