"""Every sentence of the sample notes has a reviewed spoken form (samples.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lecture_audio.normalize import Normalizer

HERE = Path(__file__).parent
NOTES = HERE.parents[1] / "notes" / "Zjazd 1"
SAMPLES = yaml.safe_load((HERE / "samples.yaml").read_text(encoding="utf-8"))
CASES = [(note, item["text"], item["say"]) for note, items in SAMPLES.items() for item in items]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


@pytest.mark.parametrize(("note", "text", "expected"), CASES, ids=[f"{n[:2]}{i}" for i, (n, _, _) in enumerate(CASES)])
def test_sample_sentence(normalizer: Normalizer, note: str, text: str, expected: str) -> None:
    assert normalizer.normalize(text) == expected


def test_every_sample_sentence_is_reviewed(normalizer: Normalizer) -> None:
    """Each title and sentence the notes reader gives has an expectation in samples.yaml."""
    from lecture_audio.notes import read_vault

    reviewed = {text for _, text, _ in CASES}
    for episode in read_vault(NOTES.parent).episodes:
        for chapter in episode.chapters:
            assert chapter.title in reviewed
            for point in chapter.spoken_points:
                for sentence in normalizer.split_sentences(point.text):
                    assert sentence in reviewed, f"{chapter.source}: no expectation for {sentence!r}"
