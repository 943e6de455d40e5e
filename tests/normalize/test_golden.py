"""Golden cases: every category of the normalizer, as data (golden.yaml and golden/*.yaml).

``golden/<category>.yaml`` files have the format of golden.yaml (category: {text: spoken}), so new
categories are added as new files; a category may appear in more than one file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lecture_audio.normalize import Normalizer

HERE = Path(__file__).parent
FILES = [HERE / "golden.yaml", *sorted((HERE / "golden").glob("*.yaml"))]


def _cases(path: Path) -> list[tuple[str, str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(cat, str(text), str(said)) for cat, items in data.items() for text, said in items.items()]


CASES = [case for path in FILES for case in _cases(path)]
CATEGORIES = {cat for cat, _, _ in CASES}


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


def test_golden_file_is_big_enough() -> None:
    assert len(CASES) >= 300
    assert {"acronyms", "loanwords", "numbers", "ordinals", "units", "dates", "times", "symbols", "emoticons", "urls", "code"} <= CATEGORIES


@pytest.mark.parametrize(("category", "text", "expected"), CASES, ids=[f"{c}:{t[:40]}" for c, t, _ in CASES])
def test_golden(normalizer: Normalizer, category: str, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected
