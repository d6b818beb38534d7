"""Django's SQLite backend, with the writers of one process queued on a lock.

SQLite allows one writer at a time. A writer that finds the database locked polls in SQLite's
busy handler, sleeping 1, 2, 5, 10 ... 100 ms between tries, so under a burst of writes (32
turns at once) some wait seconds while the lock is mostly free. Here every write transaction
(`BEGIN IMMEDIATE`, see settings) first takes a lock shared by the threads of this process,
and a waiting thread runs the moment the previous writer commits. Other processes still meet
in SQLite's busy handler, as before.

Each request's thread opens its own connection and closes it at the end of the request. When
the last connection to a WAL database closes, SQLite checkpoints the log and deletes it, so
every request paid a checkpoint and the next one recreated the log. One idle connection per
database file, held for the life of the process, keeps the log in place; SQLite's own
auto-checkpoint (every 1,000 pages) still bounds it.
"""

from __future__ import annotations

import sqlite3
import threading

from django.db.backends.sqlite3 import base

_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()
_keepers: dict[str, sqlite3.Connection] = {}


def _lock_for(name: str):
    with _locks_guard:
        return _locks.setdefault(name, threading.RLock())


def _keep_open(name: str) -> None:
    """Hold one idle connection to the database file `name` for the life of the process."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    with _locks_guard:
        if name not in _keepers:
            keeper = sqlite3.connect(name, check_same_thread=False)
            keeper.execute("PRAGMA schema_version").fetchall()  # opens the log, holds no lock
            _keepers[name] = keeper


class DatabaseWrapper(base.DatabaseWrapper):
    """SQLite's wrapper; transactions hold this process's write lock from BEGIN to the end."""

    _write_lock = None  # the lock this connection holds, during a transaction

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        _keep_open(str(self.settings_dict["NAME"]))
        return connection

    def _start_transaction_under_autocommit(self):
        lock = _lock_for(str(self.settings_dict["NAME"]))
        # Past the busy timeout, go on anyway and let SQLite refuse, rather than hang.
        if lock.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            self._write_lock = lock
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _release_write_lock(self):
        lock, self._write_lock = self._write_lock, None
        if lock is not None:
            lock.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
