"""Rendering notices in one language: an e-mail's triplet once per language (each recipient's name put in
after), and a webhook's title and text when it is sent.

A triplet that names the recipient only as ``recipient.get_full_name|default:recipient.username`` (the
greeting) is rendered once per language with a stand-in whose name is a marker; each recipient's copy
replaces the marker with the name, escaped where the template escaped it, which is exactly what rendering
it for that recipient gives. A triplet that uses the recipient otherwise is rendered for each recipient.
"""

import json
import logging
import re
from functools import lru_cache
from types import SimpleNamespace

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import escape

from portal.notices.params import decode

logger = logging.getLogger(__name__)

PARTS = ("_subject.txt", "_body.txt", "_body.html")
ADDRESSEE = "<\u2063addressee\u2063>"
NAME_ONLY = re.compile(r"recipient\.get_full_name\s*\|\s*default\s*:\s*recipient\.username")
COMPOSED = re.compile(r"{%\s*(include|extends)\b")


class Addressee:
    """Stands for every recipient while a triplet is rendered once for a language."""

    username = ADDRESSEE

    def get_full_name(self) -> str:
        return ADDRESSEE


def render_message(*, template: str, context: dict, language: str, html: bool = True) -> tuple[str, str, str]:
    """Render a subject / text / HTML triplet in the given language (without ``html``, the HTML part is '')."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        body_html = render_to_string(f"{template}_body.html", context) if html else ""
    return subject, text, body_html


def renders_once(template: str) -> bool:
    """Return whether the triplet names its recipient only by name, so one rendering per language serves all."""
    return _names_only(tuple(get_template(f"{template}{part}").template.source for part in PARTS))


@lru_cache(maxsize=256)
def _names_only(sources: tuple[str, ...]) -> bool:
    return not any(COMPOSED.search(source) or "recipient" in NAME_ONLY.sub("", source) for source in sources)


def addressed(rendered: tuple[str, str, str], user) -> tuple[str, str, str]:
    """Return the triplet rendered once for a language as rendering it for ``user`` gives it."""
    name = user.get_full_name() or user.username
    subject, text, html = (part.replace(escape(ADDRESSEE), escape(name)).replace(ADDRESSEE, name) for part in rendered)
    return " ".join(subject.split()), text, html


def webhook_texts(delivery) -> dict:
    """Return a webhook's ``title`` and ``body`` in its endpoint's language, from the stored template and parameters.

    The texts greet the endpoint's organization. A delivery without a template has no texts (``{}``), nor has one
    whose template is gone (queued before a release that removed it): its machine-readable fields still go.
    """
    if not delivery.template:
        return {}
    endpoint = delivery.endpoint
    name = endpoint.organization.name
    context = {**decode(delivery.params), "recipient": SimpleNamespace(get_full_name=lambda: name, username=name)}
    try:
        title, body, _html = render_message(
            template=delivery.template, context=context, language=endpoint.language, html=False
        )
    except TemplateDoesNotExist as exc:
        logger.warning("delivery %s: template %s is gone; sent without title and body", delivery.pk, exc)
        return {}
    return {"language": endpoint.language, "title": title, "body": body}


def webhook_body(delivery) -> str:
    """Return the JSON a webhook delivery sends: its machine-readable payload, plus its texts."""
    return json.dumps({"delivery": delivery.pk, **delivery.payload, **webhook_texts(delivery)}, sort_keys=True)
