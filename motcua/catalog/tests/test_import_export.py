import copy
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from motcua.catalog import selectors
from motcua.catalog.models import (
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessingMethod,
    RequiredDocument,
    Workflow,
    WorkflowStep,
)
from motcua.catalog.services import (
    SEED_FILE,
    CatalogError,
    catalog_export,
    catalog_import,
    catalog_read,
    normalize,
)
from motcua.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
MODELS = [
    Procedure,
    ProcedureVersion,
    ProcessingMethod,
    Fee,
    RequiredDocument,
    ProcedureCase,
    Workflow,
    WorkflowStep,
]


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seed():
    return catalog_read(SEED_FILE)


def test_seed_has_at_least_40_real_procedures_across_sectors(seeded_catalog):
    assert len(seeded_catalog.created) >= 40
    sectors = set(Procedure.objects.values_list("sector__name", flat=True))
    for sector in ["Hộ tịch", "Chứng thực", "Đất đai", "Hoạt động xây dựng", "Bảo trợ xã hội", "Việc làm"]:
        assert sector in sectors
    assert Procedure.objects.get(code="1.001193").name == "Thủ tục đăng ký khai sinh"
    assert set(Procedure.objects.values_list("level", flat=True)) == {"commune", "province"}
    assert Workflow.objects.filter(province="01").exists()
    assert ProcedureVersion.objects.exclude(eform__isnull=True).count() >= 10


def test_importing_the_seed_twice_changes_nothing(seeded_catalog, seed):
    before = snapshot()
    report = catalog_import(seed, actor=SYSTEM)
    assert report.created == [] and report.new_versions == []
    assert len(report.unchanged) == before["Procedure"]
    assert snapshot() == before


def test_export_round_trips(seeded_catalog, seed):
    exported = catalog_export()
    assert exported["format"] == "motcua-catalog/1"
    by_code = {p["code"]: p for p in exported["procedures"]}
    for proc in seed["procedures"]:
        assert by_code[proc["code"]] == normalize(proc)
    before = snapshot()
    assert catalog_import(json.loads(json.dumps(exported)), actor=SYSTEM).unchanged == sorted(by_code)
    assert snapshot() == before


def test_a_changed_procedure_gets_a_new_version_and_keeps_its_history(seeded_catalog, seed):
    changed = copy.deepcopy(seed)
    birth = next(p for p in changed["procedures"] if p["code"] == "1.001193")
    birth["fees"][0]["amount"] = 10000
    birth["version"] = {"effective_from": "2027-01-01", "decision": "Quyết định sửa đổi (thử nghiệm)"}
    report = catalog_import(changed, actor=SYSTEM)
    assert report.new_versions == ["1.001193"]
    assert len(report.unchanged) == len(seed["procedures"]) - 1

    procedure = Procedure.objects.get(code="1.001193")
    assert list(procedure.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    # dossiers received before the amendment keep the old version, later ones bind to the new one
    assert selectors.version_in_force(procedure, date(2026, 12, 31)).number == 1
    assert selectors.version_in_force(procedure, date(2027, 1, 1)).number == 2
    assert selectors.version_in_force(procedure, date(2020, 1, 1)) is None
    old = procedure.versions.get(number=1)
    assert old.fees.first().amount != 10000
    assert catalog_import(changed, actor=SYSTEM).new_versions == []  # and the new content is idempotent too


def test_import_is_all_or_nothing_and_errors_name_code_and_field(seeded_catalog, seed):
    before = snapshot()
    bad = copy.deepcopy(seed)
    bad["procedures"][0]["name"] = "Renamed, but must not land"
    bad["procedures"][1]["methods"][0]["unit"] = "weeks"
    bad["procedures"][2]["fees"].append({"code": "X", "name": "Phí", "amount": -5})
    with pytest.raises(CatalogError) as err:
        catalog_import(bad, actor=SYSTEM)
    messages = err.value.errors
    code1, code2 = bad["procedures"][1]["code"], bad["procedures"][2]["code"]
    assert any(m.startswith(f"procedure {code1}: methods[0].unit:") for m in messages)
    assert any(m.startswith(f"procedure {code2}: fees[") and "amount" in m for m in messages)
    assert snapshot() == before
    assert Procedure.objects.get(code=bad["procedures"][0]["code"]).name != "Renamed, but must not land"


def one(seed, code="1.001193"):
    proc = copy.deepcopy(next(p for p in seed["procedures"] if p["code"] == code))
    return {"format": "motcua-catalog/1", "procedures": [proc]}, proc


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: p["workflows"][0]["steps"][1].update(duration=99),
            "workflows[0].steps: allotted times add up to",
        ),
        (
            lambda p: p["competent_agency"].update(kind="department", department="magic"),
            "competent_agency.department: must be one of",
        ),
        (lambda p: p.update(level="province"), "competent_agency.kind: commune_committee does not decide"),
        (
            lambda p: p["cases"][0]["extra_documents"].append("NOPE"),
            "extra_documents: no document has the code NOPE",
        ),
        (lambda p: p.update(eform={"type": "object", "properties": {"x": {"type": "nonsense"}}}), "eform:"),
        (lambda p: p.update(eform={"type": "string"}), 'eform: must have "type": "object"'),
        (lambda p: p.pop("result"), "'result' is a required property"),
        (
            lambda p: p["version"].update(effective_from="2025-02-30"),
            "version.effective_from: not a valid date",
        ),
        (lambda p: p.update(online_level="none"), "online_level: an online method is needed"),
        (lambda p: p["workflows"].append(copy.deepcopy(p["workflows"][0])), "a second workflow for"),
        (lambda p: p["workflows"][0].update(province="99"), "no province has the code 99"),
        (lambda p: p["documents"].append(dict(p["documents"][0])), "documents: codes must be unique"),
        (lambda p: p.update(code="1 001"), "code:"),
        (lambda p: p.update(agency_name="x" * 301), "agency_name: "),  # would not fit its column
        (lambda p: p.update(name="Đăng ký " * 200), None),  # long official names are fine
    ],
)
def test_each_rule_is_checked_with_a_clear_message(seed, change, expected):
    data, proc = one(seed)
    change(proc)
    if expected is None:
        assert catalog_import(data, actor=SYSTEM).created == [proc["code"]]
        return
    with pytest.raises(CatalogError) as err, translation.override("en"):
        catalog_import(data, actor=SYSTEM)
    assert any(expected in message for message in err.value.errors), err.value.errors
    assert all(m.startswith("procedure ") for m in err.value.errors)
    assert not Procedure.objects.exists()


def test_duplicate_codes_and_bad_files_are_refused(seed, tmp_path):
    data, proc = one(seed)
    data["procedures"].append(copy.deepcopy(proc))
    with pytest.raises(CatalogError, match="appears twice"):
        catalog_import(data, actor=SYSTEM)
    with pytest.raises(CatalogError, match="format"):
        catalog_import({"format": "other/1", "procedures": []}, actor=SYSTEM)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CatalogError, match="not JSON: line 1"):
        catalog_read(broken)
    with pytest.raises(CatalogError, match="no such file"):
        catalog_read(tmp_path / "missing.json")


def test_only_administrators_import(seed, org, staff):
    data, _ = one(seed)
    with pytest.raises(PermissionDenied):
        catalog_import(data, actor=staff.director)
    assert catalog_import(data, actor=staff.admin).created == ["1.001193"]


def test_cli_import_and_export(seed, tmp_path, capsys):
    data, proc = one(seed)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("catalog", "import", str(good))
    assert "1 procedures created" in capsys.readouterr().out
    call_command("catalog", "import", str(good))
    assert "1 unchanged" in capsys.readouterr().out

    out = tmp_path / "export.json"
    call_command("catalog", "export", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["procedures"][0] == normalize(proc)

    proc["methods"][0]["duration"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported") as err:
        call_command("catalog", "import", str(bad))
    assert err.value.returncode == 2
    assert "procedure 1.001193: methods[0].duration" in capsys.readouterr().err
