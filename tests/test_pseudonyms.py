"""Case references that look like personal data are spotted."""

from __future__ import annotations

import pytest

from screening.pseudonyms import SHAPE, is_bsn, personal_data_signs


@pytest.mark.parametrize("reference", ["ALM-2026-014", "gezin 7", "Vos-3", "casus A", "K12"])
def test_pseudonyms_pass(reference: str) -> None:
    assert SHAPE.match(reference)
    assert personal_data_signs(reference) == []


@pytest.mark.parametrize(("reference", "sign"), [
    ("111222333", "bsn"),
    ("1112.22.333", "bsn"),
    ("12-03-2015", "date"),
    ("2015-03-12", "date"),
    ("12032015", "date"),
    ("Jan Jansen", "name"),
    ("Fatima el Amrani", "name"),
    ("Piet van der Berg", "name"),
])
def test_personal_data_is_spotted(reference: str, sign: str) -> None:
    assert sign in personal_data_signs(reference)


def test_elfproef() -> None:
    assert is_bsn("111222333")
    assert not is_bsn("111222334")
    assert not is_bsn("000000000")


@pytest.mark.parametrize("reference", ["", "a", "<script>", "x" * 41, "ref\n2"])
def test_shape_refuses(reference: str) -> None:
    assert not SHAPE.match(reference)
