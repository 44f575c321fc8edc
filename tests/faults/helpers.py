"""Fault injection shared by the fault tests: a PostgreSQL trigger that fails the
Nth insert into a table, the broker made unreachable for the test process, and a
look at the messages Redis holds for a worker that has not acknowledged them."""

import json
import uuid
from contextlib import contextmanager

import pytest
import redis

from django.db import connection

from lms.celery import app
from tests.certificates.test_worker import _broker_connections_drop
from tests.conftest import IN_CI

# A port nothing listens on: connecting is refused at once, as when Redis is down.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"
# PostgreSQL's "disk full": what a full volume or a quota makes an insert raise.
DISK_FULL = "53100"


def require_postgresql() -> None:
    """Skip (fail under CI) unless the suite runs on PostgreSQL, as the ``postgres``
    fixture does, for tests that need PostgreSQL but not its own transactions."""
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL (set DATABASE_URL=postgres://…)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true runs the suite on PostgreSQL")
        pytest.skip(message)


@contextmanager
def failing_insert(model, *, nth: int, sqlstate: str = DISK_FULL):
    """Make the ``nth`` row inserted into ``model``'s table (and every row after
    it) fail inside PostgreSQL, as a full disk would, for the duration of the block.
    The trigger counts rows with a sequence (which a rollback does not rewind) and
    is dropped on the way out. Yields the message the database raises."""
    table = model._meta.db_table
    name = f"fault_{uuid.uuid4().hex[:10]}"
    message = f"injected fault: insert number {nth} into {table} refused"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE {name}_rows")
        cursor.execute(
            f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('{name}_rows') >= {int(nth)} THEN
                    RAISE EXCEPTION '{message}' USING ERRCODE = '{sqlstate}';
                END IF;
                RETURN NEW;
            END $$
            """
        )
        cursor.execute(
            f"CREATE TRIGGER {name} BEFORE INSERT ON {quote(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    try:
        yield message
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            cursor.execute(f"DROP SEQUENCE IF EXISTS {name}_rows")


@contextmanager
def broker_unreachable():
    """Point the test process's Celery app at a closed port: every ``delay`` raises
    kombu's OperationalError, as it does when Redis is down."""
    saved = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_BROKER
    _broker_connections_drop()
    try:
        yield
    finally:
        app.conf.broker_url = saved
        _broker_connections_drop()


def unacked(redis_url: str, queue: str) -> dict[str, str]:
    """The messages of ``queue`` that a worker took and has not acknowledged (kombu's
    ``unacked`` hash), as {delivery tag: task id}."""
    client = redis.Redis.from_url(redis_url)
    try:
        held = {}
        for tag, raw in client.hgetall("unacked").items():
            message, _exchange, routing_key = json.loads(raw)
            if routing_key == queue:
                held[tag.decode()] = message["headers"]["id"]
        return held
    finally:
        client.close()


def restore_unacked(redis_url: str, tag: str) -> None:
    """Hand one unacknowledged message back to its queue, as any worker on the
    broker does once the message is older than the visibility timeout (an hour)."""
    with app.connection_for_write(redis_url) as conn:
        conn.default_channel.qos.restore_by_tag(tag)


def forget_unacked(redis_url: str, queue: str) -> None:
    """Drop what a killed worker left unacknowledged in ``queue`` (test cleanup)."""
    tags = list(unacked(redis_url, queue))
    if not tags:
        return
    client = redis.Redis.from_url(redis_url)
    try:
        client.hdel("unacked", *tags)
        client.zrem("unacked_index", *tags)
    finally:
        client.close()
