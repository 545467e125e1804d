"""Need-to-know: a screening opens for its owner and colleagues it is shared with, no one else."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.factories import create_organisation, create_user, log_in
from tests.flows import answer_all, case_answers, start
from tests.helpers import csrf_token, submit, text_of


def screening_paths(app: Flask, screening_id: int) -> list[tuple[str, str]]:
    """Every route of one screening, with its methods, filled in for this screening."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "screening_id" not in rule.arguments or rule.endpoint.startswith("old_paths."):
            continue  # an old path only moves to its new one, which is checked here
        path = rule.rule.replace("<int:screening_id>", str(screening_id))
        path = re.sub(r"<int:\w+>", "1", path)
        path = re.sub(r"<\w+>", "context", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.append((method, path))
    return paths


@pytest.fixture
def owned(app: Flask, professional) -> int:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"))
    return screening_id


def logged_in(app: Flask, email: str, organisation_id: int, role: str = "professional"):
    create_user(app, organisation_id, email, role=role, name=email.split("@")[0].title())
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def assert_closed(app: Flask, client, screening_id: int, allowed: tuple[int, ...] = (404,)) -> None:
    token = csrf_token(client, "/screenings" if 404 in allowed else "/beheer/")
    paths = screening_paths(app, screening_id)
    assert len(paths) >= 10
    for method, path in paths:
        response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code in allowed, (method, path, response.status_code)
        assert "ALM-2026-001" not in text_of(response)


def test_a_colleague_without_a_share_gets_404_everywhere(app, owned, organisation_id) -> None:
    colleague = logged_in(app, "kim@example.nl", organisation_id)
    assert_closed(app, colleague, owned)
    assert "ALM-2026-001" not in text_of(colleague.get("/screenings"))
    assert colleague.get("/casussen/ALM-2026-001").status_code == 404


def test_another_organisation_gets_404_everywhere(app, owned) -> None:
    other = logged_in(app, "ander@example.nl", create_organisation(app, "Ander team", ("Enschede",)))
    assert_closed(app, other, owned)


def test_a_coordinator_cannot_open_a_screening(app, owned, coordinator) -> None:
    assert_closed(app, coordinator, owned, allowed=(403,))
    assert coordinator.get("/screenings").status_code == 403
    assert coordinator.get("/casussen/ALM-2026-001").status_code == 403


def test_sharing_opens_and_withdrawing_closes(app, owned, professional, organisation_id) -> None:
    colleague = logged_in(app, "kim@example.nl", organisation_id)
    assert colleague.get(f"/screenings/{owned}/uitkomst").status_code == 404
    page = f"/screenings/{owned}/delen"
    html = text_of(professional.get(page))
    user_id = re.search(r'<option value="(\d+)">Kim', html).group(1)
    response = submit(professional, page, {"colleague": user_id})
    assert response.status_code == 302
    assert colleague.get(f"/screenings/{owned}/uitkomst").status_code == 200
    assert "ALM-2026-001" in text_of(colleague.get("/screenings"))
    # A colleague it was shared with may not pass it on.
    assert colleague.get(page).status_code == 404
    share_id = re.search(r"/delen/(\d+)/intrekken", text_of(professional.get(page))).group(1)
    response = submit(professional, page, {}, action=f"{page}/{share_id}/intrekken")
    assert response.status_code == 302
    assert colleague.get(f"/screenings/{owned}/uitkomst").status_code == 404


def test_cannot_share_with_someone_outside_the_organisation(app, owned, professional) -> None:
    other_org = create_organisation(app, "Ander team", ("Enschede",))
    outsider = create_user(app, other_org, "ander@example.nl")
    response = submit(professional, f"/screenings/{owned}/delen", {"colleague": str(outsider)})
    assert response.status_code == 400
    assert "Kies een collega uit de lijst." in text_of(response)
