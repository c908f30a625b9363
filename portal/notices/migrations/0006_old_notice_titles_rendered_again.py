"""Notices written before their template and parameters were kept get them, where the stored title is recognised.

A title is recognised when it matches, whole, the subject of its kind as written then, in English or in Chinese
(the catalogue's translation), and every value in it that depends on the language maps back to what it means: a
deadline to its moment, a decision or message to its message id, a recordal number to the recordal its link names.
A title not recognised keeps its stored sentence and an empty template, as before.
"""

import html
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

LANGUAGES = ("en", "zh-hans")
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("Jan.", "January"),
            ("Feb.", "February"),
            ("March",),
            ("April",),
            ("May",),
            ("June",),
            ("July",),
            ("Aug.", "August"),
            ("Sept.", "September"),
            ("Oct.", "October"),
            ("Nov.", "November"),
            ("Dec.", "December"),
        ],
        start=1,
    )
    for name in names
}
EN_DAY = re.compile(r"^(?P<month>[A-Z][a-z]+\.?) (?P<day>\d{1,2}), (?P<year>\d{4})$")
ZH_DAY = re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
RECORDAL_LINK = re.compile(r"^/recordals/(?P<pk>\d+)/$")
ITEM_SUBJECTS = {
    "item_notice": (
        "confirmations/emails/item_notice",
        "Suspect goods under recordal %(recordal_number)s: answer by %(deadline_label)s",
    ),
    "deadline_reminder": (
        "confirmations/emails/deadline_reminder",
        "Reminder: %(hours)s hours left to answer on suspect goods (%(recordal_number)s)",
    ),
    "item_decided": ("confirmations/emails/item_decided", "Case %(case_id)s: %(holder_name)s answered “%(decision)s”"),
    "item_update": ("confirmations/emails/item_update", "Suspect goods %(waybill_number)s (%(recordal_number)s): %(message)s"),
}
RECORDAL_SUBJECTS = {
    "recordal_approved": ("approved", "Recordal %(number)s approved: %(title)s"),
    "recordal_rejected": ("rejected", "Recordal rejected: %(title)s"),
    "recordal_renewed": ("renewed", "Recordal %(number)s renewed"),
    "recordal_renewal_rejected": ("renewal_rejected", "Renewal of recordal %(number)s refused"),
    "recordal_cancelled": ("cancelled", "Recordal %(number)s cancelled"),
    "recordal_modification_approved": ("modification_approved", "Modification of recordal %(number)s approved"),
    "recordal_modification_rejected": ("modification_rejected", "Modification of recordal %(number)s refused"),
}


def pattern(msgid: str) -> re.Pattern:
    """Return a regular expression matching the whole text, each ``%(name)s`` a named group."""
    parts = re.split(r"%\((\w+)\)s", msgid)
    source = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{source}$", re.DOTALL)


def match(title: str, msgid: str):
    """Return the values in the title (as typed: titles of the time were stored HTML-escaped) and its language,
    or (None, None)."""
    for language in LANGUAGES:
        with translation.override(language):
            found = pattern(gettext(msgid)).match(title.strip())
        if found:
            return {name: html.unescape(value) for name, value in found.groupdict().items()}, language
    return None, None


def deadline_moment(label: str, language: str):
    """Return the moment (00:00 of the next day) of a deadline shown as "Nov. 26, 2026, 24:00 (Asia/Shanghai)"."""
    with translation.override(language):
        outer = pattern(gettext("%(deadline)s (Asia/Shanghai)")).match(label)
        inner = pattern(gettext("%(date)s, 24:00")).match(outer["deadline"] if outer else label)
    if inner is None:
        return None
    day = (EN_DAY if language == "en" else ZH_DAY).match(inner["date"].strip())
    if day is None:
        return None
    month = day["month"] if day["month"].isdigit() else MONTHS.get(day["month"])
    if month is None:
        return None
    last = date(int(day["year"]), int(month), int(day["day"]))
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def message_id(text: str, language: str) -> str | None:
    """Return the message id whose text, in ``language``, is ``text``; None if none is known."""
    catalog = translation.trans_real.translation("zh-hans")._catalog
    if language == "en":
        return text if text in catalog else None
    return next((msgid for msgid, msgstr in catalog.items() if msgstr == text and isinstance(msgid, str)), None)


def item_params(kind: str, title: str):
    """Return (template, params) of an item notice's title, or None when it is not recognised."""
    template, msgid = ITEM_SUBJECTS[kind]
    values, language = match(title, msgid)
    if values is None:
        return None
    params = dict(values)
    if "hours" in params:
        if not params["hours"].isdigit():
            return None
        params["hours"] = int(params["hours"])
    if "deadline_label" in params:
        moment = deadline_moment(params["deadline_label"].strip(), language)
        if moment is None:
            return None
        params["deadline_label"] = {"__deadline__": moment.isoformat()}
    for key in ("decision", "message"):
        if key in params:
            found = message_id(params[key], language)
            if found is None:
                return None
            params[key] = {"__msgid__": found}
    return template, params


def recordal_params(kind: str, notice, recordals):
    """Return (template, params) of a recordal notice's title, or None when it is not recognised."""
    decision, msgid = RECORDAL_SUBJECTS[kind]
    values, _language = match(notice.title, msgid)
    link = RECORDAL_LINK.match(notice.link or "")
    if values is None or link is None:
        return None
    recordal = recordals.filter(pk=int(link["pk"])).first()
    if recordal is None or values.get("number", recordal.number) != recordal.number:
        return None
    if values.get("title", recordal.title) != recordal.title:
        return None
    row = {"__model__": "recordals.recordal", "pk": recordal.pk}
    return "recordals/emails/recordal_decided", {"recordal": row, "decision": decision}


def fill_old_notices(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    recordals = apps.get_model("recordals", "Recordal").objects.all()
    kinds = [*ITEM_SUBJECTS, *RECORDAL_SUBJECTS]
    changed = []
    for notice in Notice.objects.filter(template="", kind__in=kinds).iterator(chunk_size=500):
        if notice.kind in ITEM_SUBJECTS:
            found = item_params(notice.kind, notice.title)
        else:
            found = recordal_params(notice.kind, notice, recordals)
        if found is not None:
            notice.template, notice.params = found
            changed.append(notice)
    Notice.objects.bulk_update(changed, ["template", "params"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_webhook_language_texts_at_send_time"),
        ("recordals", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_old_notices, migrations.RunPython.noop, elidable=True)]
