from django.db import migrations


def load(apps, schema_editor):
    from motcua.geo import reference

    reference.sync_divisions(apps.get_model("geo", "Province"), apps.get_model("geo", "Commune"))
    reference.sync_lineage(apps.get_model("geo", "DivisionChange"), apps.get_model("geo", "DivisionPredecessor"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
