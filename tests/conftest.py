from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from voicebot.db import Database
from voicebot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("VOICEBOT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("VOICEBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _pg_database() -> Iterator[str]:
    name = f"voicebot_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def db(database_url) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    yield database
    database.engine.dispose()


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(database_url=database_url, redis_url=REDIS, queue_prefix=f"test-{uuid.uuid4().hex[:8]}",
                    data_dir=tmp_path, public_base_url="https://voicebot.example.org", twilio_account_sid="",
                    environment="test")


@pytest.fixture(scope="session")
def shipped_classifier():
    """The classifier the system loads (nlu/models/DEFAULT), loaded once: it takes seconds."""
    from nlu.pipeline import MODELS, load_classifier

    return load_classifier(MODELS)
