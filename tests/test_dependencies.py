"""The lock (requirements/*.txt) pins every dependency pyproject.toml declares, within its bounds."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, Version]:
    text = (REPO / "requirements" / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(line) for line in listed]


@pytest.mark.parametrize(("lock", "extras"), [("app.txt", ()), ("dev.txt", ("dev",))])
def test_the_lock_pins_every_declared_dependency_within_its_bounds(lock: str, extras: tuple[str]) -> None:
    pinned = pins(lock)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in requirements/{lock}: run `make lock`"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pinned[name]}, outside {requirement}: run `make lock`")


def test_the_app_and_dev_locks_agree() -> None:
    app, dev = pins("app.txt"), pins("dev.txt")
    assert {name: dev.get(name) for name in app} == app
