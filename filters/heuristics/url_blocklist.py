"""URL rules: a domain blocklist (shipped, extensible by file) and flagged words in the URL."""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from yisieve.filters.heuristics.word_lists import flagged_words
from yisieve.filters.rule import Measures, Rule, TextDocument

URL_WORD = re.compile(r"[a-z0-9]+")


def read_domains(lines: Iterable[str]) -> set[str]:
    """One domain per line; `#` comments, blank lines, `*.` / `.` prefixes allowed."""
    domains = set()
    for line in lines:
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            domains.add(entry.removeprefix("*.").removeprefix("."))
    return domains


def shipped_blocklist() -> set[str]:
    resource = importlib.resources.files("yisieve.filters").joinpath("resources/url_blocklist.txt")
    return read_domains(resource.read_text(encoding="utf-8").splitlines())


def url_host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


class UrlBlocklist(Rule):
    """The page's host, or any parent domain of it, is listed; or its URL holds a flagged word."""

    name = "url"

    def __init__(self, extra_files: Iterable[str] = (), banned_words: bool = True) -> None:
        self.extra_files = [str(path) for path in extra_files]
        self.banned_words = banned_words
        self.domains: set[str] = set()
        for path in self.extra_files:
            if not Path(path).is_file():
                raise FileNotFoundError(f"URL blocklist file not found: {path}")

    def setup(self) -> None:
        domains = shipped_blocklist()
        for path in self.extra_files:
            domains |= read_domains(Path(path).read_text(encoding="utf-8").splitlines())
        self.domains = domains
        self._words = frozenset(w for w in flagged_words("zh") if w.isascii())
        self._cjk_words = tuple(w for w in flagged_words("zh") if not w.isascii())

    def measure(self, doc: TextDocument) -> Measures:
        if not doc.url:
            return {"url_blocked_domain": False, "url_banned_word": False}
        if not self.domains:
            self.setup()
        host = url_host(doc.url)
        labels = host.split(".")
        blocked = any(".".join(labels[i:]) in self.domains for i in range(len(labels)))
        banned = False
        if self.banned_words:
            decoded = unquote(doc.url).lower()
            banned = any(word in self._words for word in URL_WORD.findall(decoded)) or any(
                word in decoded for word in self._cjk_words
            )
        return {"url_blocked_domain": blocked, "url_banned_word": banned}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        if measures["url_blocked_domain"]:
            return "url_blocklist"
        if measures["url_banned_word"]:
            return "url_banned_word"
        return None
