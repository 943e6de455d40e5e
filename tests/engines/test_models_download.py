"""models.download_voice against a local HTTP server (no internet)."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lecture_audio.engines import Voice
from lecture_audio.errors import VoiceError
from lecture_audio.models import (
    default_cache_dir,
    download_voice,
    file_digest,
    missing_files,
    voice_files,
)

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB, not a multiple of the read size pattern
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()


@dataclass
class ServerState:
    """What the test server serves and what it saw."""

    files: dict[str, bytes] = field(default_factory=dict)
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes sent before closing (once)
    ignore_range: bool = False
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Range header)


def _handler(state: ServerState) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            rng = self.headers.get("Range")
            state.requests.append((self.path, rng))
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404, "Not Found")
                return
            start = 0
            if rng and not state.ignore_range:
                start = int(rng.removeprefix("bytes=").split("-")[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            chunk = body[start:]
            self.send_header("Content-Length", str(len(chunk)))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            limit = state.drop_after.pop(self.path, None)
            if limit is not None:
                # Simulate a dropped connection: promise everything, send a part, hang up.
                self.wfile.write(chunk[:limit])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(chunk)

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, ServerState]]:
    state = ServerState()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        httpd.shutdown()
        httpd.server_close()


def _voice(tmp_path: Path, files: list[dict]) -> Voice:
    return Voice(
        name="test-voice", engine="piper", settings={"model_path": "x.onnx", "files": files}, path=tmp_path / "v.yaml"
    )


def test_good_file_is_downloaded_checked_and_reported(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/m/voice.onnx"] = PAYLOAD
    voice = _voice(tmp_path, [{"url": f"{base}/m/voice.onnx", "sha256": PAYLOAD_SHA}])
    seen: list[tuple[int, int | None]] = []
    cache = tmp_path / "cache"
    assert missing_files(voice, cache) == ["voice.onnx"]
    paths = download_voice(voice, cache, progress=lambda done, total: seen.append((done, total)))
    assert paths == [cache / "voice.onnx"]
    assert paths[0].read_bytes() == PAYLOAD
    assert not (cache / "voice.onnx.part").exists()
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert missing_files(voice, cache) == []
    # Present and valid: a second call does not touch the network.
    state.requests.clear()
    download_voice(voice, cache)
    assert state.requests == []


def test_name_puts_file_in_a_subfolder(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/a.bin"] = b"abc"
    voice = _voice(tmp_path, [{"url": f"{base}/a.bin", "name": "sub/dir/b.bin"}])
    assert download_voice(voice, tmp_path / "c") == [tmp_path / "c" / "sub" / "dir" / "b.bin"]


def test_wrong_checksum_is_an_error_and_leaves_no_file(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/voice.onnx"] = PAYLOAD
    voice = _voice(tmp_path, [{"url": f"{base}/voice.onnx", "sha256": "0" * 64}])
    cache = tmp_path / "cache"
    with pytest.raises(VoiceError) as info:
        download_voice(voice, cache)
    message = str(info.value)
    assert "sha256 mismatch" in message and "voice.onnx" in message
    assert "\n" not in message
    assert list(cache.iterdir()) == []  # neither the file nor a .part


def test_md5_checksum_is_checked_too(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/v"] = PAYLOAD
    good = _voice(tmp_path, [{"url": f"{base}/v", "name": "v", "md5": hashlib.md5(PAYLOAD).hexdigest()}])
    assert download_voice(good, tmp_path / "ok")[0].read_bytes() == PAYLOAD
    bad = _voice(tmp_path, [{"url": f"{base}/v", "name": "v", "md5": "f" * 32}])
    with pytest.raises(VoiceError, match="md5 mismatch"):
        download_voice(bad, tmp_path / "bad")


def test_dropped_connection_then_resume_with_range(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/big.onnx"] = PAYLOAD
    state.drop_after["/big.onnx"] = 300_000
    voice = _voice(tmp_path, [{"url": f"{base}/big.onnx", "sha256": PAYLOAD_SHA}])
    cache = tmp_path / "cache"
    with pytest.raises(VoiceError) as info:
        download_voice(voice, cache, retries=0)
    assert "interrupted after 300000 bytes" in str(info.value)
    part = cache / "big.onnx.part"
    assert part.stat().st_size == 300_000
    assert not (cache / "big.onnx").exists()

    paths = download_voice(voice, cache, retries=0)
    assert state.requests[-1] == ("/big.onnx", "bytes=300000-")
    assert hashlib.sha256(paths[0].read_bytes()).hexdigest() == PAYLOAD_SHA
    assert not part.exists()


def test_dropped_connection_is_resumed_within_one_call(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/big.onnx"] = PAYLOAD
    state.drop_after["/big.onnx"] = 123_457
    voice = _voice(tmp_path, [{"url": f"{base}/big.onnx", "sha256": PAYLOAD_SHA}])
    paths = download_voice(voice, tmp_path / "cache")  # default retries
    assert paths[0].read_bytes() == PAYLOAD
    assert [r for _, r in state.requests] == [None, "bytes=123457-"]


def test_server_ignoring_range_restarts_from_zero(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/f"] = PAYLOAD
    state.ignore_range = True
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "f.part").write_bytes(b"garbage that must not stay in front")
    voice = _voice(tmp_path, [{"url": f"{base}/f", "sha256": PAYLOAD_SHA}])
    assert download_voice(voice, cache)[0].read_bytes() == PAYLOAD


def test_stale_part_past_the_end_is_restarted(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, state = server
    state.files["/f"] = b"short"
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "f.part").write_bytes(b"a much longer stale partial file")
    voice = _voice(tmp_path, [{"url": f"{base}/f", "sha256": hashlib.sha256(b"short").hexdigest()}])
    assert download_voice(voice, cache)[0].read_bytes() == b"short"


def test_404_is_a_one_line_error(tmp_path: Path, server: tuple[str, ServerState]) -> None:
    base, _state = server
    voice = _voice(tmp_path, [{"url": f"{base}/nothing.onnx"}])
    with pytest.raises(VoiceError) as info:
        download_voice(voice, tmp_path / "cache")
    message = str(info.value)
    assert "HTTP 404" in message and "nothing.onnx" in message
    assert "\n" not in message
    assert info.value.path == tmp_path / "v.yaml"


def test_offline_is_a_one_line_error(tmp_path: Path) -> None:
    # Port 9 on localhost: nothing listens, the connection is refused at once.
    voice = _voice(tmp_path, [{"url": "http://127.0.0.1:9/voice.onnx"}])
    with pytest.raises(VoiceError) as info:
        download_voice(voice, tmp_path / "cache")
    assert "cannot download voice.onnx" in str(info.value)
    assert "internet" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "entry, fragment",
    [
        ({"url": "ftp://x/y"}, "http(s) URL"),
        ({"url": "https://x/y", "name": "../escape"}, "relative path"),
        ({"url": "https://x/y", "name": "/abs"}, "relative path"),
        ({"url": "https://x/y", "sha256": "abc"}, "64 hex"),
        ({"url": "https://x/y", "size": 3}, "unknown key 'size'"),
        ("https://x/y", "must be a mapping"),
    ],
)
def test_bad_files_entries(tmp_path: Path, entry: object, fragment: str) -> None:
    with pytest.raises(VoiceError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        voice_files(_voice(tmp_path, [entry]))  # type: ignore[list-item]


def test_nothing_to_download(tmp_path: Path) -> None:
    voice = Voice(name="e", engine="espeak", settings={}, path=tmp_path / "e.yaml")
    with pytest.raises(VoiceError, match="nothing to download"):
        download_voice(voice, tmp_path)


def test_xtts_download_needs_licence(tmp_path: Path) -> None:
    voice = Voice(
        name="my-voice",
        engine="coqui",
        settings={"model": "tts_models/multilingual/multi-dataset/xtts_v2"},
        path=tmp_path / "my-voice.yaml",
    )
    with pytest.raises(VoiceError, match="licence accepted"):
        download_voice(voice, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "lecture-audio" / "models"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "lecture-audio" / "models"


def test_file_digest_follows_content(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"one")
    first = file_digest(path)
    path.write_bytes(b"three")
    assert file_digest(path) != first
    assert file_digest(path) == hashlib.sha256(b"three").hexdigest()


# -- Coqui zoo models (Coqui's own downloaders are replaced: no internet) ---------------


def test_coqui_zoo_vits_uses_model_manager_into_our_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import TTS.utils.manage as manage
    calls: list[tuple[Path, str]] = []

    def fake_download(self, name: str):  # noqa: ANN001 - ModelManager method
        folder = Path(self.output_prefix) / name.replace("/", "--")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "model_file.pth").write_bytes(b"w")
        (folder / "config.json").write_text("{}")
        calls.append((Path(self.output_prefix), name))
        return folder / "model_file.pth", folder / "config.json", {}

    monkeypatch.setattr(manage.ModelManager, "download_model", fake_download)
    voice = Voice(name="coqui-vits-pl", engine="coqui", settings={"model": "tts_models/pl/mai_female/vits"})
    paths = download_voice(voice, tmp_path)
    assert calls == [(tmp_path / "tts", "tts_models/pl/mai_female/vits")]
    assert paths == [tmp_path / "tts" / "tts_models--pl--mai_female--vits"]
    assert not (paths[0] / "tos_agreed.txt").exists()


def test_coqui_zoo_xtts_goes_to_our_cache_after_licence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub as hub
    import TTS.utils.manage  # noqa: F401
    seen: dict[str, object] = {}

    def fake_snapshot(repo_id: str, **kwargs: object) -> str:
        seen.update(kwargs, repo_id=repo_id)
        folder = Path(str(kwargs["local_dir"]))
        for name in ("model.pth", "config.json", "vocab.json"):
            (folder / name).write_text("x")
        return str(folder)

    monkeypatch.setattr(hub, "snapshot_download", fake_snapshot)
    monkeypatch.delenv("COQUI_TOS_AGREED", raising=False)
    voice = Voice(name="my-voice", engine="coqui", settings={"model": "tts_models/multilingual/multi-dataset/xtts_v2"})
    with pytest.raises(VoiceError, match="licence accepted"):
        download_voice(voice, tmp_path)
    assert seen == {}
    paths = download_voice(voice, tmp_path, license_accepted=True)
    target = tmp_path / "tts" / "tts_models--multilingual--multi-dataset--xtts_v2"
    assert paths == [target]
    assert seen["local_dir"] == str(target) and "XTTS" in str(seen["repo_id"])
    assert (target / "tos_agreed.txt").is_file()
    import os

    assert "COQUI_TOS_AGREED" not in os.environ


def test_coqui_zoo_unknown_name(tmp_path: Path) -> None:
    import TTS.utils.manage  # noqa: F401
    voice = Voice(name="x", engine="coqui", settings={"model": "tts_models/xx/nothing/vits"})
    with pytest.raises(VoiceError, match="Coqui has no model"):
        download_voice(voice, tmp_path)


def test_coqui_zoo_network_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import TTS.utils.manage as manage

    def boom(self, name: str):  # noqa: ANN001
        raise ConnectionError("Max retries exceeded with url: /x\n(details)")

    monkeypatch.setattr(manage.ModelManager, "download_model", boom)
    voice = Voice(name="v", engine="coqui", settings={"model": "tts_models/pl/mai_female/vits"})
    with pytest.raises(VoiceError) as info:
        download_voice(voice, tmp_path)
    assert str(info.value) == (
        "cannot download Coqui model 'tts_models/pl/mai_female/vits': Max retries exceeded with url: /x "
        "(check the internet connection and try again)"
    )
