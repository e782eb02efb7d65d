"""The public suffix list, from the snapshot tldextract ships: never fetched, never cached.

tldextract's module-level `extract` (used by presidio's email recognizer) downloads the
Mozilla list on first use and writes a cache under $HOME. A crawl worker has no network and
may have no writable home, so this extractor is built with no URLs and no cache directory:
it reads the snapshot bundled in the wheel and nothing else.
"""

from __future__ import annotations

from functools import lru_cache

import tldextract


@lru_cache(maxsize=1)
def offline_extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def has_public_suffix(hostname: str) -> bool:
    """True when the host ends in a registered suffix (`.com`, `.com.cn`), per the snapshot."""
    return bool(offline_extractor()(hostname).suffix)
