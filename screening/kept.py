"""Bounded in-process caches: a plain dict that is emptied when it is full.

The caches that use `keep` hold what is derived only from immutable data (instrument
versions, translations, templates, URLs), under keys that are few: languages, roles, form
classes, sections, endpoints. A working process needs far fewer entries than the bound, so
the bound is only reached by misuse or a leak; emptying the whole dict then is enough, and
it needs no bookkeeping on a hit (no order, no counts, no lock). Each cache says, where it
is made, why what it keeps may outlive a request.

The caches stay plain dicts on purpose: a hit is `found = cache.get(key)`, which CPython
runs on its fastest path only for an exact dict (a dict subclass, or a class around one,
makes every hit about a quarter slower). Only a miss calls `keep`.
"""

from __future__ import annotations

from typing import TypeVar

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def keep(cache: dict[_Key, _Value], key: _Key, value: _Value, limit: int) -> _Value:
    """Store `value` under `key`, first emptying `cache` when it holds `limit` entries;
    return `value` (so a miss reads `found = keep(cache, key, make(), LIMIT)`)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
