"""The Jinja2 engine (the header, navigation and footer of every page, the item page) prints what Django's engine
prints, and ``makemessages`` finds its texts as it finds Django templates'."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.utils.translation.template import templatize

JINJA = Path(settings.BASE_DIR) / "jinja2"
# Templates without texts of their own.
EMPTY = {"layout.html"}
TEXT = re.compile(r"""_\((["'])(.+?)\1\)""")

VALUES = [
    "Plain",
    'O\'Brien & <Sons> "Ltd"',
    mark_safe("<b>safe</b>"),
    None,
    0,
    12345,
    Decimal("12345.60"),
    1.5,
    True,
    datetime(2026, 12, 31, 16, 30, tzinfo=UTC),
    date(2026, 12, 31),
    gettext_lazy("Suspect goods"),
]


def _jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def _django(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_prints_as_django_prints_it(value, language):
    with translation.override(language):
        assert _jinja("{{ value }}", value=value) == _django("{{ value }}", value=value)


def test_a_name_undefined_at_any_depth_prints_nothing_as_in_django():
    assert _jinja("[{{ missing }}|{{ missing.deeper.still }}|{{ none.attribute }}]", none=None) == "[||]"
    assert _django("[{{ missing }}|{{ missing.deeper.still }}|{{ none.attribute }}]", none=None) == "[||]"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_texts_print_as_translate_and_blocktranslate_print_them(language):
    bank = 'Bank of <China> & "Co" O\'Neil'
    with translation.override(language):
        assert _jinja('{{ _("Customs IPR Portal") }}') == _django('{% load i18n %}{% translate "Customs IPR Portal" %}')
        assert _jinja(
            '{{ _("Covers this application (%(bank)s); nothing more to pay.")|fill(bank=bank) }}', bank=bank
        ) == _django(
            "{% load i18n %}{% blocktranslate %}Covers this application ({{ bank }}); nothing more to pay."
            "{% endblocktranslate %}",
            bank=bank,
        )
        assert _jinja('{{ _("%(similarity)s%% alike by picture.")|fill(similarity=93) }}') == _django(
            "{% load i18n %}{% blocktranslate with similarity=93 %}{{ similarity }}% alike by picture."
            "{% endblocktranslate %}"
        )
    assert "&lt;China&gt; &amp; &quot;Co&quot; O&#x27;Neil" in _jinja(
        '{{ _("Covers this application (%(bank)s); nothing more to pay.")|fill(bank=bank) }}', bank=bank
    )


def test_dates_print_in_beijing_time_as_djangos_date_filter_prints_them():
    instant = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert _jinja('{{ at|date("DATETIME_FORMAT") }}', at=instant) == _django(
                '{{ at|date:"DATETIME_FORMAT" }}', at=instant
            )
    with translation.override("en"):
        assert _jinja('{{ at|date("Y-m-d H:i") }}', at=instant) == "2027-01-01 00:30"


def _texts(path: Path) -> list[str]:
    return [match[2] for match in TEXT.finditer(path.read_text())]


def _catalog_ids() -> set[str]:
    """Return the message ids of the Chinese catalog (its .po file), obsolete entries left out."""
    ids, current, reading = set(), [], False
    for line in (Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po").read_text().splitlines():
        if line.startswith("msgid "):
            current, reading = [line[6:]], True
        elif reading and line.startswith('"'):
            current.append(line)
        else:
            if reading:
                ids.add("".join(part[1:-1] for part in current).replace('\\"', '"'))
            reading = False
    return ids


@pytest.mark.parametrize("path", sorted(JINJA.rglob("*.html")), ids=lambda p: str(p.relative_to(JINJA)))
def test_every_text_of_a_jinja_template_is_found_by_makemessages_and_in_the_chinese_catalog(path):
    texts = _texts(path)
    # What makemessages hands to xgettext: the texts it finds as gettext calls, everything else blanked out.
    found = templatize(path.read_text(), origin=str(path))
    catalog = _catalog_ids()
    assert texts or path.name in EMPTY
    for text in texts:
        assert text in found, f"makemessages misses {text!r}"
        assert text in catalog, f"{text!r} is not in the Chinese catalog"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_choice_label_is_what_get_display_gives_in_the_active_language(language):
    from confirmations.models import Case, Item

    with translation.override(language):
        for model, name in ((Item, "status"), (Item, "decision"), (Item, "bond_kind"), (Case, "channel")):
            for value in [*(value for value, _label in model._meta.get_field(name).flatchoices), "", "unknown"]:
                instance = model(**{name: value})
                expected = getattr(instance, f"get_{name}_display")()
                assert _jinja(f'{{{{ row|label("{name}") }}}}', row=instance) == _django("{{ v }}", v=expected)
