"""SQLite whose write transactions queue on an in-process lock (see base.py)."""
