"""The experiments chapter's figures (book: chapter `experiments`): data to drawing, and their command-line specs."""

from __future__ import annotations

__all__ = []

SPECS = ()
