"""Bounded in-process caches: a plain dict that is emptied when it is full."""

from screening.kept import keep


def test_keeps_up_to_its_limit_then_starts_anew() -> None:
    cache: dict[int, str] = {}
    assert keep(cache, 1, "one", 2) == "one"
    keep(cache, 2, "two", 2)
    assert cache == {1: "one", 2: "two"}
    keep(cache, 2, "two again", 2)  # full: emptied first, even for a key it holds
    assert cache == {2: "two again"}
    keep(cache, 3, "three", 2)
    assert cache == {2: "two again", 3: "three"}
