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


class Compiled:
    """One queryset statement, compiled once per database and run with new values."""

    def __init__(self, build: Callable[..., QuerySet], **params: Param):
        self.build = build
        self.params = params
        self._arguments = set(inspect.signature(build).parameters)
        self.model = self._queryset().model
        self._statements: dict[str, _Statement] = {}

    def first(self, **values) -> Model | None:
        """Return the first row of a model queryset as a model instance, or None."""
        rows = self._run(values, limit=1)
        if not rows:
            return None
        names = [field.attname for field in self.model._meta.concrete_fields]
        return self.model.from_db(self._alias(), names, rows[0])

    def rows(self, **values) -> list[tuple]:
        """Return every row of a `values_list()` queryset, converted as the ORM would."""
        return self._run(values)

    def update(self, changes: dict[str, str], **values) -> int:
        """Run `queryset.update(field=value, ...)`, `changes` naming each field's parameter."""
        connection = connections[router.db_for_write(self.model)]
        key = f"{connection.vendor}:update"
        statement = self._statements.get(key)
        if statement is None:
            query = self._queryset().query.chain(UpdateQuery)
            query.add_update_values(
                {field: self.params[name].sample for field, name in changes.items()}
            )
            used = self._arguments | set(changes.values())
            statement = self._statements[key] = self._compile(query, connection, used, read=False)
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
        alias = self._alias()
        connection = connections[alias]
        key = f"{connection.vendor}:{limit}"
        statement = self._statements.get(key)
        if statement is None:
            queryset = self._queryset()
            if limit is not None:
                queryset = queryset[:limit]
            statement = self._statements[key] = self._compile(
                queryset.query, connection, self._arguments, read=True
            )
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, self._bind(statement, values, connection))
            rows = cursor.fetchall()
        if statement.converters:
            return [tuple(_converted(row, statement.converters, connection)) for row in rows]
        return rows

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
        return _Statement(sql, params, slots, converters)

    def _bind(self, statement: _Statement, values: dict, connection) -> list:
        params = list(statement.params)
        for name, index in statement.slots.items():
            params[index] = self.params[name].prepare(values[name], connection)
        return params


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row
