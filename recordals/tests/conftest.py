from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def at():
    """Freeze the clock at a Shanghai date and time: ``at(2026, 6, 15)`` or ``at(2026, 6, 15, 9, 30)``."""
    travellers = []

    def travel(*args):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(shanghai(*args) if len(args) > 3 else shanghai(*args, 10, 0), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()
