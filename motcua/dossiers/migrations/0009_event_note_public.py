"""Each event's note says whether the applicant reads it. Notes written before: internal, unless the action's
note always reaches the applicant (`actions.NOTE_RULES`: the reasons on official forms)."""

from django.db import migrations, models

# The actions whose note was always the applicant's, as stored when this migration was written.
ALWAYS_PUBLIC = [
    "request_supplement_at_desk",
    "request_supplement",
    "refuse_intake",
    "refuse",
    "apologise",
    "stop",
    "withdraw",
    "request_payment",
]


def mark_public_notes(apps, schema_editor):
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    DossierEvent.objects.filter(action__in=ALWAYS_PUBLIC).exclude(note="").update(note_public=True)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_supplement_requests_from_events")]

    operations = [
        migrations.AddField(
            model_name="dossierevent",
            name="note_public",
            field=models.BooleanField(default=False, verbose_name="note visible to the applicant"),
        ),
        migrations.RunPython(mark_public_notes, migrations.RunPython.noop),
    ]
