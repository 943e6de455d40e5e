"""Golden cases: every category of the normalizer, as data (golden.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lecture_audio.normalize import Normalizer

GOLDEN = yaml.safe_load((Path(__file__).parent / "golden.yaml").read_text(encoding="utf-8"))
CASES = [(cat, text, said) for cat, items in GOLDEN.items() for text, said in items.items()]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


def test_golden_file_is_big_enough() -> None:
    assert len(CASES) >= 300
    assert {"acronyms", "loanwords", "numbers", "ordinals", "units", "dates", "times", "symbols", "emoticons", "urls", "code"} <= set(GOLDEN)


@pytest.mark.parametrize(("category", "text", "expected"), CASES, ids=[f"{c}:{t[:40]}" for c, t, _ in CASES])
def test_golden(normalizer: Normalizer, category: str, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected
