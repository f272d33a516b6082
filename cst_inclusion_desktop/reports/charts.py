"""The two charts, drawn with reportlab.graphics (vector, embedded fonts, no extra library)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.records import MatrixCell
from cst_inclusion_desktop.domain.report_model import ProgressPoint, format_day
from cst_inclusion_desktop.reports.fonts import BOLD, REGULAR
from cst_inclusion_desktop.reports.styles import INK, RAG_STRONG

WIDTH = 480
HEIGHT = 220
RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN)


def rag_by_principle(cells: Sequence[MatrixCell], numbers: Sequence[int]) -> Drawing:
    """Stacked bars: how many actions under each principle are red, amber and green."""
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(
        String(
            0,
            HEIGHT - 12,
            "Actions by principle and RAG",
            fontName=BOLD,
            fontSize=10,
            fillColor=INK,
        )
    )
    totals = {rag: [0] * len(numbers) for rag in RAGS}
    for cell in cells:
        if cell.principle_number in numbers:
            index = list(numbers).index(cell.principle_number)
            totals[Rag.RED][index] += cell.red
            totals[Rag.AMBER][index] += cell.amber
            totals[Rag.GREEN][index] += cell.green
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45, 30, 320, HEIGHT - 60
    chart.data = [totals[rag] for rag in RAGS]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [f"Principle {n}" for n in numbers]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    chart.barWidth = 18
    for index, rag in enumerate(RAGS):
        chart.bars[index].fillColor = RAG_STRONG[rag]
        chart.bars[index].strokeColor = colors.white
    drawing.add(chart)
    drawing.add(_legend([(RAG_STRONG[rag], rag.label) for rag in RAGS], 385, HEIGHT - 40))
    return drawing


def progress_over_period(points: Sequence[ProgressPoint]) -> Drawing:
    """Cumulative completions, new evidence and reviews since the period began."""
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(
        String(
            0,
            HEIGHT - 12,
            "Progress over the period (cumulative)",
            fontName=BOLD,
            fontSize=10,
            fillColor=INK,
        )
    )
    if len(points) < 2:
        drawing.add(
            String(
                0,
                HEIGHT / 2,
                "Not enough of the period has passed to chart.",
                fontName=REGULAR,
                fontSize=9,
                fillColor=INK,
            )
        )
        return drawing
    start = points[0].day
    series = [
        ("Actions completed", [p.completed for p in points], colors.HexColor("#1d4e89")),
        ("Evidence added", [p.evidence for p in points], colors.HexColor("#7b1fa2")),
        ("Reviews recorded", [p.reviews for p in points], colors.HexColor("#00838f")),
    ]
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 45, 30, 320, HEIGHT - 60
    plot.data = [
        [((p.day - start).days, value) for p, value in zip(points, values, strict=True)]
        for _, values, _ in series
    ]
    markers = ("FilledCircle", "FilledSquare", "FilledDiamond")
    for index, (_, _, colour) in enumerate(series):
        plot.lines[index].strokeColor = colour
        plot.lines[index].strokeWidth = 1.5
        # The stubs leave makeMarker untyped; it returns a marker widget.
        marker = makeMarker(markers[index], size=4, fillColor=colour)  # type: ignore[no-untyped-call]
        plot.lines[index].symbol = marker
    days = [(p.day - start).days for p in points]
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = max(days[-1], 1)
    plot.xValueAxis.valueSteps = [days[0], days[len(days) // 2], days[-1]]
    labels = {day: format_day(point.day) for day, point in zip(days, points, strict=True)}
    plot.xValueAxis.labelTextFormat = lambda value: labels.get(int(value), "")
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
    plot.yValueAxis.valueMin = 0
    drawing.add(plot)
    drawing.add(_legend([(colour, name) for name, _, colour in series], 385, HEIGHT - 40))
    return drawing


def _legend(pairs: list[tuple[colors.Color, str]], x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = round(x), round(y)
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 6
    legend.colorNamePairs = pairs
    return legend
