"""Messy vaults: every case in tests/vaults/ runs through the CLI and gives correct
output or a clear one-line warning/error, never a traceback.

Each case is a folder with a ``notes/`` vault (files stored byte-exact: see
.gitattributes) and an ``expected.yaml``:

    about: what the case shows
    args: [normalize, notes, --json]     # the default; render cases get voices/ copied in
    setup: [...]                         # made at run time: symlink, unreadable, generate, raw_name, fifo, write
    exit_code: 0                         # the default
    messages: [...]                      # stderr lines, exact or {re: ...}; no other stderr lines allowed
    stdout: [...]                        # lines that must be on stdout (render's summary)
    max_seconds: 20
    json: {episodes, titles, chapters: {source: {title, numbers, texts, lines, count, first, last}},
           only_chapters, contains, not_contains}   # normalize --json checks (contains: casefolded)
    files / absent / file_contains / file_not_contains / safe_output_names   # render checks
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import traceback
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lecture_audio.cli import main
from lecture_audio.notes import Attachments, parse_note, read_vault

REPO = Path(__file__).resolve().parent.parent
VAULTS = Path(__file__).resolve().parent / "vaults"
CASES = sorted(p for p in VAULTS.iterdir() if (p / "expected.yaml").is_file())
# What the Polish voice can say (the normalizer's promise): checked on every spoken point.
SPEAKABLE = re.compile(r"^[a-ząćęłńóśźżA-ZĄĆĘŁŃÓŚŹŻ .,?!:;]*$")
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 30, [c.name for c in CASES]


def _setup(step: dict, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "symlink" in step:
        link = project / step["symlink"]
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(step["to"], link)
    elif "unreadable" in step:
        # CI runs as root, where chmod 000 does not stop a read: make reading this file fail instead.
        target = (project / step["unreadable"]).resolve()
        target.chmod(0)
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.resolve() == target:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    elif "generate" in step:
        words = " ".join(["słowo"] * 16_000) + "."
        blob = "QUJD" * 500
        text = "".join(step["line"].format(i=i, words=words, blob=blob) for i in range(1, step["count"] + 1))
        path = project / step["generate"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    elif "raw_name" in step:
        folder = os.fsencode(project / step["raw_name"])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, step["name_latin1"].encode("latin-1")), "wb") as handle:
            handle.write(step["text"].encode("utf-8"))
    elif "fifo" in step:
        os.mkfifo(project / step["fifo"])  # reading it would block forever
    elif "write" in step:
        form = "NFD" if step.get("nfd") else "NFC"
        path = project / unicodedata.normalize(form, step["write"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(unicodedata.normalize(form, step["text"]), encoding="utf-8")
    else:
        raise AssertionError(f"unknown setup step {step}")


def _matches(expected: str | dict, line: str) -> bool:
    if isinstance(expected, dict):
        return re.fullmatch(expected["re"], line) is not None
    return expected == line


def _check_lines(stream: str, expected: list, strict: bool, what: str) -> None:
    lines = stream.splitlines()
    for want in expected:
        assert any(_matches(want, line) for line in lines), f"{what} lacks {want!r}:\n{stream}"
    if strict:
        extra = [line for line in lines if not any(_matches(want, line) for want in expected)]
        assert not extra, f"unexpected {what} lines: {extra}"


def _check_json(spec: dict, stdout: str) -> None:
    data = json.loads(stdout)
    episodes = data["episodes"]
    chapters = {c["source"]: c for e in episodes for c in e["chapters"]}
    points = [p for c in chapters.values() for p in c["points"]]
    for point in points:
        assert SPEAKABLE.match(point["text"]), f"not speakable: {point['text']!r}"
        assert point["number"] is None or isinstance(point["number"], int)
    spoken = "\n".join(p["text"] for p in points).casefold()
    if "episodes" in spec:
        assert [e["title"] for e in episodes] == spec["episodes"]
    if "titles" in spec:
        assert [c["title"] for c in chapters.values()] == spec["titles"]
    unknown = set(spec) - {"episodes", "titles", "chapters", "only_chapters", "contains", "not_contains"}
    assert not unknown, f"unknown json checks {unknown}"
    for source, want in spec.get("chapters", {}).items():
        assert not set(want) - {"title", "numbers", "texts", "count", "first", "last"}, f"unknown checks in {want}"
        assert source in chapters, f"no chapter {source!r} in {list(chapters)}"
        chapter = chapters[source]
        numbers = [p["number"] for p in chapter["points"]]
        if "title" in want:
            assert chapter["title"] == want["title"]
        if "numbers" in want:
            assert numbers == want["numbers"]
        if "texts" in want:
            assert [p["text"] for p in chapter["points"]] == want["texts"]
        if "count" in want:
            assert len(numbers) == want["count"]
        if "first" in want:
            assert numbers[: len(want["first"])] == want["first"]
        if "last" in want:
            assert numbers[-1] == want["last"]
    if spec.get("only_chapters"):
        assert sorted(chapters) == sorted(spec["chapters"])
    for text in spec.get("contains", []):
        assert text.casefold() in spoken, f"{text!r} is not spoken:\n{spoken[:2000]}"
    for text in spec.get("not_contains", []):
        assert text.casefold() not in spoken, f"{text!r} is spoken:\n{spoken[:2000]}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_messy_vault(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    known = {"about", "args", "setup", "exit_code", "messages", "stdout", "max_seconds", "json", "files", "absent",
             "file_contains", "file_not_contains", "safe_output_names"}
    assert not set(spec) - known, f"unknown keys in {case.name}/expected.yaml: {set(spec) - known}"
    project = tmp_path / "project"
    shutil.copytree(case, project, symlinks=True, ignore=shutil.ignore_patterns("expected.yaml"))
    args = [str(a) for a in spec.get("args", ["normalize", "notes", "--json"])]
    if args[0] == "render":
        shutil.copytree(REPO / "voices", project / "voices")
    (project / "notes").mkdir(exist_ok=True)
    for step in spec.get("setup", []):
        _setup(step, project, monkeypatch)
    monkeypatch.chdir(project)

    started = time.perf_counter()
    result = CliRunner().invoke(main, args)
    elapsed = time.perf_counter() - started

    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"{case.name}: the CLI raised instead of a one-line message:\n{trace}")
    assert "Traceback" not in result.output
    assert result.exit_code == spec.get("exit_code", 0), result.output
    _check_lines(result.stderr, spec.get("messages", []), strict=True, what="stderr")
    if result.exit_code:
        assert sum(line.startswith("error: ") for line in result.stderr.splitlines()) == 1
    else:
        assert "error: " not in result.stderr
    _check_lines(result.stdout, spec.get("stdout", []), strict=False, what="stdout")
    if "max_seconds" in spec:
        assert elapsed < spec["max_seconds"], f"took {elapsed:.1f} s"
    if "json" in spec:
        _check_json(spec["json"], result.stdout)
    for name in spec.get("files", []):
        assert (project / name).is_file(), f"no {name}: {sorted(os.listdir(project / 'output'))}"
    for name in spec.get("absent", []):
        assert not (project / name).exists(), f"{name} exists"
    for name, texts in spec.get("file_contains", {}).items():
        content = (project / name).read_text(encoding="utf-8")
        for text in texts:
            assert text in content, f"{name} lacks {text!r}"
    for name, texts in spec.get("file_not_contains", {}).items():
        content = (project / name).read_text(encoding="utf-8")
        for text in texts:
            assert text not in content, f"{name} has {text!r}"
    if spec.get("safe_output_names"):
        for path in (project / "output").rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                for part in path.relative_to(project / "output").parts:
                    assert SAFE_NAME.match(part), f"unsafe output name {part!r}"


# --- the same cases, below the CLI ---------------------------------------------


def test_a_two_megabyte_note_of_5000_points_parses_in_seconds(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "Wykład 1"
    folder.mkdir(parents=True)
    point = "{i}. Punkt numer {i}: model uczy się na danych treningowych, a potem sprawdzamy go na zbiorze testowym i liczymy metryki jakości, na przykład dokładność, precyzję, czułość oraz F1 na danych walidacyjnych.\n"
    detail = "   - szczegół o walidacji krzyżowej, regularyzacji modelu i doborze hiperparametrów na zbiorze walidacyjnym\n" * 2
    text = "".join(point.format(i=i) + detail for i in range(1, 5001))
    (folder / "1. Długa.md").write_text(text, encoding="utf-8")
    assert len(text.encode("utf-8")) > 2_000_000
    started = time.perf_counter()
    vault = read_vault(tmp_path / "notes")
    elapsed = time.perf_counter() - started
    points = vault.episodes[0].chapters[0].points
    assert [p.number for p in points] == list(range(1, 5001))
    assert points[-1].line == 14998 and "regularyzacji" in points[-1].text
    assert elapsed < 8, f"{elapsed:.1f} s"


def test_points_after_a_paragraph_keep_the_files_line_numbers() -> None:
    notices: list = []
    note = parse_note("Wstęp do tematu:\n3. Trzeci.\n4. Czwarty.\n\nAkapit\n7. Siódmy.\n\nW roku\n2025. był rekord.\n", Path("x.md"), notices)
    assert [b.line for b in note.intro] == [1]
    assert [(n, [(b.text, b.line) for b in blocks]) for n, blocks in note.points] == [
        (3, [("Trzeci.", 2)]),
        (4, [("Czwarty.", 3), ("Akapit", 5)]),
        (7, [("Siódmy.", 6), ("W roku 2025. był rekord.", 8)]),
    ]
    assert [(str(n.path), n.line) for n in notices] == [("x.md", 2), ("x.md", 6)]


def test_attachments_never_leave_the_vault(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / "Wykład 1").mkdir(parents=True)
    (vault / "Wykład 1" / "slajd.png").write_bytes(b"png")
    (tmp_path / "poza.png").write_bytes(b"png")
    (vault / "link.png").symlink_to(tmp_path / "poza.png")
    (vault / "petla.png").symlink_to("petla.png")
    found = Attachments(vault)
    note = Path("Wykład 1/1. Notatka.md")
    assert found.find("slajd.png", note) == (vault / "Wykład 1" / "slajd.png").resolve()
    for name in ("../poza.png", "../../poza.png", str(tmp_path / "poza.png"), "link.png", "petla.png", "a\x00.png", "/etc/passwd", "../../../../etc/passwd"):
        assert found.find(name, note) is None, name
