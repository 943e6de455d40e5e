"""Model files for the neural voices: where they live and how they get there.

A render never downloads anything: engines only look in the model cache and
fail with a one-line error naming ``lecture-audio voices download NAME``.
That command calls :func:`download_voice`, which fetches what a voice YAML
lists under ``settings.files``::

    settings:
      files:
        - url: https://example.org/voice.onnx
          name: voice.onnx          # path inside the cache (default: URL basename)
          sha256: 0123...           # optional, checked after download

Downloads go to a ``.part`` file that is resumed with an HTTP ``Range``
request when a connection drops, checked against its sha256 and renamed into
place only when complete, so the cache never holds a half-written model.
Coqui zoo models (``settings.model: tts_models/...``) are fetched with Coqui's
own ``ModelManager``, which knows the zoo URLs and unpacks its archives.

Only the standard library is used here (urllib), so this module imports
cheaply and works without the optional engines installed.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .engines import Voice
from .errors import VoiceError

Progress = Callable[[int, "int | None"], None]

CHUNK = 1 << 20  # 1 MiB per read: progress updates often enough, few syscalls
TIMEOUT_S = 30.0  # per socket operation, not for the whole download
USER_AGENT = "lecture-audio (model download)"

_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")

# Coqui's zoo names are type/language/dataset/model; XTTS needs its licence.
COQUI_ZOO_PREFIXES = ("tts_models/", "vocoder_models/", "voice_conversion_models/")


def default_cache_dir() -> Path:
    """The model cache: ``$XDG_CACHE_HOME/lecture-audio/models`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "lecture-audio" / "models"


@dataclass(frozen=True)
class ModelFile:
    """One downloadable file named in a voice's ``settings.files``."""

    url: str
    name: str
    sha256: str | None = None
    md5: str | None = None

    def target(self, cache_dir: Path) -> Path:
        """Where the finished file lives in ``cache_dir``."""
        return cache_dir.joinpath(*PurePosixPath(self.name).parts)


def voice_files(voice: Voice) -> list[ModelFile]:
    """The files listed in ``voice.settings.files``, validated (one-line errors)."""
    raw = voice.settings.get("files") or []
    if not isinstance(raw, list):
        raise VoiceError("setting 'files' must be a list", path=voice.path, hint="- {url: ..., sha256: ...}")
    files: list[ModelFile] = []
    for index, item in enumerate(raw, start=1):
        where = f"settings.files entry {index}"
        if not isinstance(item, dict):
            raise VoiceError(f"{where} must be a mapping", path=voice.path, hint="keys: url, name, sha256")
        unknown = sorted(set(item) - {"url", "name", "sha256", "md5"})
        if unknown:
            raise VoiceError(
                f"{where}: unknown key '{unknown[0]}'", path=voice.path, hint="keys: url, name, sha256, md5"
            )
        url = item.get("url")
        parsed = urllib.parse.urlparse(url) if isinstance(url, str) else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise VoiceError(f"{where}: 'url' must be an http(s) URL", path=voice.path)
        name = item.get("name") or PurePosixPath(urllib.parse.unquote(parsed.path)).name
        pure = PurePosixPath(str(name))
        # The name becomes a path inside the cache: refuse anything that could escape it.
        if not name or pure.is_absolute() or ".." in pure.parts or "\\" in str(name):
            raise VoiceError(f"{where}: 'name' must be a relative path inside the cache", path=voice.path)
        sha256 = item.get("sha256")
        if sha256 is not None and not (isinstance(sha256, str) and _HEX64.match(sha256)):
            raise VoiceError(f"{where}: 'sha256' must be 64 hex digits", path=voice.path)
        md5 = item.get("md5")
        if md5 is not None and not (isinstance(md5, str) and _HEX32.match(md5)):
            raise VoiceError(f"{where}: 'md5' must be 32 hex digits", path=voice.path)
        files.append(
            ModelFile(
                url=url,
                name=str(pure),
                sha256=sha256.lower() if sha256 else None,
                md5=md5.lower() if md5 else None,
            )
        )
    return files


def missing_files(voice: Voice, cache_dir: Path | None = None) -> list[str]:
    """Names of the voice's listed files not yet in the cache (for ``voices list``)."""
    cache_dir = cache_dir or default_cache_dir()
    return [f.name for f in voice_files(voice) if not f.target(cache_dir).is_file()]


def coqui_zoo_name(voice: Voice) -> str | None:
    """The Coqui zoo model a voice names in ``settings.model``, if any."""
    model = voice.settings.get("model")
    if isinstance(model, str) and model.startswith(COQUI_ZOO_PREFIXES):
        return model
    return None


def download_voice(
    voice: Voice,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    *,
    license_accepted: bool = False,
    retries: int = 2,
) -> list[Path]:
    """Fetch every model file ``voice`` needs into ``cache_dir``; return their paths.

    Files already present with a matching checksum are not fetched again.
    ``progress(done_bytes, total_bytes_or_None)`` is called while a file of
    ``settings.files`` downloads (not for Coqui zoo models, which print their
    own progress bar). A dropped connection is resumed up to ``retries`` times
    in this call; a later call resumes from the ``.part`` file too. Voices
    whose licence must be confirmed (XTTS: CPML) need ``license_accepted``.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    files = voice_files(voice)
    zoo = coqui_zoo_name(voice)
    if not files and zoo is None:
        raise VoiceError(
            f"voice '{voice.name}' lists nothing to download",
            path=voice.path,
            hint="add settings.files: [{url, sha256, name}] or settings.model: a Coqui zoo name",
        )
    paths: list[Path] = []
    if files:
        _check_license(voice, license_accepted)
        for spec in files:
            paths.append(fetch_file(spec, cache_dir, progress=progress, retries=retries, voice_path=voice.path))
    if zoo is not None:
        _check_license(voice, license_accepted)
        paths.append(download_coqui_zoo(zoo, cache_dir, license_accepted=license_accepted, voice_path=voice.path))
    return paths


def _check_license(voice: Voice, accepted: bool) -> None:
    if accepted or voice.engine != "coqui":
        return
    # Imported here: coqui.py imports nothing heavy at module level either.
    from .engines.coqui import requires_license_acceptance

    licence = requires_license_acceptance(voice)
    if licence:
        raise VoiceError(
            f"voice '{voice.name}' needs its licence accepted before download: {licence}",
            path=voice.path,
            hint="confirm the licence (lecture-audio asks once) and download again",
        )


def coqui_zoo_dir(cache_dir: Path, model_name: str) -> Path:
    """Where ``ModelManager(output_prefix=cache_dir)`` puts a zoo model (``tts/type--lang--dataset--model``)."""
    return cache_dir / "tts" / model_name.replace("/", "--")


def download_coqui_zoo(
    model_name: str,
    cache_dir: Path,
    *,
    license_accepted: bool = False,
    voice_path: Path | None = None,
) -> Path:
    """Download a Coqui zoo model into ``cache_dir/tts/<type--lang--dataset--model>``; return that folder.

    Coqui's ``ModelManager`` knows the zoo: archives on GitHub releases (VITS
    models) it fetches and unpacks itself; models hosted on the Hugging Face
    hub (XTTS, since coqui-tts 0.27) we fetch with ``huggingface_hub`` into the
    same folder, because ModelManager would put them in the hub's own cache.
    """
    try:
        from TTS.utils.manage import ModelManager
    except ImportError:
        raise VoiceError(
            "Coqui TTS is not installed",
            path=voice_path,
            hint="pip install 'lecture-audio[coqui]'",
        ) from None
    manager = ModelManager(output_prefix=cache_dir, progress_bar=True)
    try:
        kind, lang, dataset, model = model_name.split("/")
        item = manager.models_dict[kind][lang][dataset][model]
    except (KeyError, ValueError):
        raise VoiceError(
            f"Coqui has no model '{model_name}'", path=voice_path, hint="see `tts --list_models`"
        ) from None
    if item.get("tos_required") and not license_accepted:
        raise VoiceError(
            f"Coqui model '{model_name}' needs its licence ({item.get('license', '?')}) accepted",
            path=voice_path,
            hint="confirm the licence (lecture-audio asks once) and download again",
        )
    target = coqui_zoo_dir(cache_dir, model_name)
    target.mkdir(parents=True, exist_ok=True)
    if item.get("tos_required"):
        # Coqui asks on stdin unless this file exists (or COQUI_TOS_AGREED=1,
        # which we never set): the user has confirmed through our CLI already.
        (target / "tos_agreed.txt").write_text(
            "I have read, understood and agreed to the Terms and Conditions.", encoding="utf-8"
        )
    try:
        if "repo_id" in item:
            from huggingface_hub import snapshot_download

            snapshot_download(
                item["repo_id"],
                allow_patterns=item.get("allow"),
                ignore_patterns=item.get("ignore"),
                local_dir=str(target),
            )
        else:
            manager.download_model(model_name)
    except Exception as exc:  # requests/hub/zip/OS errors: one line, not Coqui's traceback
        raise VoiceError(
            f"cannot download Coqui model '{model_name}': {_reason(exc)}",
            path=voice_path,
            hint="check the internet connection and try again",
        ) from None
    return target


def fetch_file(
    spec: ModelFile,
    cache_dir: Path,
    *,
    progress: Progress | None = None,
    retries: int = 2,
    voice_path: Path | None = None,
) -> Path:
    """Download one file with resume, checksum check and an atomic rename."""
    target = spec.target(cache_dir)
    if target.is_file():
        if _checksums_match(spec, target):
            return target
        # A stale or corrupted copy: fetch it again rather than trust it.
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    attempts = max(0, retries) + 1
    for attempt in range(attempts):
        try:
            _download_to_part(spec, part, progress, voice_path)
            break
        except _Interrupted as exc:
            if attempt + 1 < attempts:
                continue  # resume from what the .part file already holds
            raise VoiceError(
                f"download of {spec.name} interrupted after {exc.received} bytes",
                path=voice_path,
                hint="run the same download again to resume",
            ) from None
    if not _checksums_match(spec, part):
        part.unlink(missing_ok=True)
        algo = "sha256" if spec.sha256 else "md5"
        raise VoiceError(
            f"{algo} mismatch for {spec.name} from {spec.url}; the bad file was removed",
            path=voice_path,
            hint="the download was corrupted or the voice file lists a wrong checksum",
        )
    os.replace(part, target)
    return target


class _Interrupted(Exception):
    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


def _download_to_part(spec: ModelFile, part: Path, progress: Progress | None, voice_path: Path | None) -> None:
    """Append the rest of ``spec.url`` to ``part``; raise _Interrupted on a dropped connection."""
    offset = part.stat().st_size if part.is_file() else 0
    request = urllib.request.Request(spec.url, headers={"User-Agent": USER_AGENT})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:
            # The server has nothing past our offset: the .part is stale or
            # complete; start over so the checksum decides, not the server.
            part.unlink()
            return _download_to_part(spec, part, progress, voice_path)
        raise VoiceError(
            f"cannot download {spec.name}: HTTP {exc.code} {exc.reason} from {spec.url}",
            path=voice_path,
            hint="the URL in the voice file may be outdated",
        ) from None
    except urllib.error.URLError as exc:
        raise VoiceError(
            f"cannot download {spec.name}: {_reason(exc.reason)} ({spec.url})",
            path=voice_path,
            hint="check the internet connection; the download resumes where it stopped",
        ) from None
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise _Interrupted(offset) from exc

    with response:
        status = getattr(response, "status", 200)
        length = response.headers.get("Content-Length")
        if offset and status == 206:
            mode = "ab"
            total = _total_from_content_range(response.headers.get("Content-Range"))
            if total is None and length is not None:
                total = offset + int(length)
        else:
            # 200 to a Range request: the server ignored it, so start from zero.
            mode, offset = "wb", 0
            total = int(length) if length is not None else None
        received = offset
        try:
            with open(part, mode) as out:
                if progress:
                    progress(received, total)
                while True:
                    block = response.read(CHUNK)
                    if not block:
                        break
                    out.write(block)
                    received += len(block)
                    if progress:
                        progress(received, total)
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise _Interrupted(received) from exc
    # urllib returns a short body without an error when the peer just closes.
    if total is not None and received < total:
        raise _Interrupted(received)


def _total_from_content_range(value: str | None) -> int | None:
    # "bytes 100-999/1000" -> 1000; "bytes 100-999/*" -> unknown
    if not value or "/" not in value:
        return None
    size = value.rsplit("/", 1)[1].strip()
    return int(size) if size.isdigit() else None


def _reason(reason: Any) -> str:
    if isinstance(reason, socket.gaierror):
        return "host not found (offline?)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__


def _checksums_match(spec: ModelFile, path: Path) -> bool:
    if spec.sha256 is None and spec.md5 is None:
        return True
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            sha.update(block)
            if spec.md5:
                md5.update(block)
    if spec.sha256 and sha.hexdigest() != spec.sha256:
        return False
    if spec.md5 and md5.hexdigest() != spec.md5:
        return False
    return True


def file_digest(path: Path, _memo: dict[tuple[str, int, int], str] = {}) -> str:  # noqa: B006 - process-wide memo
    """sha256 of a file, memoised per (path, size, mtime) so reloading a model is cheap.

    Engines put this in their ``version`` so the point cache follows the
    model's content, not its file date.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    digest = _memo.get(key)
    if digest is None:
        sha = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(CHUNK):
                sha.update(block)
        digest = _memo[key] = sha.hexdigest()
    return digest
