"""dossier_receive_at_counter: filing, scans and the desk's outcome at once — all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier, DossierEvent
from motcua.dossiers.states import State
from tests.builders import APPLICANT, pdf

pytestmark = pytest.mark.django_db


def receive_at_counter(world, actor, **kwargs):
    version = world.procedure.versions.get()
    documents = list(version.documents.filter(mandatory=True))
    kwargs.setdefault("scans", {documents[0].pk: pdf("to-khai.pdf")})
    kwargs.setdefault("outcome", "receive")
    return services.dossier_receive_at_counter(
        actor=actor,
        procedure=world.procedure,
        counter=world.org.counter1,
        commune=world.commune,
        applicant=dict(APPLICANT),
        documents=[services.PresentedDocument(d.pk, originals=1) for d in documents],
        **kwargs,
    )


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def nothing_written(root):
    return (
        not Dossier.objects.exists()
        and not Attachment.objects.exists()
        and not DossierEvent.objects.exists()
        and not stored_files(root)
    )


@pytest.mark.parametrize(
    ("outcome", "extra", "state"),
    [
        ("receive", {}, State.RECEIVED),
        ("supplement", {"items": ["Bản sao giấy chứng sinh"]}, State.SUPPLEMENT),
        ("refuse", {"reasons": ["Sai thẩm quyền"]}, State.NOT_ACCEPTED),
    ],
)
def test_the_desk_files_scans_and_decides_in_one_call(world, settings, tmp_path, outcome, extra, state):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive_at_counter(world, world.officer_b1, outcome=outcome, **extra)
    assert dossier.state == state and dossier.channel == "counter" and dossier.counter == world.org.counter1
    scan = dossier.attachments.get()
    assert scan.document.required == world.procedure.versions.get().documents.filter(mandatory=True).first()
    assert scan.uploaded_by == world.officer_b1
    assert len(stored_files(tmp_path)) == 1
    assert list(dossier.events.order_by("seq").values_list("action", flat=True))[0] == "submit"
    assert dossier.events.count() == 2


@pytest.mark.parametrize(
    "outcome",
    [{"outcome": "supplement", "items": []}, {"outcome": "refuse", "reasons": ["  "]}],
)
def test_a_refused_outcome_leaves_no_dossier_and_no_stored_file(world, settings, tmp_path, outcome):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        receive_at_counter(world, world.officer_b1, **outcome)
    assert nothing_written(tmp_path)


def test_a_bad_second_scan_discards_the_first(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = world.procedure.versions.get().documents.filter(mandatory=True)[:2]
    scans = {first.pk: pdf("to-khai.pdf"), second.pk: SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")}
    with pytest.raises(ValidationError):
        receive_at_counter(world, world.officer_b1, scans=scans)
    assert nothing_written(tmp_path)


def test_a_scan_of_a_document_the_procedure_does_not_ask_for_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as err:
        receive_at_counter(world, world.officer_b1, scans={10**9: pdf()})
    assert "documents" in err.value.message_dict
    assert nothing_written(tmp_path)


def test_only_the_desk_of_that_counter_receives_there(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in ("officer_b2", "spec", "applicant"):
        with pytest.raises(PermissionDenied):
            receive_at_counter(world, world.person(name))
    with pytest.raises(TypeError):
        receive_at_counter(world, None)
    assert nothing_written(tmp_path)


def test_the_system_receives_at_a_counter_when_loading_data(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive_at_counter(world, SYSTEM, scans={})
    assert dossier.state == State.RECEIVED and dossier.submitted_by is None
    assert set(dossier.events.values_list("actor", flat=True)) == {None}


def test_an_unknown_outcome_is_a_programming_error(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValueError, match="outcome"):
        receive_at_counter(world, world.officer_b1, outcome="maybe")
    assert nothing_written(tmp_path)
