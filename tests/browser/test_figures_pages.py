"""The figures and penalty pages at phone and desktop size, in both languages: axe-core clean, no sideways scroll."""

import json

import pytest

from recordals.tests.factories import recordal_in_force
from tests.browser.figures_scene import figures_pages, figures_scene
from tests.browser.test_every_page import LANGUAGES, SIZES, axe_source, check_page  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("size", list(SIZES))
def test_figures_and_penalty_pages_pass_axe_and_fit_the_screen(
    new_page,
    live_server,
    cast,
    login,
    shot,
    axe_source,  # noqa: F811 (the fixture imported above)
    size,
    language,
):
    scene = figures_scene(cast, recordal_in_force(cast.holder1, title="LUMIÈRE"))
    problems, browsers = {}, {}
    for role, name, path in figures_pages(scene):
        if role not in browsers:
            browsers[role] = new_page(SIZES[size])
            if role:
                login(browsers[role], getattr(cast, role))
            browsers[role].context.add_cookies(
                [{"name": "django_language", "value": LANGUAGES[language], "url": live_server.url}]
            )
        page = browsers[role]
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, response.status)
        found = check_page(page, axe_source)
        shot(page, f"figures-{name}-{size}-{language}")
        if found["violations"]:
            problems[name] = found["violations"]
        if size == "phone" and found["scroll_width"] > found["inner_width"]:
            problems.setdefault(name, []).append({"id": "sideways-scroll", "width": found["scroll_width"]})
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
