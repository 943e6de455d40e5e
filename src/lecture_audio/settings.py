"""The project's settings, read from ``lecture-audio.yaml`` at the project root.

Every field has a default, so the file is optional. Unknown keys and wrong
types are a one-line :class:`SettingsError` naming the file, line and key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints
from urllib.parse import quote

import yaml

from .errors import SettingsError

SETTINGS_FILE = "lecture-audio.yaml"


@dataclass(frozen=True)
class Pauses:
    """Silence, in seconds, stitched between the parts of an episode."""

    sentence: float = 0.35
    point: float = 0.9
    chapter: float = 1.8


@dataclass(frozen=True)
class Settings:
    """Everything a lecturer can set for a podcast; defaults fit a first render."""

    title: str = "Wykłady"
    author: str = "Wykładowca"
    description: str = ""
    language: str = "pl"
    base_url: str = "http://localhost:8000/"
    voice: str = "espeak-pl"
    notes: str = "notes"
    output: str = "output"
    bitrate: int = 96  # kbps, MP3 mono 44.1 kHz
    category: str = "Education"
    explicit: bool = False
    email: str = ""
    image: str = ""  # path to the cover image, relative to the project root
    lexicon: str = ""  # extra lexicon YAML, relative to the project root
    announce_titles: bool = True  # speak each chapter's title before its points
    chapters: str = "notes"  # chapter marks per note, or per numbered point ("points")
    start_date: dt.date | None = None  # first episode's date; later ones follow weekly
    pauses: Pauses = field(default_factory=Pauses)
    # Where the settings came from; not a YAML key.
    root: Path = field(default=Path("."), compare=False)

    @property
    def notes_dir(self) -> Path:
        return self.root / self.notes

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    @property
    def voices_dir(self) -> Path:
        return self.root / "voices"

    @property
    def podcast_description(self) -> str:
        return self.description or f"{self.title}: nagrania wykładów przygotowane z notatek prowadzącego."

    def feed_url(self, name: str) -> str:
        """The absolute URL of a published file (percent-encoded)."""
        return self.base_url.rstrip("/") + "/" + quote(name)


def _line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _convert(value: Any, hint: Any, key: str, path: Path, line: int | None) -> Any:
    """Check ``value`` against the annotated type; allow int where float is expected."""
    origin = get_origin(hint)
    if origin is not None and type(None) in get_args(hint):  # Optional[X]
        if value is None:
            return None
        hint = next(a for a in get_args(hint) if a is not type(None))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if hint is dt.date and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    ok = isinstance(value, hint) and not (hint in (int, float) and isinstance(value, bool))
    if not ok:
        raise SettingsError(
            f"key '{key}' must be {_type_name(hint)}, not {type(value).__name__}",
            path=path,
            line=line,
            hint="fix the value or remove the key to use the default",
        )
    return value


def _type_name(hint: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false", dt.date: "a date (YYYY-MM-DD)"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def _build(cls: type, mapping: yaml.MappingNode, data: dict[str, Any], path: Path, prefix: str) -> Any:
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.name != "root"}
    lines = {k.value: _line_of(k) for k, _ in mapping.value} if isinstance(mapping, yaml.MappingNode) else {}
    values: dict[str, Any] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        line = lines.get(key)
        if key not in names:
            raise SettingsError(
                f"unknown key '{full}'",
                path=path,
                line=line,
                hint="known keys: " + ", ".join(sorted(f"{prefix}{n}" for n in names)),
            )
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise SettingsError(f"key '{full}' must be a mapping", path=path, line=line)
            node = next(v for k, v in mapping.value if k.value == key)
            values[key] = _build(hint, node, value, path, prefix=f"{full}.")
        else:
            values[key] = _convert(value, hint, full, path, line)
    return cls(**values)


def load_settings(root: Path | str = ".", config: Path | str | None = None) -> Settings:
    """Settings for the project at ``root`` (from ``lecture-audio.yaml`` if it exists)."""
    root = Path(root)
    path = Path(config) if config else root / SETTINGS_FILE
    if config and not path.is_file():
        raise SettingsError("settings file not found", path=path, hint="check the --config path")
    if not path.is_file():
        return Settings(root=root)
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise SettingsError(problem, path=path, line=mark.line + 1 if mark else None, hint="fix the YAML syntax") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read settings: {exc}", path=path) from None
    if data is None:
        return Settings(root=path.parent)
    if not isinstance(data, dict):
        raise SettingsError("settings must be a mapping of keys to values", path=path, line=1, hint="e.g. 'title: My course'")
    settings = _build(Settings, node, data, path, prefix="")
    _check_values(settings, node, path)
    return dataclasses.replace(settings, root=path.parent)


CHAPTER_MODES = ("notes", "points")
# Bitrates LAME encodes for 44.1 kHz MPEG-1 Layer III.
BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


def _check_values(settings: Settings, node: yaml.MappingNode, path: Path) -> None:
    """Checks beyond types: ranges and allowed values."""

    def line(*keys: str) -> int | None:
        current: yaml.Node | None = node
        for key in keys:
            found = [v for k, v in getattr(current, "value", []) if getattr(k, "value", None) == key]
            current = found[0] if found else None
        return _line_of(current)

    if settings.bitrate not in BITRATES:
        raise SettingsError(
            f"key 'bitrate' must be one of {', '.join(map(str, BITRATES))}", path=path, line=line("bitrate"), hint="96 is a good choice for speech"
        )
    if settings.chapters not in CHAPTER_MODES:
        raise SettingsError("key 'chapters' must be 'notes' or 'points'", path=path, line=line("chapters"))
    for name in ("sentence", "point", "chapter"):
        if getattr(settings.pauses, name) < 0:
            raise SettingsError(f"key 'pauses.{name}' must be zero or more seconds", path=path, line=line("pauses", name))
