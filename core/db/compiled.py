"""Querysets and one-row INSERTs compiled to SQL once per database, for the few statements
every turn runs.

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
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery, UpdateQuery


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


@dataclass(frozen=True)
class _Insert:
    sql: str
    returning_params: tuple
    converters: dict | None  # the ORM's converters for the returned columns, by position


class CompiledInsert:
    """A model's one-row INSERT, compiled once per database, run for each new instance.

    `Model.save()` of a new row goes through Django's save machinery and compiles an insert
    query every time; a message is inserted twice a turn. This keeps the INSERT the ORM writes
    (with its RETURNING clause), binds each instance's values as the ORM prepares them
    (`pre_save(add=True)`, then `get_db_prep_save`), and sets what the database returns (the
    primary key). It sends no `pre_save`/`post_save` signals, so it is used only while the
    model has no receivers for them; with a receiver, a primary key already set, a value that
    is an expression, or a database that returns no columns from an INSERT, it calls `save()`.
    """

    def __init__(self, model: type[Model]):
        self.model = model
        meta = model._meta
        self.fields = [
            field
            for field in meta.local_concrete_fields
            if not field.generated and field is not meta.auto_field
        ]
        self.returning = list(meta.db_returning_fields)
        self._simple = meta.auto_field is not None and not meta.parents
        self._statements: dict[str, _Insert] = {}

    def save(self, instance: Model) -> None:
        """Insert `instance`, a new row, and set the fields the database returns."""
        alias = router.db_for_write(self.model, instance=instance)
        connection = connections[alias]
        if not self._direct(instance, connection):
            instance.save(using=alias)
            return
        instance._prepare_related_fields_for_save(operation_name="save")  # as save() does
        statement = self._statements.get(connection.vendor)
        if statement is None:
            statement = self._statements[connection.vendor] = self._compile(instance, connection)
        params = [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for field in self.fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            row = connection.ops.fetch_returned_insert_columns(cursor, statement.returning_params)
        if statement.converters:
            compiler = InsertQuery(self.model).get_compiler(connection=connection)
            row = next(iter(compiler.apply_converters([row], statement.converters)))
        for field, value in zip(self.returning, row, strict=True):
            setattr(instance, field.attname, value)
        instance._state.adding = False
        instance._state.db = alias

    def _direct(self, instance: Model, connection) -> bool:
        return (
            self._simple
            and instance.pk is None
            and connection.features.can_return_columns_from_insert
            and not pre_save.has_listeners(self.model)
            and not post_save.has_listeners(self.model)
            and not any(
                hasattr(getattr(instance, field.attname), "resolve_expression")
                for field in self.fields
            )
        )

    def _compile(self, instance: Model, connection) -> _Insert:
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [instance])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = self.returning
        statements = compiler.as_sql()
        sql, params = statements[0]
        if len(statements) != 1 or len(params) != len(self.fields):
            raise ValueError(f"not a one-row INSERT with a parameter per field: {sql}")
        columns = [field.get_col(self.model._meta.db_table) for field in self.returning]
        converters = compiler.get_converters(columns)
        return _Insert(sql, tuple(compiler.returning_params), converters or None)
