"""The composition root: what one process needs, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from redis import Redis
from rq import Queue

from voicebot.db import Database
from voicebot.flow import Flow, load_flow
from voicebot.settings import Settings

QUEUE_NAMES = ("dial", "answers", "cases", "default")


@dataclass
class Services:
    settings: Settings
    _flows: dict[tuple[str, float], Flow] = field(default_factory=dict)

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.database_url)

    @cached_property
    def redis(self) -> Redis:
        return Redis.from_url(self.settings.redis_url)

    def queue(self, name: str) -> Queue:
        return Queue(f"{self.settings.queue_prefix}-{name}", connection=self.redis)

    def flow(self, path: str | Path) -> Flow:
        """Flows are re-read when their file changes, so administrators' edits apply to
        the next call without a restart (each call keeps the hash it started with)."""
        p = Path(path)
        key = (str(p.resolve()), p.stat().st_mtime)
        if key not in self._flows:
            self._flows[key] = load_flow(p)
        return self._flows[key]
