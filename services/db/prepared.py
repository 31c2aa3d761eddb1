"""ORM queries whose SQL is built once and then only run with new parameters.

Tortoise builds the SQL of a query anew every time it is awaited: for a ``values()`` query with a few
joins that is most of a millisecond of Python, more than the database needs to answer it. The bot's
hot paths (the meter card, the readings screen, the person behind every update) run the same few
queries with different ids hundreds of times a second (docs/benchmarks.md). :class:`Prepared` builds
such a query once per database dialect with stand-in values, remembers where the stand-ins went among
the parameters, and afterwards sends the remembered SQL with the real values, converting the columns
as Tortoise would.

Only parameters that are plain values of the query (ids in filters) may vary; anything that changes
the SQL's shape (a different set of fields, an ``IN`` list of another length) needs its own Prepared.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import ValuesQuery
from tortoise.router import router

_STAND_INS = (-7_301_946_523, -7_301_946_524, -7_301_946_525, -7_301_946_526)


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]
    """(position among the parameters, index of the argument that goes there)"""
    columns: tuple[tuple[str, Callable[[Any], Any]], ...]


class Prepared:
    """``Prepared(lambda a, b: Model.filter(x=a, y=b).values(...))``, then ``await prepared.fetch(a, b)``.

    ``build`` is called with stand-in integers the first time on each database dialect; every argument
    must end up as a parameter of the SQL (an id compared with ``=``), which is checked then.
    """

    def __init__(self, build: Callable[..., ValuesQuery[Any]], arity: int) -> None:
        if not 0 < arity <= len(_STAND_INS):
            raise ValueError(f"arity must be 1..{len(_STAND_INS)}")
        self._build = build
        self._arity = arity
        self._compiled: dict[str, _Compiled] = {}
        self._model: type[Model] | None = None

    async def fetch(self, *args: int) -> list[dict[str, Any]]:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} arguments, got {len(args)}")
        db = self._db()
        compiled = self._compiled.get(db.capabilities.dialect)
        if compiled is None:
            query = self._build(*_STAND_INS[: self._arity])
            self._model = query.model
            query._choose_db_if_not_chosen()
            db = query._db
            compiled = self._compiled[db.capabilities.dialect] = self._compile(query)
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = args[index]
        rows: list[dict[str, Any]] = await db.execute_query_dict(compiled.sql, params)
        for row in rows:
            for column, convert in compiled.columns:
                row[column] = convert(row[column])
        return rows

    def _db(self) -> BaseDBAsyncClient:
        """The connection a query of the model would use now (a transaction's, inside one)."""
        if self._model is None:
            self._model = self._build(*_STAND_INS[: self._arity]).model
        return router.db_for_read(self._model) or self._model._meta.db

    def _compile(self, query: ValuesQuery[Any]) -> _Compiled:
        query._make_query()
        sql, params = query.query.get_parameterized_sql()
        slots: list[tuple[int, int]] = []
        for index, stand_in in enumerate(_STAND_INS[: self._arity]):
            positions = [position for position, value in enumerate(params) if value == stand_in]
            if not positions:
                raise ValueError(f"argument {index} is not a parameter of the query's SQL")
            slots.extend((position, index) for position in positions)
        columns = tuple(
            (alias, convert)
            for alias, field in query._fields_for_select.items()
            if not isinstance(convert := query.resolve_to_python_value(query.model, field), types.LambdaType)
        )
        return _Compiled(sql=sql, params=tuple(params), slots=tuple(slots), columns=columns)
