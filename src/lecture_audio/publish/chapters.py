"""Podcasting 2.0 chapters: a JSON file per episode that apps fetch beside the MP3.

Format: https://github.com/Podcastindex-org/podcast-namespace (chapters 1.2.0),
linked from the feed with ``podcast:chapters`` and ``application/json+chapters``.
"""

from __future__ import annotations

import json

from ..assemble import Mark

CHAPTERS_VERSION = "1.2.0"
CHAPTERS_TYPE = "application/json+chapters"


def chapters_document(
    marks: list[Mark],
    *,
    title: str,
    podcast: str,
    author: str,
    file_name: str,
) -> dict:
    """The chapters document: one entry per mark (pictures are added by the caller as ``img``)."""
    chapters = [{"startTime": round(m.start, 3), "endTime": round(m.end, 3), "title": m.title} for m in marks]
    return {
        "version": CHAPTERS_VERSION,
        "title": title,
        "podcastName": podcast,
        "author": author,
        "fileName": file_name,
        "chapters": chapters,
    }


def chapters_json(document: dict) -> bytes:
    """Serialized chapters (UTF-8, Polish letters kept)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
