"""The statistics page, with bar charts drawn as SVG on the server."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from confirmations.stats import stats_for

BAR_WIDTH = 400


def _bars(rows, label_key, *, value_key="items"):
    top = max((row[value_key] for row in rows), default=0) or 1
    return [
        {
            "label": row.get(label_key) or "—",
            "value": row[value_key],
            "width": round(BAR_WIDTH * row[value_key] / top),
            "y": index * 24,
        }
        for index, row in enumerate(rows[:15])
    ]


def _hours(seconds):
    return None if seconds is None else round(seconds / 3600, 2)


@login_required
def stats_page(request):
    """Show the statistics of the cases the user may see."""
    data = stats_for(request.user)
    charts = [
        ("channel", _bars(data["by_channel"], "label")),
        ("office", _bars(data["by_office"], "office")),
        ("brand", _bars(data["by_brand"], "brand")),
        ("month", _bars(data["by_month"], "month")),
    ]
    return render(
        request,
        "confirmations/stats.html",
        {
            "data": data,
            "charts": [{"name": name, "bars": bars, "height": max(len(bars), 1) * 24} for name, bars in charts],
            "median_hours": _hours(data["decision_seconds"]["median"]),
            "p90_hours": _hours(data["decision_seconds"]["p90"]),
            "in_time_percent": None
            if data["answered_in_time_share"] is None
            else round(data["answered_in_time_share"] * 100, 1),
        },
    )
