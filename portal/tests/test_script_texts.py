"""Script texts (countdown, lightbox, selection) come from the JavaScript catalogue in the page's language."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    """Give the next test English back: a Chinese request leaves its language active in the thread."""
    with translation.override("en"):
        yield


def test_the_javascript_catalogue_serves_the_countdown_and_lightbox_texts_in_chinese(client):
    client.cookies["django_language"] = "zh-hans"
    body = client.get("/jsi18n/?lang=zh-hans").content.decode("utf-8")
    for text in ("剩余 %s", "%s 天", "已过期限", "上一张", "%(number)s / %(total)s"):
        assert text.encode("unicode_escape").decode("ascii") in body or text in body


def test_every_page_loads_the_catalogue_before_its_scripts(client):
    content = client.get("/accounts/login/").content.decode()
    assert content.index('src="/jsi18n/?lang=en"') < content.index("js/portal.js")
