"""Starting and stopping the parts of the system as processes (for the demo and tests)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


def redis_reachable(url: str) -> bool:
    try:
        return bool(Redis.from_url(url, socket_connect_timeout=1).ping())
    except RedisError:
        return False


class RedisServer:
    """A throw-away redis-server on a free port that keeps nothing on disk: for machines
    with none running, and for tests that take Redis away (a restart loses every queue)."""

    def __init__(self) -> None:
        self.exe = shutil.which("redis-server")
        if self.exe is None:
            raise RuntimeError("no Redis is reachable and redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, proc=self.proc)
        return self

    def kill(self) -> None:
        """Gone at once, as a crash or a failover looks to its clients."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@contextmanager
def private_redis() -> Iterator[str]:
    server = RedisServer().start()
    try:
        yield server.url
    finally:
        server.stop()


class ProcessGroup:
    """Child processes that all stop together, with their output in one log folder."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = {**os.environ, **env}
        self.log_dir = log_dir
        self.procs: list[tuple[str, subprocess.Popen]] = []
        log_dir.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "voicebot", *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parent.parent)
        self.procs.append((name, proc))
        return proc

    def check(self) -> None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} stopped with code {proc.returncode}: see {self.log_dir / (name + '.log')}")

    def kill(self, name: str) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug does it: no clean-up at all."""
        for i, (n, proc) in enumerate(self.procs):
            if n == name:
                proc.kill()
                proc.wait(10)
                del self.procs[i]
                return
        raise KeyError(name)

    def stop(self) -> None:
        for _, proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for _, proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


class LocalStack:
    """Server, simulated Twilio, RQ workers and scheduler on free ports: the whole
    system on one machine, as the demo and the end-to-end tests run it."""

    def __init__(self, database_url: str, redis_url: str, work: Path, time_scale: float = 0.05,
                 answer_workers: int = 2, extra_env: dict[str, str] | None = None) -> None:
        self.server_port, self.sim_port = free_port(), free_port()
        self.env = {
            "VOICEBOT_DATABASE_URL": database_url, "VOICEBOT_REDIS_URL": redis_url,
            "VOICEBOT_PUBLIC_BASE_URL": f"http://127.0.0.1:{self.server_port}",
            "VOICEBOT_SIMULATOR_URL": f"http://127.0.0.1:{self.sim_port}",
            "VOICEBOT_QUEUE_PREFIX": f"voicebot-{os.getpid()}-{self.server_port}", "VOICEBOT_TWILIO_ACCOUNT_SID": "",
            "VOICEBOT_DATA_DIR": str(work), "VOICEBOT_ENVIRONMENT": "demo", **(extra_env or {}),
        }
        self.group = ProcessGroup(self.env, work / "logs")
        self.time_scale = time_scale
        self.answer_workers = answer_workers

    def start(self, directory: dict[str, str], scheduler: bool = True) -> LocalStack:
        server = self.group.start("server", "serve", "--port", str(self.server_port))
        sim = self.group.start("simulator", "simulator", "--port", str(self.sim_port),
                               "--time-scale", str(self.time_scale))
        self.group.start("worker-dial", "worker", "dial", "cases", "default")
        for i in range(self.answer_workers):
            self.group.start(f"worker-answers-{i + 1}", "worker", "answers")
        wait_for_port(self.server_port, proc=server)
        wait_for_port(self.sim_port, proc=sim)
        import httpx

        sim = self.env["VOICEBOT_SIMULATOR_URL"]
        httpx.post(f"{sim}/sim/directory", json=directory, timeout=10).raise_for_status()
        httpx.post(f"{sim}/sim/sms_url", json={"url": f"{self.env['VOICEBOT_PUBLIC_BASE_URL']}/twilio/sms/inbound"},
                   timeout=10).raise_for_status()
        if scheduler:
            self.group.start("scheduler", "scheduler", "--interval", "1")
        return self

    def stop(self) -> None:
        self.group.stop()
