"""Querysets compiled to SQL once per database, for the few statements every turn runs.

Django compiles a queryset to SQL each time it is evaluated: for the one-row reads and updates
of a turn that costs more CPU than SQLite takes to run them (~0.5 ms a statement on a 2-core
server). The ORM still writes every statement here, so it is right for each backend; this
keeps its SQL with the positions of the parameters that change, binds new values prepared by
the same model fields, and converts rows with the ORM's own converters.

    by_owner = Compiled(
        lambda owner, id: Conversation.objects.filter(owner_id=owner, id=id),
        owner=Param(Conversation._meta.get_field("owner"), -1),
        id=Param(Conversation._meta.pk, uuid.UUID(int=1)),
    )
    conversation = by_owner.first(owner=user.id, id=conversation_id)

The statement must use each parameter as a plain value (a filter or an update): a sample
value is found among the compiled parameters by equality, so samples must not collide.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model, QuerySet
from django.db.models.sql.subqueries import UpdateQuery


@dataclass(frozen=True)
class Param:
    """A parameter: the model field that prepares its value, and a sample to compile with."""

    field: Field
    sample: Any
    save: bool = False  # a value written by an UPDATE (prepared for saving), not a lookup

    def prepare(self, value, connection):
        if self.save:
            return self.field.get_db_prep_save(value, connection)
        return self.field.get_db_prep_value(value, connection, prepared=False)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    slots: dict[str, int]  # parameter name -> its index in params
    converters: dict | None  # for reads: the ORM's converters, by column
    query: Any  # the compiled query, to convert rows as its compiler would


class Compiled:
    """One queryset statement, compiled once per database and run with new values."""

    def __init__(self, build: Callable[..., QuerySet], **params: Param):
        self.build = build
        self.params = params
        self._arguments = set(inspect.signature(build).parameters)
        self.model = self._queryset().model
        self._field_names = [field.attname for field in self.model._meta.concrete_fields]
        self._statements: dict[str, _Statement] = {}

    def first(self, **values) -> Model | None:
        """Return the first row of a model queryset as a model instance, or None."""
        rows = self._run(values, limit=1)
        if not rows:
            return None
        return self.model.from_db(self._alias(), self._field_names, rows[0])

    def rows(self, **values) -> list[tuple]:
        """Return every row of a `values_list()` queryset, converted as the ORM would."""
        return self._run(values)

    def update(self, changes: dict[str, str], **values) -> int:
        """Run `queryset.update(field=value, ...)`, `changes` naming each field's parameter."""
        connection = connections[router.db_for_write(self.model)]

        def query():
            update = self._queryset().query.chain(UpdateQuery)
            samples = {field: self.params[name].sample for field, name in changes.items()}
            update.add_update_values(samples)
            return update

        used = self._arguments | set(changes.values())
        statement = self._statement("update", connection, query, used, read=False)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, self._bind(statement, values, connection))
            return cursor.rowcount

    # -- internals ------------------------------------------------------------------------------

    def _queryset(self) -> QuerySet:
        samples = {name: p.sample for name, p in self.params.items() if name in self._arguments}
        return self.build(**samples)

    def _alias(self) -> str:
        return router.db_for_read(self.model)

    def _run(self, values: dict, limit: int | None = None) -> list[tuple]:
        connection = connections[self._alias()]

        def query():
            queryset = self._queryset()
            return (queryset[:limit] if limit is not None else queryset).query

        statement = self._statement(limit, connection, query, self._arguments, read=True)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, self._bind(statement, values, connection))
            rows = cursor.fetchall()
        if not statement.converters:
            return rows
        # The ORM's own conversion, by a compiler on this thread's connection (no SQL built).
        compiler = statement.query.get_compiler(connection=connection)
        return [tuple(row) for row in compiler.apply_converters(rows, statement.converters)]

    def _statement(self, kind, connection, query, used: set[str], *, read: bool) -> _Statement:
        """Return the statement of that kind for this database, compiling it the first time."""
        key = f"{connection.vendor}:{kind}"
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = self._compile(query(), connection, used, read=read)
        return statement

    def _compile(self, query, connection, used: set[str], *, read: bool) -> _Statement:
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = tuple(params)
        slots = {}
        for name in used:
            param = self.params[name]
            prepared = param.prepare(param.sample, connection)
            matches = [index for index, value in enumerate(params) if value == prepared]
            if len(matches) != 1:  # altered by a lookup, or equal to another parameter
                problem = "ambiguous" if matches else "not a parameter as given"
                raise ValueError(f"the sample for {name!r} is {problem} in {sql}")
            slots[name] = matches[0]
        converters = None
        if read:
            columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
        return _Statement(sql, params, slots, converters, query)

    def _bind(self, statement: _Statement, values: dict, connection) -> list:
        params = list(statement.params)
        for name, index in statement.slots.items():
            params[index] = self.params[name].prepare(values[name], connection)
        return params
