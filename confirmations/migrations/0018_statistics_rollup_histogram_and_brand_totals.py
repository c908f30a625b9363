"""Roll-up rows of decision times (per day and per month) and brand totals; the rolled-up days are cleared so that
the ``daily-figures`` task rolls them up again with their histograms and totals (100 days a run, newest first)."""

from django.conf import settings
from django.db import migrations, models


def clear_rolled_up_days(apps, schema_editor):
    apps.get_model("confirmations", "DailyFigure").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_security_events_of_users'),
        ('confirmations', '0017_detention_request_expiry'),
        ('recordals', '0010_goods_hs_code_validated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BrandTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('brand', models.CharField(max_length=300, unique=True, verbose_name='brand')),
                ('items', models.PositiveIntegerField(verbose_name='items')),
            ],
            options={
                'verbose_name': 'brand total',
                'verbose_name_plural': 'brand totals',
                'ordering': ['-items', 'brand'],
            },
        ),
        migrations.CreateModel(
            name='DailyDecisions',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('bucket', models.IntegerField(verbose_name='bucket')),
                ('items', models.PositiveIntegerField(verbose_name='decisions')),
                ('shortest', models.FloatField(verbose_name='shortest (seconds)')),
                ('longest', models.FloatField(verbose_name='longest (seconds)')),
            ],
            options={
                'verbose_name': 'daily decision times',
                'verbose_name_plural': 'daily decision times',
                'ordering': ['day', 'bucket'],
            },
        ),
        migrations.CreateModel(
            name='MonthlyDecisions',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('bucket', models.IntegerField(verbose_name='bucket')),
                ('items', models.PositiveIntegerField(verbose_name='decisions')),
                ('shortest', models.FloatField(verbose_name='shortest (seconds)')),
                ('longest', models.FloatField(verbose_name='longest (seconds)')),
            ],
            options={
                'verbose_name': 'monthly decision times',
                'verbose_name_plural': 'monthly decision times',
                'ordering': ['month', 'bucket'],
            },
        ),
        migrations.AddIndex(
            model_name='dailyfigure',
            index=models.Index(fields=['dimension', 'key', 'day'], include=('items', 'cases'), name='figure_key_day_idx'),
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['notified_at'], name='item_notified_idx'),
        ),
        migrations.AddIndex(
            model_name='brandtotal',
            index=models.Index(models.OrderBy(models.F('items'), descending=True), models.F('brand'), name='brand_total_rank_idx'),
        ),
        migrations.AddConstraint(
            model_name='dailydecisions',
            constraint=models.UniqueConstraint(fields=('day', 'bucket'), include=('items', 'shortest', 'longest'), name='one_decision_bucket_per_day'),
        ),
        migrations.AddConstraint(
            model_name='monthlydecisions',
            constraint=models.UniqueConstraint(fields=('month', 'bucket'), name='one_decision_bucket_per_month'),
        ),
        migrations.RunPython(clear_rolled_up_days, migrations.RunPython.noop),
    ]
