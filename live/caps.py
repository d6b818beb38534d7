"""Per-user caps on live sessions.

The concurrent-session cap is counted per process (`registry`): a live session is pinned to the
Daphne process holding its socket, and a process-local count cannot leak when a process dies.
With N processes behind a proxy a user can hold at most N × the cap.
"""

from __future__ import annotations


class SessionRegistry:
    """Count each user's open live sessions in this process."""

    def __init__(self):
        self._open: dict[int, set[str]] = {}

    def add(self, user_id: int, session_id: str, limit: int) -> bool:
        """Register a session unless the user already holds `limit`; return whether added."""
        sessions = self._open.setdefault(user_id, set())
        if len(sessions) >= limit:
            return False
        sessions.add(session_id)
        return True

    def remove(self, user_id: int, session_id: str) -> None:
        """Forget a session."""
        sessions = self._open.get(user_id)
        if sessions is not None:
            sessions.discard(session_id)
            if not sessions:
                del self._open[user_id]

    def count(self, user_id: int | None = None) -> int:
        """Return the user's open sessions (everyone's when `user_id` is None)."""
        if user_id is None:
            return sum(len(s) for s in self._open.values())
        return len(self._open.get(user_id, ()))


registry = SessionRegistry()
