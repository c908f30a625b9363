"""Per-request cost of one item, in process: ``GET /api/items/{id}/`` and the page ``/items/{id}/``.

Measured as the holder, its agent and the officer of the case's office, on an item awaiting the holder's
decision (three photos, a genuine and a guide image on its recordal, the decision form and its countdown) and on
one the holder has answered (no form; what happens next), beside the one-row JSON view. Figures are CPU and wall
milliseconds and queries per request, printed, not asserted; ``--profile LABEL`` prints a cProfile of one row.

``python bench/item_detail.py [--build]`` uses ``BENCH_DATABASE_URL`` like ``bench/lists.py`` (``--build`` fills
it first); the items of this measure are added to it once, through the services, by a holder of their own.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lists import measure, profile  # noqa: E402
from bench.run import _environment, _recreate  # noqa: E402

HOLDER = "Item Detail Holder"


def scene() -> SimpleNamespace:
    """Return the people and the two items measured, filing them on the first run."""
    from django.contrib.auth import get_user_model

    from confirmations.models import Item

    if not Item.objects.filter(holder__name=HOLDER).exists():
        _file()
    User = get_user_model()
    pending, answered = Item.objects.filter(holder__name=HOLDER).order_by("pk")[:2]
    return SimpleNamespace(
        holder=User.objects.get(username="detail-holder"),
        agent=User.objects.get(username="detail-agent"),
        officer=User.objects.get(username="detail-officer"),
        pending=pending.pk,
        answered=answered.pk,
    )


def _file() -> None:
    from confirmations import services
    from confirmations.tests.factories import file_case, item_input
    from portal.tests.factories import AgentFirmFactory, DelegationFactory, HolderFactory, OfficeFactory, member_of
    from portal.uploads import verify_image
    from recordals.models import RecordalImage
    from recordals.tests.factories import image_upload, recordal_image, recordal_in_force

    holder, agent_firm, office = HolderFactory(name=HOLDER), AgentFirmFactory(), OfficeFactory()
    DelegationFactory(holder=holder, agent=agent_firm)
    user = member_of(holder, username="detail-holder")
    member_of(agent_firm, username="detail-agent")
    officer = member_of(office, username="detail-officer")
    recordal = recordal_in_force(holder, title="LUMIÈRE", identification_guide="Engraved serial\nBlue box")
    recordal_image(recordal, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    recordal_image(recordal, kind=RecordalImage.Kind.GUIDE, color="teal")
    photos = [verify_image(image_upload(f"p{n}.jpg", color=c)) for n, c in enumerate(("red", "navy", "olive"))]
    case = file_case(
        officer,
        [
            item_input(recordal, description="Wristwatches", value="48000.00", photos=photos),
            item_input(recordal, description="Straps", value="900.00"),
        ],
    )
    answered = case.items.order_by("pk")[1]
    services.item_decide(user=user, item_id=answered.pk, decision="infringing", bond="case")


def _paths(people) -> list[tuple[str, str, str]]:
    rows = [("one-row JSON view", "/bench/one-row/?id=1", "holder_token")]
    for item, state in ((people.pending, "pending"), (people.answered, "answered")):
        for who in ("holder", "agent", "officer"):
            rows.append((f"GET /api/items/{{id}}/ {state}, {who}", f"/api/items/{item}/", f"{who}_token"))
            rows.append((f"/items/{{id}}/ {state}, {who}", f"/items/{item}/", f"{who}_session"))
    return rows


def _clients(people) -> dict:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    base = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    clients = {}
    for who in ("holder", "agent", "officer"):
        user = getattr(people, who)
        key = Token.objects.get_or_create(user=user)[0].key
        clients[f"{who}_token"] = Client(**base, HTTP_AUTHORIZATION=f"Token {key}")
        clients[f"{who}_session"] = session = Client(**base)
        session.force_login(user)
    return clients


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="recreate the database and fill it")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", help="a label of the table: profile that path")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    var = Path(tempfile.gettempdir()) / "portal-bench-item-detail"
    os.environ.update(
        {
            **_environment(database_url),
            "SECRET_KEY": "bench-item-detail-" + "k" * 50,
            "EVIDENCE_KEY": "e" * 48,
            "PORTAL_VAR_DIR": str(var),
            "STATIC_ROOT": str(var / "static"),
            "MEDIA_ROOT": str(var / "media"),
        }
    )
    if args.build:
        _recreate(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from portal.celery import app

    app.conf.task_always_eager = True
    if args.build:
        from bench.dataset import build

        call_command("migrate", verbosity=0)
        build(args.scale)
    if not (var / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    people = scene()
    clients, paths = _clients(people), _paths(people)
    if args.profile:
        label, path, who = next(p for p in paths if p[0] == args.profile)
        profile(clients[who], path, args.repeat, args.top)
        return
    measure(clients, paths, args.repeat)


if __name__ == "__main__":
    main()
