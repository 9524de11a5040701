"""Every page that takes a file from a citizen or an agent refuses a hostile one on that file's field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AgentOrganisation
from motcua.core.actors import SYSTEM
from motcua.core.models import PendingUpload
from motcua.core.uploads import UploadError
from motcua.datastore.models import StoredDocument
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from motcua.portal.models import FilingDraft
from tests import files

from .test_citizen import citizen, filing_post, media  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def hostile():
    """A 3,000-deep page tree: pypdf itself gives up on it with its own error, which must not become a 500."""
    return SimpleUploadedFile("to-khai.pdf", files.pdf_deep_tree(3_000))


def nothing_stored(tmp_path):
    """No attachment and no file but the refused form's accepted files, kept for it as pending uploads."""
    kept = {pending.file.name for pending in PendingUpload.objects.all()}
    found = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    return not Attachment.objects.exists() and found == kept


def codes(form, field):
    return [error.code for error in form.errors.as_data().get(field, [])]


def test_online_filing(client, world, citizen, tmp_path):  # noqa: F811
    version = world.procedure.versions.get()
    first = version.documents.filter(mandatory=True, kind="").first()
    client.force_login(citizen)
    response = client.post("/en/file/1.001193/", filing_post(world, version) | {f"upload_{first.pk}": hostile()})
    assert codes(response.context["form"], f"upload_{first.pk}") == [UploadError.DAMAGED]
    assert not Dossier.objects.exists() and not StoredDocument.objects.exists() and nothing_stored(tmp_path)
    assert not PendingUpload.objects.filter(field=f"upload_{first.pk}").exists()  # the refused file is not kept


def test_saving_a_draft(client, world, citizen, tmp_path):  # noqa: F811
    version = world.procedure.versions.get()
    first = version.documents.filter(mandatory=True, kind="").first()
    client.force_login(citizen)
    data = {"commune": world.commune.code, "save": "1", f"upload_{first.pk}": hostile()}
    response = client.post("/en/file/1.001193/", data)
    assert response.status_code == 200
    assert codes(response.context["form"], f"upload_{first.pk}") == [UploadError.DAMAGED]
    assert not FilingDraft.objects.exists() and not StoredDocument.objects.exists() and nothing_stored(tmp_path)


def test_an_agents_authorisation(client, world, tmp_path):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    client.force_login(agent)
    data = filing_post(
        world,
        world.procedure.versions.get(),
        applicant_name="Phạm Thị Hằng",
        citizen_id="001190098765",
        confirm="on",
        authorisation=SimpleUploadedFile("uy-quyen.png", files.png_bomb(20_000, 20_000)),
    )
    response = client.post("/en/file/1.001193/", data)
    assert codes(response.context["form"], "authorisation") == [UploadError.TOO_MANY_PIXELS]
    assert not Dossier.objects.exists() and nothing_stored(tmp_path)


def test_answering_a_supplement(client, world, citizen, tmp_path):  # noqa: F811
    client.force_login(citizen)
    client.post("/en/file/1.001193/", filing_post(world, world.procedure.versions.get()))
    dossier = services.dossier_request_supplement_at_desk(actor=SYSTEM, dossier=Dossier.objects.get(), items=["x"])
    before = Attachment.objects.count()
    broken = SimpleUploadedFile("bs.png", b"\x89PNG\r\n\x1a\nxx")
    data = {"action": "supplement", "revision": dossier.revision, "upload": broken}
    response = client.post(f"/en/my/dossiers/{dossier.code}/", data)
    assert response.status_code == 200
    assert codes(response.context["supplement_form"], "upload") == [UploadError.DAMAGED]
    dossier.refresh_from_db()
    assert dossier.state == "supplement" and Attachment.objects.count() == before


def test_the_data_store(client, world, citizen, tmp_path, settings):  # noqa: F811
    settings.MOTCUA_MAX_UPLOAD_PAGES = 5
    client.force_login(citizen)
    data = {"title": "Sổ hộ khẩu", "file": SimpleUploadedFile("so.pdf", files.pdf_of_shared_page(100_000))}
    response = client.post("/my/documents/", data)  # in Vietnamese
    assert codes(response.context["form"], "file") == [UploadError.TOO_MANY_PAGES]
    assert "có hơn 5 trang" in response.content.decode()
    assert not StoredDocument.objects.exists() and nothing_stored(tmp_path)
