"""Texts rendered in one language: an e-mail's triplet, and a webhook's title and text when it is sent."""

import json
import logging
from types import SimpleNamespace

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from portal.notices.params import decode

logger = logging.getLogger(__name__)


def render_message(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render a subject / text / HTML triplet in the given language."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    return subject, text, html


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
        with translation.override(endpoint.language):
            title = " ".join(render_to_string(f"{delivery.template}_subject.txt", context).split())
            body = render_to_string(f"{delivery.template}_body.txt", context)
    except TemplateDoesNotExist as exc:
        logger.warning("delivery %s: template %s is gone; sent without title and body", delivery.pk, exc)
        return {}
    return {"language": endpoint.language, "title": title, "body": body}


def webhook_body(delivery) -> str:
    """Return the JSON a webhook delivery sends: its machine-readable payload, plus its texts."""
    return json.dumps({"delivery": delivery.pk, **delivery.payload, **webhook_texts(delivery)}, sort_keys=True)
