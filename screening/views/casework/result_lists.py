"""The long lists of the result page, written by functions instead of Jinja loops.

Through Jinja every line cost several escaped outputs, and a draft with little answered
has dozens of questions to find out. The markup is the template's; every value is escaped
here, on every request, and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from screening.summary.data import DomainLine


def domain_bars(domains: Iterable[DomainLine]) -> Markup:
    """Write the score of each part as a meter and in words.

    Optimum 0: a low score is good, so the browser colours high scores as a concern.
    """
    lines = []
    for domain in domains:
        top = domain.max or 1
        score, most = escape(domain.score), escape(domain.max)
        lines.append(f'<li><span>{escape(domain.title)}</span>\n'
                     f'      <meter min="0" max="{escape(top)}" low="{escape(top / 3)}" '
                     f'high="{escape(top * 2 / 3)}"\n'
                     f'             optimum="0" value="{score}">{score} / {most}</meter>\n'
                     f'      <span>{score} / {most}</span></li>')
    return Markup("\n  ".join(lines))


def questions_to_find_out(questions: Iterable[str], decisive: Iterable[str], may_change: str) -> Markup:
    """Write the open questions, marking those that can change the outcome with `may_change`."""
    deciding = set(decisive)
    note = f" <strong>{escape(may_change)}</strong>"
    return Markup("".join(f"<li>{escape(question)}{note if question in deciding else ''}</li>"
                          for question in questions))
