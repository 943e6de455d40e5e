"""Read an Obsidian vault of lecture notes into Episodes, Chapters and Points.

Markdown is parsed with markdown-it-py (CommonMark plus tables and YAML front
matter); the Obsidian additions the notes use are small extensions here:
``%% comments %%``, ``![[embeds]]``, ``[[wikilinks|alias]]``, ``#tags`` and
``> [!callout] Title`` blocks. The result is plain text for each point, one
block per line, with code spans kept in backticks so the normalizer can read
code differently from prose.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from slugify import slugify

from .errors import NotesError
from .model import Chapter, Episode, Notice, Point, Vault

NOTE_SUFFIXES = {".md", ".markdown"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif"}
# Obsidian's own folders and the trash never hold lecture content.
SKIPPED_DIRS = {".obsidian", ".trash", ".git"}

COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.DOTALL)
LEADING_NUMBER = re.compile(r"^\s*\d+(?:[.)]|\s)\s*")
TAG = re.compile(r"(?<![\w&/])#(?=[\w/-]*[^\W\d_])[\w/-]+")
CALLOUT = re.compile(r"^\[!([\w-]+)\][+-]?[ \t]*(.*)$")


def natural_key(name: str) -> list[int | str]:
    """Sort key that puts ``2. x`` before ``10. x``."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def title_from_name(name: str) -> str:
    """A note's title from its file or link name: the leading number and folder dropped."""
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    return LEADING_NUMBER.sub("", stem).strip() or stem.strip()


# --- markdown-it extension: Obsidian wikilinks and embeds --------------------


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start)
    if end < 0 or "\n" in src[start:end]:
        return False
    if not silent:
        target, _, alias = src[start:end].partition("|")
        token = state.push("obsidian_embed" if embed else "wikilink", "", 0)
        token.meta = {"target": target.strip(), "alias": alias.strip()}
        token.content = src[start:end]
    state.pos = end + 2
    return True


def make_parser() -> MarkdownIt:
    """The Markdown parser for notes: CommonMark, tables, front matter, wikilinks."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.inline.ruler.before("link", "obsidian_wikilink", _wikilink_rule)
    return md


# --- reading one note ---------------------------------------------------------


@dataclass
class _Block:
    text: str
    line: int
    images: list[str] = field(default_factory=list)


@dataclass
class NoteContent:
    """One note as read: front matter, title heading and its blocks."""

    front_matter: dict
    heading: str | None
    intro: list[_Block]
    points: list[tuple[int, list[_Block]]]  # (number as written, blocks)


def _inline_text(token: Token, images: list[str], callout: bool = False) -> str:
    """Readable text of an inline token: marks dropped, links as their words.

    In a callout the ``[!type]`` marker is dropped and its title ends a line.
    """
    parts: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            content = child.content
            if callout and not parts:
                content = CALLOUT.sub(r"\2", content, count=1)
            parts.append(content)
        elif kind == "code_inline":
            parts.append(f"`{child.content}`")
        elif kind == "softbreak":
            parts.append("\n" if callout and "\n" not in "".join(parts) else " ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "wikilink":
            target = child.meta["target"]
            note = target.split("#", 1)[0] or target.lstrip("#")
            parts.append(child.meta["alias"] or title_from_name(note))
        elif kind == "obsidian_embed":
            target = child.meta["target"]
            if Path(target).suffix.lower() in IMAGE_SUFFIXES:
                images.append(target)
        elif kind == "image":
            images.append(str(child.attrs.get("src", "")))
        # html_inline and anything unknown is not spoken
    return TAG.sub("", "".join(parts))


def _blocks(tokens: list[Token]) -> list[_Block]:
    """Paragraphs, headings and list items of a token range, one block per line.

    Code blocks and HTML blocks are never read aloud: they have no inline tokens.
    """
    blocks: list[_Block] = []
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        is_callout = (
            i >= 2
            and tokens[i - 1].type == "paragraph_open"
            and tokens[i - 2].type == "blockquote_open"
            and CALLOUT.match(token.content.split("\n", 1)[0]) is not None
        )
        images: list[str] = []
        text = _inline_text(token, images, callout=is_callout)
        line = token.map[0] + 1 if token.map else 0
        lines = [part.strip() for part in text.split("\n")]
        lines = [part for part in lines if part] or ([""] if images else [])
        for offset, part in enumerate(lines):
            blocks.append(_Block(part, line + offset if token.map and offset < token.map[1] - token.map[0] else line, images if offset == 0 else []))
    return blocks


def _top_level(tokens: list[Token]) -> Iterable[tuple[Token, list[Token]]]:
    """Each top-level block: its opening token and all tokens inside it."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.nesting == 1:
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
            yield token, tokens[i : j + 1]
            i = j + 1
        else:
            yield token, [token]
            i += 1


def _list_items(tokens: list[Token]) -> Iterable[tuple[Token, list[Token]]]:
    """The items of one list (tokens without the list's own open and close)."""
    yield from ((t, body) for t, body in _top_level(tokens[1:-1]) if t.type == "list_item_open")


def _decode(raw: bytes, path: Path, notices: list[Notice]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        notices.append(Notice("not UTF-8; read as Windows-1250 (save it as UTF-8 to silence this)", path))
        return raw.decode("cp1250", errors="replace")


def _strip_comments(text: str, path: Path, notices: list[Notice]) -> str:
    """Remove ``%% comments %%``, keeping line numbers (each comment keeps its newlines)."""

    def blank(match: re.Match[str]) -> str:
        if not match.group().endswith("%%") or match.group() == "%%":
            line = text.count("\n", 0, match.start()) + 1
            notices.append(Notice("comment '%%' is never closed; the rest of the note is skipped", path, line))
        return "\n" * match.group().count("\n")

    return COMMENT.sub(blank, text)


def parse_note(text: str, path: Path, notices: list[Notice] | None = None) -> NoteContent:
    """Parse one note's Markdown into front matter, heading, intro and numbered points."""
    notices = notices if notices is not None else []
    text = _strip_comments(text.replace("\r\n", "\n").replace("\r", "\n"), path, notices)
    tokens = make_parser().parse(text)
    front: dict = {}
    heading: str | None = None
    intro: list[_Block] = []
    points: list[tuple[int, list[_Block]]] = []
    for opening, body in _top_level(tokens):
        if opening.type == "front_matter":
            front = _front_matter(opening, path, notices)
        elif opening.type == "heading_open" and opening.tag == "h1" and heading is None and not points and not intro:
            heading = _inline_text(body[1], []).strip() or None
        elif opening.type == "ordered_list_open":
            for item, item_tokens in _list_items(body):
                number = int(item.info) if item.info.isdigit() else len(points) + 1
                points.append((number, _blocks(item_tokens)))
        else:
            (points[-1][1] if points else intro).extend(_blocks(body))
    return NoteContent(front, heading, intro, points)


def _front_matter(token: Token, path: Path, notices: list[Notice]) -> dict:
    try:
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        notices.append(Notice("front matter is not valid YAML; ignored", path, (mark.line + 2) if mark else 1))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        notices.append(Notice("front matter is not a mapping; ignored", path, 1))
        return {}
    return data


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _point(number: int | None, blocks: list[_Block], fallback_line: int) -> Point:
    text = "\n".join(b.text for b in blocks if b.text)
    images = tuple(img for b in blocks for img in b.images)
    line = blocks[0].line if blocks else fallback_line
    return Point(number=number, text=text, line=line, images=images)


def read_chapter(path: Path, notes_root: Path, notices: list[Notice]) -> Chapter:
    """Read one note file into a Chapter."""
    rel = path.relative_to(notes_root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotesError(f"cannot read note: {exc.strerror}", path=path, hint="check the file's permissions") from None
    content = parse_note(_decode(raw, rel, notices), rel, notices)
    title = content.front_matter.get("title")
    title = str(title).strip() if title else (content.heading or title_from_name(path.stem))
    points = [_point(number, blocks, 1) for number, blocks in content.points]
    intro = _point(None, content.intro, 1) if any(b.text or b.images for b in content.intro) else None
    if not points:
        if intro is None or not intro.text:
            notices.append(Notice("note has no text to speak; skipped", rel))
        else:
            notices.append(Notice("note has no numbered points; spoken as one point", rel, intro.line))
    return Chapter(
        title=title,
        source=rel,
        points=tuple(points),
        intro=intro,
        date=_as_date(content.front_matter.get("date")),
    )


def _note_files(folder: Path, root: Path, notices: list[Notice]) -> list[Path]:
    files = []
    for entry in sorted(folder.iterdir(), key=lambda p: natural_key(p.name)):
        if entry.suffix.lower() not in NOTE_SUFFIXES or entry.name.startswith("."):
            continue
        if entry.is_symlink() and not _inside(entry, root):
            notices.append(Notice("symbolic link points outside the notes folder; skipped", entry.relative_to(root)))
            continue
        if entry.is_file():
            files.append(entry)
    return files


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root.resolve())
        return True
    except (OSError, RuntimeError, ValueError):
        return False


class Attachments:
    """Finds embedded files the way Obsidian does, never outside the vault.

    ``![[slide.png]]`` names a file anywhere in the vault (the shortest path
    wins); a name with a folder is taken relative to the vault or the note.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._by_name: dict[str, list[Path]] | None = None

    def _index(self) -> dict[str, list[Path]]:
        if self._by_name is None:
            found: dict[str, list[Path]] = {}
            for folder, dirs, files in os.walk(self.root):
                dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
                for name in files:
                    found.setdefault(name.casefold(), []).append(Path(folder) / name)
            for paths in found.values():
                paths.sort(key=lambda p: (len(p.parts), str(p)))
            self._by_name = found
        return self._by_name

    def find(self, name: str, note: Path) -> Path | None:
        """The file ``name`` embedded in ``note`` (relative to the vault), or None."""
        name = name.split("#", 1)[0].strip()
        if not name:
            return None
        if "/" in name:
            for base in (self.root / note.parent, self.root):
                candidate = (base / name).resolve()
                if candidate.is_file() and candidate.is_relative_to(self.root):
                    return candidate
            return None
        for candidate in self._index().get(Path(name).name.casefold(), []):
            resolved = candidate.resolve()
            if resolved.is_file() and resolved.is_relative_to(self.root):
                return resolved
        return None


def read_vault(notes_dir: Path | str, start_date: dt.date | None = None) -> Vault:
    """Read every note under ``notes_dir``: each sub-folder is an Episode.

    Notes lying directly in ``notes_dir`` form one more episode named after it.
    Raises :class:`NotesError` when the folder is missing or holds no notes.
    """
    root = Path(notes_dir)
    if not root.is_dir():
        raise NotesError("notes folder not found", path=root, hint="create it or pass the folder: lecture-audio render NOTES")
    vault = Vault(root=root)
    folders = [
        d
        for d in sorted(root.iterdir(), key=lambda p: natural_key(p.name))
        if d.is_dir() and d.name not in SKIPPED_DIRS and not d.name.startswith(".")
    ]
    groups: list[tuple[Path, list[Path]]] = []
    loose = _note_files(root, root, vault.notices)
    if loose:
        groups.append((root, loose))
    for folder in folders:
        if folder.is_symlink() and not _inside(folder, root):
            vault.notices.append(Notice("symbolic link points outside the notes folder; skipped", folder.relative_to(root)))
            continue
        files = _note_files(folder, root, vault.notices)
        if files:
            groups.append((folder, files))
    for folder, files in groups:
        chapters = [read_chapter(f, root, vault.notices) for f in files]
        chapters = [c for c in chapters if c.points or (c.intro and c.intro.text)]
        if not chapters:
            continue
        number = len(vault.episodes) + 1
        dates = [c.date for c in chapters if c.date]
        date = min(dates) if dates else (start_date + dt.timedelta(weeks=number - 1) if start_date else None)
        title = folder.name if folder != root else title_from_name(root.resolve().name)
        vault.episodes.append(
            Episode(
                title=title,
                slug=slugify(title) or f"episode-{number}",
                source=folder.relative_to(root),
                chapters=tuple(chapters),
                number=number,
                date=date,
            )
        )
    if not vault.episodes:
        raise NotesError(
            "no notes with text to speak",
            path=root,
            hint="add Markdown notes in a sub-folder per episode, e.g. notes/Zjazd 1/1. Wstęp.md",
        )
    return vault
