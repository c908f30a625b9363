"""The order the lists show as keys for keyset pages: items pending first, then by deadline; cases newest first."""

from django.db import models

from confirmations.models import pending_rank
from portal.keyset import Keyset

# The holder's inbox and the items API page by these keys; ``item_holder_list_idx`` holds them after the holder.
ITEM_LIST_KEYSET = Keyset(
    keys=(
        ("rank", pending_rank(), models.IntegerField()),
        ("deadline", models.F("deadline"), models.DateTimeField()),
        ("id", models.F("pk"), models.BigIntegerField()),
    )
)

# The officer's case list, newest first; ``case_office_list_idx`` holds these keys after the office.
CASE_LIST_KEYSET = Keyset(
    keys=(
        ("created", models.F("created_at"), models.DateTimeField()),
        ("id", models.F("pk"), models.BigIntegerField()),
    ),
    descending=True,
)
