"""URLs, e-mail addresses and domain names: the site, not the path."""

from __future__ import annotations

import re

from ..context import Context
from ..tokens import Tok
from . import words


def host(c: Context, name: str) -> str:
    """A domain name: "github.com" -> "github kropka kom"."""
    parts = name.strip(".").split(".")
    said = []
    for idx, p in enumerate(parts):
        if not p:
            continue
        low = p.lower()
        if idx == len(parts) - 1 and low in c.rd.lex.extensions:
            said.append(c.rd.lex.extensions[low])
        else:
            said.append(" ".join(words.word(c, x) for x in re.split(r"[-_]", p) if x))
    return f" {c.rd.g.say['dot']} ".join(said)


def do_url(c: Context, t: Tok) -> None:
    url = t.text
    trail = re.search(r"[.,;:!?)\]]+$", url)
    if trail:
        url = url[: trail.start()]
    scheme = re.match(r"^(s3a?|gs|hdfs)://", url, flags=re.I)
    if scheme:
        c.emit(words.word(c, scheme.group(1)))  # "s3://my-bucket" -> "es trzy my baket": the storage is part of the name
    site = re.sub(r"^(?:https?|ftp|s3a?|gs|hdfs)://", "", url, flags=re.I)
    site = re.sub(r"^www\.", "", site, flags=re.I).split("/")[0].split("?")[0]
    site, _, port = site.partition(":")
    c.emit(host(c, site))
    if port.isdecimal():  # "http://localhost:5000": in a course the port is what you type
        c.emit(f"{c.rd.lex.code_symbols.get(':', ':')} {c.rd.num.cardinal(int(port))}")
    if trail:
        c.emit(trail.group().replace(")", ",").replace("]", ","))


def do_email(c: Context, t: Tok) -> None:
    local, domain = t.text.split("@", 1)
    names = c.rd.lex.code_symbols
    pieces = re.split(r"([._+-])", local)
    said = [names.get(p, "") if p in "._+-" else words.word(c, p) for p in pieces if p]
    at = c.rd.lex.symbols.get("@", c.rd.g.say["at"])
    c.emit(" ".join(filter(None, said)) + f" {at} " + host(c, domain))


def do_domain(c: Context, t: Tok) -> None:
    name = t.text.split("/")[0]
    said = c.rd.lookup(name)
    c.emit(said if said is not None else host(c, name))

