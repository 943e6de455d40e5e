"""Fixtures for the publishing tests: a running server over a folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lecture_audio.serve import PodcastServer, make_server


class Running:
    """A server serving in a background thread; ``url`` ends with a slash."""

    def __init__(self, server: PodcastServer) -> None:
        self.server = server
        self.port = server.server_port
        self.log: list[str] = []  # one line per request served
        server.log = self.log.append
        self.host = str(server.server_address[0])
        self.url = f"http://{f'[{self.host}]' if ':' in self.host else self.host}:{self.port}/"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="test-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def serve_dir() -> Iterator:
    """A function that serves a folder on 127.0.0.1 (a free port) until the test ends."""
    running: list[Running] = []

    def start(directory: Path, host: str = "127.0.0.1", **options: float) -> Running:
        server = make_server(directory, host, 0, log=None, **options)  # type: ignore[arg-type]
        running.append(Running(server))
        return running[-1]

    yield start
    for each in running:
        each.stop()
