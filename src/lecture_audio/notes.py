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
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from slugify import slugify

from .errors import NotesError
from .model import Chapter, Episode, Notice, Point, Vault

NOTE_SUFFIXES = {".md", ".markdown"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif"}
# Obsidian's own folders and the trash never hold lecture content.
SKIPPED_DIRS = {".obsidian", ".trash", ".git"}

# ``%% comments %%``, but not inside code: ``%%timeit`` in a fenced block or a
# code span is code, as in Obsidian. Fences and spans match first and are kept.
COMMENT = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<mark>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=mark)[ \t]*$|\Z))"
    r"|(?P<span>(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?P=ticks))"
    r"|(?P<comment>%%.*?(?:%%|\Z))",
    re.DOTALL | re.MULTILINE,
)
LEADING_NUMBER = re.compile(r"^\s*\d+(?:[.)]|\s)\s*")
TAG = re.compile(r"(?<![\w&/])#(?=[\w/-]*[^\W\d_])[\w/-]+")
CALLOUT = re.compile(r"^\[!([\w-]+)\][+-]?[ \t]*(.*)$")
DANGLING_LINK = re.compile(r"!?\[\[|\]\]")
STRAY_COMMENT_MARK = re.compile(r"(`[^`]*`)|%%+")  # outside code spans (`%%timeit` is code)
# Obsidian's ==highlight== (its text is read) and a block's ID ("... ^abc-1" at its end, a link target).
HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
BLOCK_ID = re.compile(r"(?:^|\s)\^[A-Za-z0-9-]+\s*$")
# Display math ("$$...$$") is read aloud only when it is one short formula: a single line of
# at most this many characters, with no line breaks or alignment ("\\", "&", "\begin{...}").
# A derivation over several lines does not read well and stays unsaid, like a code block.
DISPLAY_MATH_MAX = 80
DISPLAY_MATH_BLOCKED = re.compile(r"\\\\|&|\\begin\b")
TASK = re.compile(r"^\[[ xX/>!?*-]\][ \t]+")  # "- [ ] todo", "- [x] done": the box is not spoken
BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
# A line a lecturer means as a numbered point, e.g. "3. Trzeci" (up to 3 digits: "2025. roku" is a year).
POINT_LINE = re.compile(r"^ {0,3}(\d{1,3})[.)][ \t]+\S")
FRONT_MATTER_START = re.compile(r"^---[ \t]*(?:\n|$)")
# Deep enough for 90-odd levels of nested lists (markdown-it's default, 20, silently drops
# text nested deeper than about 9 levels); deeper still costs Python recursion.
MAX_NESTING = 200
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# Control characters but newline and tab, and format characters (zero-width spaces, direction
# marks, BOM): Unicode's categories Cc and Cf, written out once (scanning all code points at
# start-up cost 0.2 s of every render).
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


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


def make_parser(max_nesting: int = MAX_NESTING) -> MarkdownIt:
    """The Markdown parser for notes: CommonMark, tables, ~~strikethrough~~, front matter, wikilinks, footnotes, $math$."""
    md = MarkdownIt("commonmark", {"maxNesting": max_nesting}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.use(footnote_plugin)
    # Obsidian's math: "$x^2$" and "$$...$$"; "5$ i 10$" (money) is not math.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
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
    struck = 0  # inside ~~struck-out~~ text: crossed out in the notes, so not said
    for child in token.children or []:
        kind = child.type
        if kind in ("s_open", "s_close"):
            struck += 1 if kind == "s_open" else -1
            continue
        if struck > 0 and kind not in ("obsidian_embed", "image"):
            continue
        if kind == "text":
            # A "[[" or "![[" never closed (a note saved mid-edit) is not spoken as brackets.
            content = DANGLING_LINK.sub("", child.content)
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
            parts.append(DANGLING_LINK.sub("", child.meta["alias"] or title_from_name(note)))
        elif kind == "obsidian_embed":
            target = child.meta["target"]
            if Path(target).suffix.lower() in IMAGE_SUFFIXES:
                images.append(target)
        elif kind == "image":
            images.append(str(child.attrs.get("src", "")))
        elif kind == "html_inline" and BREAK_TAG.match(child.content.strip()):
            parts.append("\n")
        elif kind == "math_inline":
            # Passed on with its dollars: the normalizer reads the LaTeX aloud (or leaves it
            # unsaid when it has no words for a command).
            content = " ".join(DANGLING_LINK.sub("", child.content).split())  # "$![[$": no link marks
            parts.append(f"${content}$" if content else "")
        elif kind == "math_inline_double":
            parts.append(short_display_math(child.content))  # "$$E = mc^2$$": read if short
        # other html_inline, footnote references and anything unknown is not spoken
    text = BLOCK_ID.sub("", HIGHLIGHT.sub(r"\1", TAG.sub("", "".join(parts))))
    # Comments are gone before parsing; a "%%" now was joined by what was dropped ("%<b>%", "%[[%").
    return STRAY_COMMENT_MARK.sub(lambda m: m.group(1) or "%", text)


def short_display_math(content: str) -> str:
    """Display math as inline ``$...$`` for the normalizer when it is one short formula, else "".

    "$$\\hat{y} = Xw$$" (also written over three lines, the dollars on their own) is read;
    an aligned derivation, a matrix or anything longer than ``DISPLAY_MATH_MAX`` is not.
    """
    formula = DANGLING_LINK.sub("", content).strip()
    if not formula or "\n" in formula or len(formula) > DISPLAY_MATH_MAX or DISPLAY_MATH_BLOCKED.search(formula):
        return ""
    return f" ${' '.join(formula.split())}$ "


def _blocks(tokens: list[Token]) -> list[_Block]:
    """Paragraphs, headings and list items of a token range, one block per line.

    Code blocks and HTML blocks are never read aloud: they have no inline tokens.
    """
    blocks: list[_Block] = []
    row: list[str] | None = None  # the cells of the table row being read
    header: list[str] = []  # the header cells of the table being read
    in_head = False
    body_rows = 0
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            header, body_rows = [], 0
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
            continue
        if token.type == "table_close" and not body_rows and any(header):
            blocks.append(_Block(", ".join(c for c in header if c), token_line(tokens, i)))  # a header alone
            continue
        if token.type == "tr_open":
            row = []
            continue
        if token.type == "tr_close" and row is not None:
            if in_head:
                header = row  # said with each cell below it, not alone
                row = None
                continue
            # A table row is spoken as one line: its cells separated by commas, each after its
            # column's header when the table has one ("Zjazd 1, Data 12.10, Sala 2.13"): a listener
            # cannot see which column "12.10" or "2.13" is in.
            if len(header) == len(row):
                row = [f"{h} {c}" if h and c and h != c else c for h, c in zip(header, row)]
            cells = [cell for cell in row if cell]
            if cells:
                blocks.append(_Block(", ".join(cells), token_line(tokens, i)))
                body_rows += 1
            row = None
            continue
        if token.type == "math_block" and row is None and (formula := short_display_math(token.content).strip()):
            blocks.append(_Block(formula, token.map[0] + 1 if token.map else token_line(tokens, i)))
            continue
        if token.type != "inline":
            continue
        if row is not None:
            row.append(" ".join(_inline_text(token, []).split()))
            continue
        is_callout = (
            i >= 2
            and tokens[i - 1].type == "paragraph_open"
            and tokens[i - 2].type == "blockquote_open"
            and CALLOUT.match(token.content.split("\n", 1)[0]) is not None
        )
        images: list[str] = []
        text = _inline_text(token, images, callout=is_callout)
        if i >= 2 and tokens[i - 1].type == "paragraph_open" and tokens[i - 2].type == "list_item_open":
            text = TASK.sub("", text, count=1)
        line = token.map[0] + 1 if token.map else 0
        lines = [part.strip() for part in text.split("\n")]
        lines = [part for part in lines if part] or ([""] if images else [])
        for offset, part in enumerate(lines):
            blocks.append(_Block(part, line + offset if token.map and offset < token.map[1] - token.map[0] else line, images if offset == 0 else []))
    return blocks


def token_line(tokens: list[Token], i: int) -> int:
    """The 1-based line of the nearest token at or before ``i`` that has one (0 if none)."""
    for token in reversed(tokens[: i + 1]):
        if token.map:
            return token.map[0] + 1
    return 0


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
    # Notepad's "Unicode" is UTF-16 with a byte order mark; read as cp1250 it would be NULs and garbage.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        notices.append(Notice("not UTF-8; read as Windows-1250 (save it as UTF-8 to silence this)", path))
        return raw.decode("cp1250", errors="replace")


def _strip_comments(text: str, path: Path, notices: list[Notice]) -> str:
    """Remove ``%% comments %%``, keeping line numbers (each comment keeps its newlines)."""

    def blank(match: re.Match[str]) -> str:
        if match.group("comment") is None:
            return match.group()  # code: kept as written
        if not match.group().endswith("%%") or match.group() == "%%":
            line = text.count("\n", 0, match.start()) + 1
            notices.append(Notice("comment '%%' is never closed; the rest of the note is skipped", path, line))
        return "\n" * match.group().count("\n")

    return COMMENT.sub(blank, text)


def clean_text(text: str, path: Path | None = None, notices: list[Notice] | None = None) -> str:
    """Text as the parser should see it: one kind of line end, NFC, no invisible or control characters.

    Control characters (NUL, ESC, ...) are dropped with a notice; format characters
    (zero-width spaces, direction marks, a stray BOM) are dropped silently: nobody sees them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", text)
    control = CONTROL.search(text)
    if control is not None and notices is not None:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        notices.append(Notice(f"control characters (first: {code}) are not text; ignored", path, line))
    return INVISIBLE.sub("", text)


def _parse(text: str, path: Path, notices: list[Notice]) -> list[Token]:
    """Tokens of a note; deeper nesting than the parser allows is a notice, never a crash."""
    try:
        tokens = make_parser().parse(text)
        limit = MAX_NESTING
    except RecursionError:
        tokens = make_parser(20).parse(text)
        limit = 20
    for token in tokens:
        # markdown-it stops reading a container nested at its limit: say so rather than lose text silently.
        if token.nesting == 1 and token.level + 1 >= limit and token.map:
            notices.append(Notice(f"nested more than {limit // 2} levels deep; the deeper text is not spoken (flatten the list)", path, token.map[0] + 1))
            break
    return tokens


def _unstarted_lists(tokens: list[Token]) -> list[int]:
    """0-based lines of numbered points that CommonMark reads as paragraph text.

    CommonMark lets only a list starting at 1 interrupt a paragraph, so in
    "Wstęp:\n3. Trzeci\n4. Czwarty" the points are text. A lecturer means points.
    """
    lines = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and token.level == 1 and token.map and tokens[i - 1].type == "paragraph_open":
            for offset, line in enumerate(token.content.split("\n")[1:], start=1):
                if POINT_LINE.match(line):
                    lines.append(token.map[0] + offset)
                    break  # the lines after it become that list's items (or their text)
    return lines


def parse_note(text: str, path: Path, notices: list[Notice] | None = None) -> NoteContent:
    """Parse one note's Markdown into front matter, heading, intro and numbered points."""
    notices = notices if notices is not None else []
    text = _strip_comments(clean_text(text, path, notices), path, notices)
    tokens = _parse(text, path, notices)
    # Numbered points right after a paragraph line: an empty line before each makes them a list.
    # Line numbers stay the file's: ``origin`` remembers where empty lines went in.
    origin: list[int | None] = []  # per line of the parsed text: the file's line, None for an added one
    for _ in range(10):
        breaks = _unstarted_lists(tokens)
        if not breaks:
            break
        lines = text.split("\n")
        origin = origin or list(range(len(lines)))
        for line in sorted(breaks):
            notices.append(Notice("numbered point right after a paragraph line; read as a point (put an empty line before it)", path, _original_line(line, origin) + 1))
        for line in sorted(breaks, reverse=True):
            lines.insert(line, "")
            origin.insert(line, None)
        text = "\n".join(lines)
        tokens = _parse(text, path, [])
    if origin:
        for token in tokens:
            if token.map:
                token.map = [_original_line(n, origin) for n in token.map]
    front: dict = {}
    heading: str | None = None
    intro: list[_Block] = []
    points: list[tuple[int, list[_Block]]] = []
    if FRONT_MATTER_START.match(text) and not (tokens and tokens[0].type == "front_matter"):
        notices.append(Notice("front matter '---' is never closed; read as note text (end it with a '---' line)", path, 1))
    seen: dict[int, int] = {}
    for opening, body in _top_level(tokens):
        if opening.type == "front_matter":
            front = _front_matter(opening, path, notices)
        elif opening.type == "footnote_block_open":
            continue  # footnotes are references, not spoken
        elif opening.type == "heading_open" and opening.tag == "h1" and heading is None and not points and not intro:
            heading = _inline_text(body[1], []).strip() or None
        elif opening.type == "ordered_list_open":
            for item, item_tokens in _list_items(body):
                number = int(item.info) if item.info.isdigit() else len(points) + 1
                line = item.map[0] + 1 if item.map else None
                if number in seen and seen[number] > 0:
                    notices.append(Notice(f"point number {number} is used again (first on line {seen[number]}); numbers are kept as written", path, line))
                    seen[number] = -1  # said once per number
                seen.setdefault(number, line or 0)
                points.append((number, _blocks(item_tokens)))
        else:
            (points[-1][1] if points else intro).extend(_blocks(body))
    return NoteContent(front, heading, intro, points)


def _original_line(line: int, origin: list[int | None]) -> int:
    """The file's 0-based line for a line of the parsed text (which has empty lines added)."""
    return line - sum(1 for o in origin[:line] if o is None)


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
        raise NotesError(f"cannot read note: {exc.strerror or exc}", path=path, hint="check the file's permissions") from None
    content = parse_note(_decode(raw, rel, notices), rel, notices)
    title = content.front_matter.get("title")
    if isinstance(title, (list, dict, bool)):
        # "title: [a, b]" would be announced as "['a', 'b']".
        notices.append(Notice("front matter 'title' is not text; ignored", rel, 1))
        title = None
    title = str(title).strip() if title else (content.heading or title_from_name(path.stem))
    title = " ".join(clean_text(title).split()) or title_from_name(path.stem)
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


def _entries(folder: Path, root: Path) -> list[Path]:
    """A folder's entries in natural order; an unreadable folder is an error naming it."""
    try:
        return sorted(folder.iterdir(), key=lambda p: natural_key(p.name))
    except OSError as exc:
        raise NotesError(f"cannot read folder: {exc.strerror or exc}", path=folder, hint="check the folder's permissions") from None


def _shown(path: Path) -> Path:
    """``path`` as it can be printed: a name that is not UTF-8 gets replacement characters."""
    return Path(os.fsencode(path).decode("utf-8", errors="replace"))


def _unusable(entry: Path, root: Path, notices: list[Notice]) -> bool:
    """True (with a notice) for an entry that must not be read: a name that is not UTF-8,
    a symbolic link that is broken, loops or leads out of the notes folder."""
    rel = entry.relative_to(root)
    if any("\udc80" <= char <= "\udcff" for char in entry.name):
        # Such a name cannot be printed, put in the feed or the JSON: the lecturer renames it.
        notices.append(Notice("file name is not valid UTF-8; skipped (rename it)", _shown(rel)))
        return True
    if not entry.is_symlink():
        return False
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):
        notices.append(Notice("symbolic link is broken or loops; skipped", rel))
        return True
    if not target.is_relative_to(root.resolve()):
        notices.append(Notice("symbolic link points outside the notes folder; skipped", rel))
        return True
    return False


def _note_files(folder: Path, root: Path, notices: list[Notice]) -> list[Path]:
    files = []
    for entry in _entries(folder, root):
        if entry.name.startswith("."):
            continue
        if entry.suffix.lower() not in NOTE_SUFFIXES:
            if folder != root and entry.name not in SKIPPED_DIRS and _holds_notes(entry):
                notices.append(Notice("notes in a sub-folder of an episode are not read (move them up a level)", entry.relative_to(root)))
            continue
        if _unusable(entry, root, notices):
            continue
        if entry.is_file():
            files.append(entry)
        elif entry.is_dir():
            notices.append(Notice("is a folder, not a note; skipped", entry.relative_to(root)))
        else:
            notices.append(Notice("is not a regular file; skipped", entry.relative_to(root)))
    return files


def _holds_notes(folder: Path) -> bool:
    """Whether a (real, not linked) folder has notes directly in it."""
    try:
        return not folder.is_symlink() and folder.is_dir() and any(
            child.suffix.lower() in NOTE_SUFFIXES and not child.name.startswith(".") for child in folder.iterdir()
        )
    except OSError:
        return False


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
        # Containment is checked before the file is even looked at; a path that loops or
        # is not a valid name (NUL) is simply not found.
        if "/" in name:
            for base in (self.root / note.parent, self.root):
                found = self._inside_file(base / name)
                if found is not None:
                    return found
            return None
        for candidate in self._index().get(Path(name).name.casefold(), []):
            found = self._inside_file(candidate)
            if found is not None:
                return found
        return None

    def _inside_file(self, path: Path) -> Path | None:
        try:
            resolved = path.resolve()
            if resolved.is_relative_to(self.root) and resolved.is_file():
                return resolved
        except (OSError, RuntimeError, ValueError):
            pass
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
    groups: list[tuple[Path, list[Path]]] = []
    loose = _note_files(root, root, vault.notices)
    if loose:
        groups.append((root, loose))
    for folder in _entries(root, root):
        if folder.name in SKIPPED_DIRS or folder.name.startswith(".") or folder.suffix.lower() in NOTE_SUFFIXES:
            continue  # hidden, or a note (read above; "x.md/" folders were reported there)
        if not (folder.is_symlink() or folder.is_dir()) or _unusable(folder, root, vault.notices) or not folder.is_dir():
            continue
        files = _note_files(folder, root, vault.notices)
        if files:
            groups.append((folder, files))
    slugs: dict[str, str] = {}
    for folder, files in groups:
        chapters = [read_chapter(f, root, vault.notices) for f in files]
        chapters = [c for c in chapters if c.points or (c.intro and c.intro.text)]
        if not chapters:
            continue
        number = len(vault.episodes) + 1
        dates = [c.date for c in chapters if c.date]
        date = min(dates) if dates else (start_date + dt.timedelta(weeks=number - 1) if start_date else None)
        title = folder.name if folder != root else title_from_name(root.resolve().name)
        title = " ".join(clean_text(title).split()) or f"Odcinek {number}"
        # The slug names the MP3 and its files: ASCII, short enough for any file system, unique.
        base = slugify(title, max_length=60, word_boundary=True) or f"episode-{number}"
        slug, copy = base, 1
        while slug in slugs:
            copy += 1
            slug = f"{base}-{copy}"
        if slug != base:
            vault.notices.append(
                Notice(f"episode file name '{base}.mp3' is taken by '{slugs[base]}'; this one is '{slug}.mp3' (rename a folder)", folder.relative_to(root))
            )
        slugs[slug] = title
        vault.episodes.append(
            Episode(
                title=title,
                slug=slug,
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
