"""The case over time as a picture: well-formed SVG with a text alternative and a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from screening.charts import WIDTH, line_chart, timeline
from tests.flows import answer_all, case_answers, judge_and_finalise, start

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NS = "{http://www.w3.org/2000/svg}"


def test_geometry_stays_inside_the_view_box() -> None:
    chart = line_chart([0, 7, None, 12, 20], 12, ["a", "b", "c", "d", "e"])
    for point in chart.points:
        assert 0 <= point.x <= WIDTH and chart.top <= point.y <= chart.baseline
    assert chart.points[1].y < chart.points[0].y  # higher score, higher on the chart
    assert chart.points[3].y == chart.points[4].y == chart.top  # clamped at the maximum
    assert len(chart.segments) == 2  # the unscored screening breaks the line in two
    single = line_chart([3], 6, ["x"])
    assert single.segments == () and single.scored[0].x == WIDTH / 2 + (34 - 12) / 2
    lanes = timeline(["watch", "complex"], ["none", "concern"], ["1", "2"])
    assert [m.code for m in lanes.safety] == ["none", "concern"]


def test_case_page_draws_each_domain_and_the_timeline(app, professional) -> None:
    first = start(professional, "ALM-CHART")
    answer_all(professional, first, case_answers("complex"))
    judge_and_finalise(professional, first)
    second = start(professional, "ALM-CHART")
    answer_all(professional, second, case_answers("cooperatief"))
    html = professional.get("/casussen/ALM-CHART").get_data(as_text=True)
    svgs = SVG.findall(html)
    assert len(svgs) >= 2
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed XML, or this raises
        assert root.get("role") == "img"
        labelled = root.get("aria-labelledby").split()
        texts = {el.get("id"): "".join(el.itertext()).strip() for el in root.iter()
                 if el.tag in (f"{NS}title", f"{NS}desc")}
        assert all(texts.get(i) for i in labelled), "text alternative missing"
        assert "style=" not in svg and "<script" not in svg
    # One chart per domain, each with the numbers in a table beneath: two screenings each.
    tables = re.findall(r'<table class="[^"]*\bchart-table">.*?</table>', html, re.S)
    assert len(tables) == len(svgs) - 1
    assert all(len(re.findall(r"<tr><th scope=\"row\">", t)) == 2 for t in tables)
    assert html.count('class="mark tier-') == 2
