import pytest

from recordals.tests.factories import recordal_in_force


@pytest.fixture
def recordals(cast):
    """Trademarks of holder1 (with a known infringer) and holder2, and a patent of holder1."""
    from types import SimpleNamespace

    return SimpleNamespace(
        lumiere=recordal_in_force(cast.holder1, title="LUMIÈRE", infringers=["Shady Exports Ltd"]),
        nordik=recordal_in_force(cast.holder2, title="NORDIK"),
        patent=recordal_in_force(cast.holder1, title="Watch crown mechanism", right_type="invention_patent"),
    )


@pytest.fixture
def filed(cast, recordals, django_capture_on_commit_callbacks):
    """A case of office1 with an item of holder1 (LUMIÈRE) and one of holder2 (NORDIK)."""
    from confirmations.tests.factories import file_case, item_input

    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(
            cast.officer1,
            [item_input(recordals.lumiere, value="1000.00"), item_input(recordals.nordik, value="250.00")],
        )
    lumiere, nordik = case.items.order_by("pk")
    return case, lumiere, nordik


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run queued tasks in the test process (the Redis worker test turns this off)."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def migrator(transactional_db):
    """A migration executor; the test may migrate back and forth, the database ends fully migrated."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
