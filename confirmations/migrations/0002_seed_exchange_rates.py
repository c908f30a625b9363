from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = {"USD": "7.100000", "EUR": "7.700000", "HKD": "0.910000", "JPY": "0.047000", "GBP": "9.000000"}


def seed(apps, schema_editor):
    ExchangeRate = apps.get_model("confirmations", "ExchangeRate")
    for currency, rate in RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=currency, valid_from=date(2020, 1, 1), defaults={"rate_to_cny": Decimal(rate)}
        )


def unseed(apps, schema_editor):
    apps.get_model("confirmations", "ExchangeRate").objects.filter(valid_from=date(2020, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("confirmations", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
