"""The statistics page, with bar charts drawn as SVG on the server."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from confirmations.forms import StatsFilterForm
from confirmations.stats import period_of, stats_for

ROW = 34
LABEL_GAP = 14
BAR = 14
BAR_WIDTH = 300


def _chart(name, title, rows, label_key, *, value_key="cases", limit=15):
    """Lay out a horizontal bar chart: each row has its label above a bar scaled to the largest value."""
    rows = rows[:limit]
    top = max((row[value_key] for row in rows), default=0) or 1
    bars = [
        {
            "label": str(row.get(label_key) or "—"),
            "value": row[value_key],
            "items": row.get("items"),
            "width": max(round(BAR_WIDTH * row[value_key] / top), 2 if row[value_key] else 0),
            "text_y": index * ROW + LABEL_GAP - 2,
            "bar_y": index * ROW + LABEL_GAP + 2,
        }
        for index, row in enumerate(rows)
    ]
    for bar in bars:
        bar["value_x"] = bar["width"] + 6
        bar["value_y"] = bar["bar_y"] + BAR - 2
    return {"name": name, "title": title, "bars": bars, "height": max(len(bars), 1) * ROW, "bar_height": BAR}


def _month_words(rows: list[dict]) -> list[dict]:
    """Name each month in words in the page's language ("March 2026", "2026年3月")."""
    return [
        {**row, "month": date_format(date.fromisoformat(f"{row['month']}-01"), "YEAR_MONTH_FORMAT")} for row in rows
    ]


@login_required
def stats_page(request):
    """Show the statistics of the cases the user may see, for a period, an office and a channel if chosen."""
    form = StatsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    data = stats_for(
        request.user,
        period=period_of(since=filters.get("since"), until=filters.get("until")),
        office=filters.get("office"),
        channel=filters.get("channel") or "",
    )
    data["by_month"] = _month_words(data["by_month"])
    charts = [
        _chart("month", _("Cases per month"), data["by_month"], "month"),
        _chart("channel", _("Cases by channel"), data["by_channel"], "label"),
        _chart("office", _("Cases by office"), data["by_office"], "office"),
        _chart("brand", _("Items by brand"), data["by_brand"], "brand", value_key="items"),
        _chart(
            "decision",
            _("Time from notice to decision"),
            data["decision_seconds"]["buckets"],
            "label",
            value_key="items",
        ),
    ]
    return render(
        request,
        "confirmations/stats.html",
        {
            "form": form,
            "data": data,
            "charts": charts,
            "median_seconds": data["decision_seconds"]["median"],
            "p90_seconds": data["decision_seconds"]["p90"],
            "in_time_percent": None
            if data["answered_in_time_share"] is None
            else round(data["answered_in_time_share"] * 100, 1),
        },
    )
