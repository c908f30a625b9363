import django.db.models.deletion
from django.db import migrations, models


def office_from_case(apps, schema_editor):
    """Give every item its case's office, in one statement."""
    Case = apps.get_model("confirmations", "Case")
    Item = apps.get_model("confirmations", "Item")
    office = Case.objects.filter(pk=models.OuterRef("case_id")).values("office_id")[:1]
    Item.objects.using(schema_editor.connection.alias).update(office_id=models.Subquery(office))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_relation_labels_translated'),
        ('confirmations', '0019_relation_labels_translated'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='office',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organization', verbose_name='customs office of the case'),
        ),
        migrations.RunPython(office_from_case, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='item',
            name='office',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organization', verbose_name='customs office of the case'),
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(models.F('office'), models.Case(models.When(status='pending', then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()), models.F('deadline'), models.F('id'), name='item_office_list_idx'),
        ),
    ]
