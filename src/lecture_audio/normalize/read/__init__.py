"""The readers: one module per kind of token, each a set of small rules over a :class:`Context`."""

from __future__ import annotations

from typing import Callable

from ..context import Context
from ..speakable import finish
from ..tokens import Tok
from . import abbreviations, codes, dates, links, math, numbers, phones, ranges, symbols, units, words

__all__ = ["read_tokens"]


def read_tokens(c: Context) -> str:
    """Say every token of ``c`` in turn, each by the reader of its kind; the finished spoken text."""
    handlers: dict[str, Callable[[Context, Tok], None]] = {
        "code": codes.do_code,
        "math": math.do_math,
        "url": links.do_url,
        "email": links.do_email,
        "emo": lambda c, t: None,
        "abbr": abbreviations.do_abbr,
        "date": dates.do_date,
        "time": dates.do_time,
        "range": ranges.do_range,
        "phone": phones.do_phone,
        "sci": numbers.do_sci,
        "version": codes.do_version,
        "domain": links.do_domain,
        "path": codes.do_path,
        "ident": codes.do_ident,
        "num": numbers.do_num,
        "unit": units.do_unit,
        "frac": numbers.do_frac,
        "word": words.do_word,
        "numw": words.do_word,
        "space": lambda c, t: None,
        "sym": symbols.do_sym,
    }
    while c.i < len(c.t):
        t = c.t[c.i]
        if t.kind == "word" and words.phrase(c):
            continue
        handlers[t.kind](c, t)
        c.i += 1
    return finish(" ".join(c.out), c.fd)
