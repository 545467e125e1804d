"""The `screening` command line: a Flask CLI group over the app factory.

The app registers its own command groups (`db`, `questionnaire`, ...) on `app.cli`,
so they are the same here and in `app.test_cli_runner()`.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from screening.app import create_app

cli = FlaskGroup(
    name="screening",
    create_app=create_app,
    add_version_option=False,
    help="Vroegsignalering complexe scheiding: the app's command line.",
)


def main() -> None:
    cli.main(prog_name="screening")
