"""What every part of the generator shares: a seeded source of randomness, names and ids, dates,
and a sink that writes rows in batches."""

import random
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone
from faker import Faker
from psycopg.types.json import Jsonb

from cepathway.meetings import scheduling

BATCH_SIZE = 2_000
Row = TypeVar("Row", bound=models.Model)
FICTIONAL_DOMAIN = "example.invalid"
WORKING_DAYS_REGION = "ENG"


class Sink:
    """Rows waiting to be written, by model; `flush` writes them in the order the models were first
    added (the foreign keys are checked at commit, and every id is set here, so any order works)."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.written: dict[str, int] = defaultdict(int)

    def add(self, row: Row) -> Row:
        self.rows[type(row)].append(row)
        return row

    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if connection.vendor == "postgresql":
                copy_rows(model, rows)
            else:
                model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
            self.written[model._meta.label] += len(rows)
        self.rows.clear()


def copy_rows(model: type[models.Model], rows: list[models.Model]) -> None:
    """PostgreSQL's COPY: the fastest way in, several times faster than INSERT for many rows. The
    values are the instances' own (every id set here); JSON fields go as jsonb."""
    fields = [field for field in model._meta.concrete_fields if not field.db_returning]  # the database numbers those
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    as_json = [isinstance(field, models.JSONField) for field in fields]
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor().copy(statement) as copy:
        for row in rows:
            values = [getattr(row, field.attname) for field in fields]
            copy.write_row([Jsonb(value) if json else value for value, json in zip(values, as_json, strict=True)])


class Dice:
    """Seeded choices, ids, names and dates: the same seed builds the same world."""

    def __init__(self, seed: Any, today: date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not security
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.today = today

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def pick(self, items: Any) -> Any:
        return self.rng.choice(items)

    def working_day(self, day: date) -> date:
        return scheduling.next_working_day(day, WORKING_DAYS_REGION)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.between(low, high))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def tracked(by: Any, when: datetime) -> dict[str, Any]:
    """The TrackedModel fields of a row made by `by` at `when`."""
    author = getattr(by, "pk", by)
    return {"created_at": when, "modified_at": when, "created_by_id": author, "modified_by_id": author}
