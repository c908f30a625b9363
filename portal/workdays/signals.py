"""Signals of the working-day calendar, for the apps above it (the calendar imports no app)."""

from django.dispatch import Signal

# Sent inside the transaction that changed the calendar, with ``days`` (the dates whose status may
# have changed, a sorted list), ``actor`` (the user, or None for a command) and ``source`` (a short
# word: "admin", "import"). Receivers recompute what depends on those days in the same transaction.
calendar_changed = Signal()
