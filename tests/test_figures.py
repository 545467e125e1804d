"""Figures pages: the coordinator's organisation, a region's organisations, CSV, and the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from screening.db import db
from screening.figures import months_back
from screening.models import FigureCount, Organisation
from tests.factories import create_organisation, create_user, log_in
from tests.helpers import text_of

NUMBER_CELL = re.compile(r"<td>(\d+)</td>")


def kept(app, organisation_id: int, count: int, *, outcome: str = "complex",
         safety: str = "none", month: str | None = None, municipality: str = "Almelo",
         parenting: str = "parallel", due_month: str = "", followed: str = "no") -> None:
    """Put a kept count in place, as finalising would have."""
    with app.app_context():
        db.session.add(FigureCount(
            organisation_id=organisation_id, month=month or months_back(date.today())[-2],
            municipality=municipality, profession="school_social_worker", outcome=outcome,
            safety=safety, parenting=parenting, due_month=due_month, followed=followed,
            count=count))
        db.session.commit()


def set_region(app, organisation_id: int, region: str) -> None:
    with app.app_context():
        db.session.get(Organisation, organisation_id).region = region
        db.session.commit()


def test_coordinator_sees_rounded_monthly_figures_with_charts_and_csv(
        app, coordinator, organisation_id) -> None:
    kept(app, organisation_id, 10, outcome="complex")
    kept(app, organisation_id, 3, outcome="watch", safety="acute", municipality="Borne")
    kept(app, organisation_id, 5, outcome="ordinary", parenting="cooperative",
         due_month=months_back(date.today())[-2][:7], followed="in_time")
    html = text_of(coordinator.get("/beheer/"))
    assert html.count('role="img"') == 2  # outcome bars and safety bars
    assert "lopende maand, nog niet compleet" in html
    assert "Referentie (Kelly), geen norm" in html
    assert all(int(n) % 5 == 0 for n in NUMBER_CELL.findall(html))
    assert "25–30%" in html and "ALM-" not in html
    response = coordinator.get("/beheer/cijfers.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and all(int(row["count"]) % 5 == 0 for row in rows)
    complex_total = [row for row in rows if row["section"] == "outcome_by_municipality"
                     and row["row"] == "Almelo" and row["column"] == "Complexe scheiding"]
    assert complex_total[0]["count"] == "10"
    narrowed = text_of(coordinator.get("/beheer/?gemeente=Borne"))
    assert "Borne" in narrowed


def test_a_region_sees_its_organisations_together_and_never_a_screening(app, organisation_id) -> None:
    other = create_organisation(app, "GGD Twente", ("Hengelo",))
    elsewhere = create_organisation(app, "Welzijn Zuid", ("Maastricht",))
    set_region(app, organisation_id, "Twente")
    set_region(app, other, "Twente")
    set_region(app, elsewhere, "Limburg")
    kept(app, organisation_id, 10)
    kept(app, other, 15, municipality="Hengelo")
    kept(app, elsewhere, 20, municipality="Maastricht")
    create_user(app, organisation_id, "regio@example.nl", role="region", name="Regio")
    region = app.test_client()
    log_in(region, "regio@example.nl")
    assert region.get("/").headers["Location"].endswith("/regio/")
    html = text_of(region.get("/regio/"))
    assert "Twente" in html and "GGD Twente" in html and "Welzijn Zuid" not in html
    assert "Hengelo" in html and "Maastricht" not in html
    rows = list(csv.DictReader(io.StringIO(region.get("/regio/cijfers.csv").get_data(as_text=True))))
    total = [r for r in rows if r["section"] == "outcome_by_municipality" and r["column"] == "total"]
    assert sum(int(r["count"]) for r in total) == 25
    for page in ("/screenings", "/screenings/nieuw", "/beheer/", "/beheer/gebruikers"):
        assert region.get(page).status_code == 403, page


def test_a_coordinator_never_sees_another_organisations_figures(app, coordinator, organisation_id) -> None:
    other = create_organisation(app, "GGD Twente", ("Hengelo",))
    kept(app, other, 15, municipality="Hengelo")
    assert "Hengelo" not in text_of(coordinator.get("/beheer/"))
    assert coordinator.get("/regio/").status_code == 403


def test_organisations_command_line(app, runner) -> None:
    made = runner.invoke(args=["organisations", "create", "Schoolmaatschappelijk werk",
                               "--municipality", "Almelo", "--municipality", "Hengelo",
                               "--region", "Twente", "--coordinator-email", "co@smw.nl",
                               "--coordinator-name", "Co"])
    assert made.exit_code == 0, made.output
    assert "/wachtwoord/" in made.output
    again = runner.invoke(args=["organisations", "create", "Schoolmaatschappelijk werk",
                                "--municipality", "Almelo", "--coordinator-email", "x@smw.nl",
                                "--coordinator-name", "X"])
    assert again.exit_code != 0 and "exists already" in again.output
    renamed = runner.invoke(args=["organisations", "rename", "Schoolmaatschappelijk werk",
                                  "SMW Twente", "--region", "Twente-Oost"])
    assert renamed.exit_code == 0, renamed.output
    listing = runner.invoke(args=["organisations", "list"]).output
    assert "SMW Twente\tTwente-Oost\tAlmelo, Hengelo" in listing
    region = runner.invoke(args=["users", "create", "--email", "r@twente.nl", "--name", "R",
                                 "--role", "region", "--organisation", "SMW Twente"])
    assert region.exit_code == 0, region.output


def test_the_running_month_shows_only_a_total(app, coordinator, organisation_id) -> None:
    current = months_back(date.today())[-1]
    kept(app, organisation_id, 10, month=current, outcome="watch", safety="concern")
    rows = list(csv.DictReader(io.StringIO(coordinator.get("/beheer/cijfers.csv").get_data(as_text=True))))
    running = [row for row in rows if row["row"].startswith(current)]
    assert {row["column"] for row in running} == {"total"}
    assert {row["count"] for row in running} == {"10"}
    assert not any(row["section"] == "outcome_by_municipality" and row["count"] != "0"
                   for row in rows)  # splits count completed months only
    html = text_of(coordinator.get("/beheer/"))
    assert "alleen het totaal" in html
