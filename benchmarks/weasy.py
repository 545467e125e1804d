"""The summary's own content as one HTML document, for WeasyPrint to print beside ReportLab.

The result page is a different document (no notes, no answer table, the site's stylesheets),
so "the same content" is made here from the same `Summary`: every text of page one and the
appendix, in the same order, as headings, lists, tables and bars, with a small print
stylesheet (A4, the same margins, "page X of Y" and the draft mark in the page margin).
"""

from __future__ import annotations

from html import escape

from screening.summary import ReasonLine, RouteBlock, Summary

CSS = """
@page { size: A4; margin: 14mm 16mm 17mm 16mm;
        @bottom-left { content: "%(footer)s"; font-size: 7.5pt; color: #555; }
        @bottom-right { content: "pagina " counter(page) " van " counter(pages);
                        font-size: 7.5pt; color: #555; } }
body { font-family: "DejaVu Sans", "Bitstream Vera Sans", sans-serif; font-size: 9pt;
       line-height: 11.5pt; color: #1a1a1a; }
h1 { font-size: 14pt; margin: 0 0 2pt; } h2 { font-size: 10.5pt; margin: 6pt 0 2pt; }
h3 { font-size: 9.5pt; margin: 3pt 0 1pt; } .small { font-size: 7.5pt; color: #555; }
.box { border: 1.2pt solid #b35c00; background: #fff4e5; padding: 4pt 7pt; break-inside: avoid; }
ul, ol { margin: 0 0 2pt; padding-left: 12pt; } li p { margin: 0; font-size: 8pt; color: #555; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
td, th { border-bottom: 0.3pt solid #b8b8b8; vertical-align: top; text-align: left; padding: 2pt; }
thead { display: table-header-group; } td.unknown { font-style: italic; background: #fff4d6; }
.bar { background: #eee; height: 7pt; } .bar div { background: #2f5d8a; height: 7pt; }
.appendix { break-before: page; } .draft { position: fixed; top: 45%; left: 10%;
  transform: rotate(-45deg); font-size: 96pt; color: rgba(140, 140, 140, 0.2); }
"""


def _p(text: str, kind: str = "p", css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<{kind}{attribute}>{escape(text)}</{kind}>"


def _reason(line: ReasonLine) -> str:
    answers = "".join(_p(f"{a.question}: {a.answer}") for a in line.answers)
    return f"<li>{escape(line.text)}{answers}</li>"


def _steps(route: RouteBlock) -> str:
    return "<ol>" + "".join(f"<li>{escape(step)}</li>" for step in route.steps) + "</ol>"


def _page_one(summary: Summary) -> list[str]:
    w = summary.words
    parts = [_p(summary.document_title, "h1"),
             _p(f"{summary.status_text} · {w.case_reference} {summary.case_reference}", "b"),
             '<div class="box">', _p(w.safety, "h2"), _p(summary.safety_label, "h3")]
    for route in summary.routes:
        if route.safety:
            parts += [_p(route.title, "h3"), _steps(route)]
    parts += ["<ul>", *map(_reason, summary.safety_reasons), "</ul></div>"]
    parts += [_p(w.outcome, "h2"), _p(summary.tier_label, "h3")]
    if summary.could_become:
        parts.append(_p(f"{w.could_become}: {summary.could_become}"))
    parts += [_p(f"{w.parenting}: {summary.parenting_label}", "b"), _p(w.observations, "h3"),
              "<ul>", *map(_reason, summary.observations), "</ul>",
              _p(w.judgement, "h2"), _p(summary.judgement.text)]
    if summary.judgement.reason:
        parts.append(_p(summary.judgement.reason))
    first = next((r for r in summary.routes if not r.safety), None)
    if first is not None:
        parts += [_p(f"{w.first_steps}: {first.title}", "h2"), _steps(first)]
    parts += [_p(w.contacts, "h3"), "<ul>"]
    parts += [_p(f"{c.label}: {w.contact_missing if c.missing else c.line}", "li")
              for c in summary.contacts]
    parts += ["</ul>", _p(w.to_find_out, "h2"), "<ul>",
              *(_p(q, "li") for q in summary.to_find_out), "</ul>",
              _p(f"{w.next_screening}: {summary.next_screening or w.no_next_screening}", "b"),
              _p(f"{w.filled_in_by}: {summary.filled_in_by} · {w.organisation}: "
                 f"{summary.organisation}")]
    return parts


def _appendix(summary: Summary) -> list[str]:
    w = summary.words
    parts = ['<div class="appendix">', _p(w.appendix, "h1"), _p(w.answers, "h2"),
             f"<table><thead><tr>{_p(w.question, 'th')}{_p(w.answer, 'th')}</tr></thead><tbody>"]
    for section in summary.sections:
        parts.append(f'<tr><th colspan="2">{escape(section.title)}</th></tr>')
        parts += [f"<tr>{_p(line.question, 'td')}"
                  f"{_p(line.answer, 'td', 'unknown' if line.unknown else '')}</tr>"
                  for line in section.lines]
    parts += ["</tbody></table>", _p(w.domain_scores, "h2"), _p(w.domain_meaning, "p", "small"),
              "<table>"]
    for d in summary.domains:
        share = 100 * d.score / d.max if d.max else 0
        parts.append(f'<tr>{_p(d.title, "td")}<td><div class="bar"><div style="width: '
                     f'{share:.0f}%"></div></div></td>{_p(f"{d.score} / {d.max}", "td")}</tr>')
    parts.append("</table>")
    for route in summary.routes:
        parts += [_p(f"{w.route}: {route.title}", "h2"), _p(route.why), _p(w.steps, "b"),
                  _steps(route)]
        if route.avoid:
            parts += [_p(w.avoid, "b"), "<ul>", *(_p(a, "li") for a in route.avoid), "</ul>"]
    parts += [_p(w.more_observations, "h2"), "<ul>",
              *map(_reason, (*summary.safety_reasons, *summary.reasons)), "</ul>",
              _p(w.signals, "h3"), "<ul>", *(_p(s, "li") for s in summary.signals), "</ul>",
              _p(summary.completeness, "p", "small"), _p(w.notes, "h2")]
    for note in summary.notes:
        parts += [_p(note.title, "h3"), *(_p(line) for line in note.text.split("\n"))]
    version = w.version % {"version": summary.version, "hash": summary.short_hash}
    parts += [_p(w.instrument, "h2"), _p(f"{summary.title}, {version}"),
              _p(w.hash_meaning, "p", "small"), _p(w.disclaimer, "h3"),
              _p(summary.disclaimer, "p", "small"), "</div>"]
    return parts


def summary_html(summary: Summary) -> str:
    """Return the summary's content as one HTML document with its print stylesheet."""
    draft = _p(summary.words.draft, "div", "draft") if summary.draft else ""
    footer = summary.words.confidential.replace("\\", "").replace('"', "'")
    css = CSS.replace("%(footer)s", escape(footer))
    return (f'<!doctype html><html lang="{summary.language}"><head><meta charset="utf-8">'
            f"<title>{escape(summary.document_title)}</title><style>{css}</style></head><body>"
            f"{draft}"
            + "".join(_page_one(summary) + _appendix(summary)) + "</body></html>")
