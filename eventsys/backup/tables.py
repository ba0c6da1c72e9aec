"""Every table as JSON lines, readable by either database: what a backup holds and a restore writes.

Values are read and written through the columns' SQLAlchemy types, so a backup made on SQLite
restores into PostgreSQL and back: times as ISO 8601 in UTC, dates as ISO dates, binary as base64,
enums as their stored values. JSON columns travel as their stored text, so SQL NULL and JSON null
stay apart and the text is kept exactly.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Iterator

import sqlalchemy as sa

from eventsys.db import UTCDateTime, db

BATCH = 1000


def tables() -> list[sa.Table]:
    """Every table of the app, parents before children (the order a restore inserts them in)."""
    from eventsys import models  # noqa: F401  (every area's tables registered on the metadata)

    return list(db.metadata.sorted_tables)


def _kind(column: sa.Column) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "utc"
    if isinstance(kind, sa.JSON):
        return "json"
    if isinstance(kind, sa.Enum):
        return "enum"
    if isinstance(kind, sa.DateTime):
        return "datetime"
    if isinstance(kind, sa.Date):
        return "date"
    if isinstance(kind, sa.LargeBinary):
        return "bytes"
    return "plain"


def encode(column: sa.Column, value):
    if value is None:
        return None
    kind = _kind(column)
    if kind in ("utc", "datetime", "date"):
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "enum":
        return getattr(value, "value", value)
    return value  # plain values, and JSON's stored text


def decode(column: sa.Column, value):
    if value is None:
        return None
    kind = _kind(column)
    if kind in ("utc", "datetime"):
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "enum" and column.type.enum_class is not None:
        return column.type.enum_class(value)
    return value


def _selected(table: sa.Table) -> list:
    # JSON as its stored text: the driver would parse it (psycopg does), losing SQL NULL vs null.
    return [
        sa.cast(column, sa.Text).label(column.name) if _kind(column) == "json" else column for column in table.columns
    ]


def read_rows(conn: sa.Connection, table: sa.Table) -> Iterator[dict]:
    """The table's rows, in primary-key order, encoded for JSON."""
    stmt = sa.select(*_selected(table)).order_by(*table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH).execute(stmt)
    columns = list(table.columns)
    for row in result:
        yield {column.name: encode(column, value) for column, value in zip(columns, row, strict=True)}


def to_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def _insert_statement(table: sa.Table, dialect: str):
    values = {}
    for column in table.columns:
        name = f"v_{column.name}"
        if _kind(column) == "json":
            text = sa.bindparam(name, type_=sa.Text)
            # PostgreSQL takes the text as json; SQLite keeps JSON as text anyway.
            values[column.name] = sa.cast(text, column.type) if dialect == "postgresql" else text
        else:
            values[column.name] = sa.bindparam(name, type_=column.type)
    return table.insert().values(values)


def _parents_first(table: sa.Table, rows: list[dict]) -> list[dict]:
    """A table that refers to itself (organisations.parent_id): each row after the row it names."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not links:
        return rows
    done: set = set()
    ordered, waiting = [], list(rows)
    while waiting:
        ready = [r for r in waiting if all(r[child] is None or r[child] in done for child, _parent in links)]
        if not ready:  # a cycle, or a parent that is not in the table: let the database say so
            ordered.extend(waiting)
            break
        for row in ready:
            ordered.append(row)
            done.update(row[parent] for _child, parent in links)
        taken = {id(row) for row in ready}
        waiting = [row for row in waiting if id(row) not in taken]
    return ordered


def _deferred_columns(table: sa.Table) -> list[str]:
    """Foreign keys that close a cycle between tables (outcomes.approved_version_id): the row goes
    in without them, and they are set once every table is in (`write_deferred`)."""
    return sorted({fk.parent.name for fk in table.foreign_keys if fk.use_alter or fk.constraint.use_alter})


class Deferred:
    """The values `write_rows` left out, to set with `write_deferred` after the last table."""

    def __init__(self) -> None:
        self.updates: list[tuple[sa.Table, list[str], list[dict]]] = []

    def write(self, conn: sa.Connection) -> None:
        for table, names, rows in self.updates:
            keys = list(table.primary_key.columns)
            statement = (
                table.update()
                .where(*[key == sa.bindparam(f"k_{key.name}") for key in keys])
                .values({name: sa.bindparam(f"v_{name}", type_=table.c[name].type) for name in names})
            )
            for start in range(0, len(rows), BATCH):
                conn.execute(statement, rows[start : start + BATCH])


def write_rows(conn: sa.Connection, table: sa.Table, lines: Iterable[str], deferred: Deferred) -> int:
    """Insert the table's rows from JSON lines; returns how many."""
    statement = _insert_statement(table, conn.dialect.name)
    columns = list(table.columns)
    later = _deferred_columns(table)
    # The update sets the row's own values of columns that change on update (updated_at): Core
    # would stamp them with the time of the restore.
    kept = [c.name for c in table.columns if c.onupdate is not None and c.name not in later]
    keys = list(table.primary_key.columns)
    updates: list[dict] = []
    self_referencing = any(fk.column.table is table for fk in table.foreign_keys)
    batch, count, pending = [], 0, []

    def values(row: dict) -> dict:
        decoded = {f"v_{c.name}": decode(c, row.get(c.name)) for c in columns}
        if later and any(decoded[f"v_{name}"] is not None for name in later):
            updates.append(
                {
                    **{f"k_{k.name}": decoded[f"v_{k.name}"] for k in keys},
                    **{f"v_{n}": decoded[f"v_{n}"] for n in later + kept},
                }
            )
            decoded.update({f"v_{name}": None for name in later})
        return decoded

    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        if self_referencing:
            pending.append(row)
            continue
        batch.append(values(row))
        if len(batch) >= BATCH:
            conn.execute(statement, batch)
            count += len(batch)
            batch = []
    for row in _parents_first(table, pending):
        conn.execute(statement, [values(row)])
        count += 1
    if batch:
        conn.execute(statement, batch)
        count += len(batch)
    if updates:
        deferred.updates.append((table, later + kept, updates))
    return count


def count_rows(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def wipe(conn: sa.Connection, all_tables: list[sa.Table]) -> None:
    """Delete every row of every table (children first)."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in all_tables)
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    for table in reversed(all_tables):
        conn.execute(table.delete())


def reset_sequences(conn: sa.Connection, all_tables: list[sa.Table]) -> None:
    """PostgreSQL: each serial id continues after the highest restored id (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer.quote
    for table in all_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue
        name, key = quote(table.name), quote(keys[0].name)
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{keys[0].name}'), "
            f"COALESCE((SELECT MAX({key}) FROM {name}), 0) + 1, false)"
        )
