"""The supplements asked for before requests had their own rows: each request event (its `data["missing"]`
lines) becomes a request with its items; the next "supplement received" event answers it, and the supplement
files uploaded in between are its files."""

from django.db import migrations

REQUESTS = ("request_supplement", "request_supplement_at_desk")
RECEIVED = "receive_supplement"


def forwards(apps, schema_editor):
    Event = apps.get_model("dossiers", "DossierEvent")
    Request = apps.get_model("dossiers", "SupplementRequest")
    Item = apps.get_model("dossiers", "SupplementItem")
    Attachment = apps.get_model("dossiers", "Attachment")
    events = Event.objects.filter(action__in=(*REQUESTS, RECEIVED)).order_by("dossier_id", "seq")
    open_request = None
    for event in events.iterator(chunk_size=2000):
        if open_request is not None and open_request.dossier_id != event.dossier_id:
            open_request = None
        if event.action in REQUESTS:
            open_request = Request.objects.create(
                dossier_id=event.dossier_id, asked_at=event.at, asked_by=event.actor_name, note=event.note
            )
            lines = [str(line) for line in (event.data or {}).get("missing", []) if str(line).strip()]
            Item.objects.bulk_create(
                Item(request=open_request, position=n, text=line) for n, line in enumerate(lines, start=1)
            )
        elif open_request is not None:
            open_request.answered_at = event.at
            open_request.answer_note = event.note
            open_request.save(update_fields=["answered_at", "answer_note"])
            Item.objects.filter(request=open_request).update(received_at=event.at, received_by_id=event.actor_id)
            Attachment.objects.filter(
                dossier_id=event.dossier_id,
                kind="supplement",
                supplement=None,
                uploaded_at__gte=open_request.asked_at,
                uploaded_at__lte=event.at,
            ).update(supplement=open_request)
            open_request = None


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0007_supplement_requests")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
