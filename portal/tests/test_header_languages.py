"""The header's language selector on every page: each language named in itself, the page's own selected."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _options(page: str) -> list[tuple[str, str, bool]]:
    select = page.split('<select id="language-select" name="language">', 1)[1].split("</select>", 1)[0]
    return [
        (code, name, bool(selected))
        for code, selected, name in re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', select)
    ]


def test_the_selector_names_each_language_in_itself_and_selects_the_pages(client, cast):
    client.force_login(cast.holder1_user)
    english = client.get("/", follow=True).content.decode()
    assert _options(english) == [("en", "English", True), ("zh-hans", "简体中文", False)]
    chinese = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _options(chinese) == [("en", "English", False), ("zh-hans", "简体中文", True)]
