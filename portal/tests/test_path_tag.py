"""``{% path %}`` gives what ``{% url %}`` gives for a URL name without arguments, under each script prefix."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, get_script_prefix, path, set_script_prefix

from portal.templatetags import portal_paths


def _render(source: str) -> str:
    return Template("{% load portal_paths %}" + source).render(Context())


@pytest.fixture
def prefix():
    kept = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(kept)


@pytest.mark.parametrize("name", ["home", "login", "confirmations:inbox", "notices:unread-count", "admin:index"])
def test_path_gives_what_url_gives(name):
    assert _render(f"{{% path '{name}' %}}") == Template(f"{{% url '{name}' %}}").render(Context())


def test_path_is_reversed_once_per_script_prefix(prefix, monkeypatch):
    reversed_names = []
    original = portal_paths.reverse
    monkeypatch.setattr(portal_paths, "reverse", lambda name: reversed_names.append(name) or original(name))
    monkeypatch.setattr(portal_paths, "_REVERSED", {})
    first = _render("{% path 'security' %}")
    assert _render("{% path 'security' %}") == first
    prefix("/portal/")
    assert _render("{% path 'security' %}") == "/portal" + first
    assert reversed_names == ["security", "security"]


def test_an_unknown_name_fails_as_url_does():
    with pytest.raises(NoReverseMatch):
        _render("{% path 'no-such-page' %}")
    with pytest.raises(TemplateSyntaxError):
        _render("{% path %}")


def test_path_follows_the_url_configuration(settings, monkeypatch):
    monkeypatch.setattr(portal_paths, "_REVERSED", {})
    assert _render("{% path 'security' %}") == "/accounts/security/"
    settings.ROOT_URLCONF = __name__
    assert _render("{% path 'security' %}") == "/elsewhere/security/"


# The URL configuration of the test above: the same name at another address.
urlpatterns = [path("elsewhere/security/", lambda request: None, name="security")]
