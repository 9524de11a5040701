from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.org.models import Role
from tests.factories import make_org, make_staff, make_user

# A minimal valid one-page PDF.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n178\n%%EOF\n"
)
APPLICANT = {
    "applicant_name": "Nguyễn Văn An",
    "citizen_id": "001088012345",
    "date_of_birth": "1988-03-02",
    "phone": "0912345678",
    "email": "an.nguyen@example.vn",
    "address": "12 Hàng Bài",
}
# An answer to the seed's e-form for birth registration (1.001193).
BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "gioi_tinh": "Nam",
    "ngay_sinh": "2026-11-02",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "dan_toc": "Kinh",
    "que_quan": "Hà Nội",
    "ho_ten_me": "Trần Thị Thu",
    "so_dinh_danh_me": "001190054321",
    "quan_he_nguoi_yeu_cau": "Cha",
}


def pdf(name="ket-qua.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_world():
    """Hà Nội with a centre, two branches, a commune committee and its staff; the birth registration procedure."""
    org = make_org()
    committee = org["committee"]
    people = {
        "officer_b1": make_staff(Role.RECEIVING_OFFICER, org["branch1"], username="officer_b1"),
        "officer_b2": make_staff(Role.RECEIVING_OFFICER, org["branch2"], username="officer_b2"),
        "officer_c": make_staff(Role.RECEIVING_OFFICER, org["centre"], username="officer_c"),
        "spec": make_staff(Role.SPECIALIST, committee, username="spec", full_name="Lê Thị Hoa"),
        "lead": make_staff(Role.UNIT_LEADER, committee, username="lead", full_name="Phạm Văn Bình"),
        "spec_justice": make_staff(Role.SPECIALIST, org["justice"], username="spec_justice"),
        "lead_justice": make_staff(Role.UNIT_LEADER, org["justice"], username="lead_justice"),
        "director": make_staff(Role.CENTRE_DIRECTOR, org["centre"], username="director"),
        "admin": make_staff(Role.ADMINISTRATOR, org["centre"], username="admin"),
        "applicant": make_user(
            kind=AccountKind.CITIZEN,
            username="applicant",
            full_name=APPLICANT["applicant_name"],
            citizen_id=APPLICANT["citizen_id"],
        ),
        "other_citizen": make_user(kind=AccountKind.CITIZEN, username="other_citizen"),
        "agent": make_user(kind=AccountKind.AGENT, username="agent"),
    }
    procedure = Procedure.objects.get(code="1.001193")
    return {"org": org, "people": people, "procedure": procedure, "commune": committee.commune}


def file_online(world, **kwargs):
    """The applicant files a birth registration online (it waits for the desk's check)."""
    form = kwargs.pop("form_data", dict(BIRTH_FORM))
    return services.dossier_create(
        actor=world["people"]["applicant"],
        procedure=world["procedure"],
        channel="online",
        receiving_unit=world["org"]["centre"],
        commune=world["commune"],
        applicant=dict(APPLICANT),
        form_data=form,
        **kwargs,
    )


def file_at_counter(world, officer="officer_b1", **kwargs):
    version = world["procedure"].versions.get()
    return services.dossier_create(
        actor=world["people"][officer],
        procedure=world["procedure"],
        channel="counter",
        receiving_unit=world["org"]["branch1"],
        counter=world["org"]["counter1"],
        commune=world["commune"],
        applicant=dict(APPLICANT),
        documents=[services.PresentedDocument(d.pk, originals=1) for d in version.documents.filter(mandatory=True)],
        **kwargs,
    )
