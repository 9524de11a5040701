"""Import and export of the catalogue (format `motcua-catalog/1`, see docs/catalog-format.md).

Import is all-or-nothing: the whole file is checked first and every error names the procedure code and
the field; only a file without errors is written, in one transaction. It is idempotent: a procedure
whose content equals its latest version is left alone, a changed one gets a new version.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from jsonschema import Draft202012Validator

from motcua.core.actors import SYSTEM, actor_required, is_system
from motcua.core.errors import Refused
from motcua.core.text import fold
from motcua.geo.models import Province
from motcua.org.models import DepartmentArea

from .eforms import eform_schema_errors, fee_field_errors
from .errors import CatalogErrorCode
from .format import FILE_SCHEMA, FORMAT, PROCEDURE_SCHEMA
from .models import (
    Channel,
    DocumentKind,
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessingMethod,
    RequiredDocument,
    Sector,
    Workflow,
    WorkflowStep,
)
from .selectors import latest_versions, with_content
from .workflows import legal_time, workflow_error

SEED_FILE = Path(__file__).parent / "data" / "seed_catalog.json"
_COMMUNE_AGENCIES = {"commune_committee", "commune_police"}


class CatalogError(Exception):
    """A catalogue file that cannot be imported: every problem found (`errors`) and what kind of problem (`code`)."""

    def __init__(self, errors: list[str], *, code: str = CatalogErrorCode.INVALID_CATALOGUE):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.code = code


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} procedures created, {len(self.new_versions)} new versions, "
            f"{len(self.unchanged)} unchanged"
        )


# -- reading and checking ---------------------------------------------------------------------------
def catalog_read(path: Path | str) -> dict:
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError([f"{path}: no such file"], code=CatalogErrorCode.FILE_NOT_FOUND) from None
    except UnicodeDecodeError:
        raise CatalogError([f"{path}: not UTF-8 text"], code=CatalogErrorCode.NOT_UTF8) from None
    except json.JSONDecodeError as error:
        raise CatalogError(
            [f"{path}: not JSON: line {error.lineno}, column {error.colno}: {error.msg}"],
            code=CatalogErrorCode.NOT_JSON,
        ) from None


def _number(value):
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _in_document_order(codes: list[str], documents: list[dict]) -> list[str]:
    order = {d["code"]: i for i, d in enumerate(documents)}
    return sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))


def normalize(proc: dict) -> dict:
    """The canonical form of one procedure: defaults filled in, numbers plain. Idempotent."""
    agency = {"kind": proc["competent_agency"]["kind"]}
    if proc["competent_agency"].get("department"):
        agency["department"] = proc["competent_agency"]["department"]
    return {
        "code": proc["code"],
        "name": proc["name"].strip(),
        "sector": proc["sector"].strip(),
        "level": proc["level"],
        "competent_agency": agency,
        "agency_name": proc["agency_name"].strip(),
        "subjects": list(proc.get("subjects") or []),
        "requirements": proc.get("requirements") or "",
        "result": proc["result"],
        "legal_basis": [
            {k: item[k] for k in ("number", "title", "issued") if item.get(k)} for item in proc.get("legal_basis") or []
        ],
        "online_level": proc["online_level"],
        "version": {
            "effective_from": proc["version"]["effective_from"],
            "decision": proc["version"]["decision"],
            "note": proc["version"].get("note") or "",
        },
        "methods": [
            {
                "channel": m["channel"],
                "duration": _number(m["duration"]),
                "unit": m["unit"],
                "description": m.get("description") or "",
            }
            for m in proc["methods"]
        ],
        "fees": [
            {
                "code": f["code"],
                "name": f["name"],
                "amount": int(f["amount"]),
                "description": f.get("description") or "",
                "exemptions": f.get("exemptions") or "",
                "quantity_field": f.get("quantity_field") or "",
                "only_if": {"field": f["only_if"]["field"], "values": list(f["only_if"]["values"])}
                if f.get("only_if")
                else None,
            }
            for f in proc.get("fees") or []
        ],
        "documents": [
            {
                "code": d["code"],
                "name": d["name"],
                "originals": d.get("originals", 0),
                "copies": d.get("copies", 0),
                "form": d.get("form") or "",
                "mandatory": d.get("mandatory", True),
                "condition": d.get("condition") or "",
                "kind": d.get("kind") or "",
            }
            for d in proc["documents"]
        ],
        "cases": [
            {
                "code": c["code"],
                "name": c["name"],
                "duration": None if c.get("duration") is None else _number(c["duration"]),
                "extra_documents": _in_document_order(c.get("extra_documents") or [], proc["documents"]),
            }
            for c in proc.get("cases") or []
        ],
        "eform": proc.get("eform"),
        "workflows": sorted(
            (
                {
                    "province": w.get("province"),
                    "steps": [
                        {
                            "name": s["name"],
                            "unit_kind": s["unit_kind"],
                            "role": s["role"],
                            "duration": _number(s["duration"]),
                            "unit": s["unit"],
                            "parallel_group": s.get("parallel_group"),
                        }
                        for s in w["steps"]
                    ],
                }
                for w in proc.get("workflows") or []
            ),
            key=lambda w: w["province"] or "",
        ),
    }


def _semantic_errors(proc: dict, provinces: set[str]) -> list[str]:
    """Rules across fields that JSON Schema cannot state; messages are `field: problem`."""
    errors = []
    agency = proc["competent_agency"]
    if agency["kind"] == "department":
        if agency.get("department") not in DepartmentArea.values:
            errors.append(f"competent_agency.department: must be one of {', '.join(DepartmentArea.values)}")
    elif agency.get("department"):
        errors.append("competent_agency.department: only a department has a department area")
    if (proc["level"] == "commune") != (agency["kind"] in _COMMUNE_AGENCIES):
        errors.append(f"competent_agency.kind: {agency['kind']} does not decide {proc['level']}-level procedures")
    try:
        date.fromisoformat(proc["version"]["effective_from"])
    except ValueError:
        errors.append("version.effective_from: not a valid date")

    channels = [m["channel"] for m in proc["methods"]]
    if len(set(channels)) != len(channels):
        errors.append("methods: a channel is listed twice")
    if len({m["unit"] for m in proc["methods"]}) > 1:
        errors.append("methods: all channels must count time in the same unit")
    if (Channel.ONLINE in channels) == (proc["online_level"] == OnlineLevel.NONE):
        errors.append("online_level: an online method is needed exactly when the procedure is offered online")
    for i, m in enumerate(proc["methods"]):
        if m["unit"] == "calendar_days" and m["duration"] != int(m["duration"]):
            errors.append(f"methods[{i}].duration: calendar days must be a whole number")

    for name in ("documents", "fees", "cases"):
        codes = [item["code"] for item in proc[name]]
        if len(set(codes)) != len(codes):
            errors.append(f"{name}: codes must be unique within the procedure")
    document_codes = {d["code"] for d in proc["documents"]}
    for i, case in enumerate(proc["cases"]):
        for missing in sorted(set(case["extra_documents"]) - document_codes):
            errors.append(f"cases[{i}].extra_documents: no document has the code {missing}")

    eform_errors = eform_schema_errors(proc["eform"]) if proc["eform"] is not None else []
    errors.extend(f"eform: {message}" for message in eform_errors)
    eform = None if eform_errors else proc["eform"]
    for i, fee in enumerate(proc["fees"]):
        if (fee["quantity_field"] or fee["only_if"]) and eform is None:
            errors.append(f"fees[{i}]: only a procedure with a valid e-form has fees that follow the declaration")
        elif eform is not None:
            errors.extend(
                f"fees[{i}].{problem}" for problem in fee_field_errors(eform, fee["quantity_field"], fee["only_if"])
            )
    for i, document in enumerate(proc["documents"]):
        if document["kind"] == DocumentKind.DECLARATION and eform is None:
            errors.append(f"documents[{i}].kind: only a procedure with an e-form has a declaration it stands in for")
    kinds = [d["kind"] for d in proc["documents"] if d["kind"]]
    if len(set(kinds)) != len(kinds):
        errors.append("documents: at most one document of each kind")

    legal = legal_time((m["channel"], Decimal(str(m["duration"])), m["unit"]) for m in proc["methods"])
    seen = set()
    for i, workflow in enumerate(proc["workflows"]):
        province = workflow["province"]
        if province in seen:
            errors.append(f"workflows[{i}].province: a second workflow for {province or 'all provinces'}")
        seen.add(province)
        if province is not None and province not in provinces:
            errors.append(f"workflows[{i}].province: no province has the code {province}")
        problem = workflow_error(
            ((Decimal(str(s["duration"])), s["unit"], s["parallel_group"]) for s in workflow["steps"]), *legal
        )
        if problem:
            errors.append(f"workflows[{i}].steps: {problem}")
    return errors


def catalog_validate(data) -> list[dict]:
    """Check a whole file; return its procedures in canonical form, or raise CatalogError with every error."""
    errors = [f"file: {_path(e)}{e.message}" for e in Draft202012Validator(FILE_SCHEMA).iter_errors(data)]
    if errors:
        raise CatalogError(errors)
    validator = Draft202012Validator(PROCEDURE_SCHEMA)
    provinces = set(Province.objects.values_list("code", flat=True))
    procedures, seen = [], set()
    for index, proc in enumerate(data["procedures"]):
        code = proc.get("code") if isinstance(proc, dict) and isinstance(proc.get("code"), str) else None
        label = f"procedure {code}" if code else f"procedures[{index}]"
        structural = sorted(validator.iter_errors(proc), key=lambda e: list(e.absolute_path))
        if structural:
            errors.extend(f"{label}: {_path(e) or ''}{e.message}" for e in structural)
            continue
        if code in seen:
            errors.append(f"{label}: code: appears twice in the file")
            continue
        seen.add(code)
        canonical = normalize(proc)
        errors.extend(f"{label}: {message}" for message in _semantic_errors(canonical, provinces))
        procedures.append(canonical)
    if errors:
        raise CatalogError(errors)
    return procedures


def _path(error) -> str:
    parts = []
    for part in error.absolute_path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}" if parts else str(part))
    return "".join(parts) + ": " if parts else ""


# -- writing -------------------------------------------------------------------------------------------
def _sector(name: str, cache: dict) -> Sector:
    if name not in cache:
        sector = Sector.objects.filter(name=name).first()
        if sector is None:
            base = slugify(fold(name))[:100] or "sector"
            code, n = base, 1
            while Sector.objects.filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            sector = Sector.objects.create(name=name, code=code)
        cache[name] = sector
    return cache[name]


def _write_version(procedure: Procedure, number: int, proc: dict, provinces: dict) -> ProcedureVersion:
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        effective_from=date.fromisoformat(proc["version"]["effective_from"]),
        decision=proc["version"]["decision"],
        note=proc["version"]["note"],
        name=proc["name"],
        agency_name=proc["agency_name"],
        subjects=proc["subjects"],
        requirements=proc["requirements"],
        result=proc["result"],
        legal_basis=proc["legal_basis"],
        online_level=proc["online_level"],
        eform=proc["eform"],
    )
    ProcessingMethod.objects.bulk_create(
        ProcessingMethod(
            version=version,
            channel=m["channel"],
            duration=Decimal(str(m["duration"])),
            unit=m["unit"],
            description=m["description"],
        )
        for m in proc["methods"]
    )
    Fee.objects.bulk_create(
        Fee(
            version=version,
            position=i,
            code=f["code"],
            name=f["name"],
            amount=f["amount"],
            description=f["description"],
            exemptions=f["exemptions"],
            quantity_field=f["quantity_field"],
            condition_field=f["only_if"]["field"] if f["only_if"] else "",
            condition_values=f["only_if"]["values"] if f["only_if"] else [],
        )
        for i, f in enumerate(proc["fees"])
    )
    documents = RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            position=i,
            code=d["code"],
            name=d["name"],
            originals=d["originals"],
            copies=d["copies"],
            form_name=d["form"],
            mandatory=d["mandatory"],
            condition=d["condition"],
            kind=d["kind"],
        )
        for i, d in enumerate(proc["documents"])
    )
    by_code = {d.code: d for d in documents}
    for i, c in enumerate(proc["cases"]):
        case = ProcedureCase.objects.create(
            version=version,
            position=i,
            code=c["code"],
            name=c["name"],
            duration=None if c["duration"] is None else Decimal(str(c["duration"])),
        )
        case.extra_documents.set([by_code[code] for code in c["extra_documents"]])
    for w in proc["workflows"]:
        workflow = Workflow.objects.create(version=version, province=provinces.get(w["province"]))
        WorkflowStep.objects.bulk_create(
            WorkflowStep(
                workflow=workflow,
                position=i,
                name=s["name"],
                unit_kind=s["unit_kind"],
                role=s["role"],
                duration=Decimal(str(s["duration"])),
                unit=s["unit"],
                parallel_group=s["parallel_group"],
            )
            for i, s in enumerate(w["steps"], start=1)
        )
    return version


def catalog_import(data, *, actor) -> ImportReport:
    """Import a whole catalogue file's content; raises CatalogError (and writes nothing) on any error.

    `actor=SYSTEM` loads data (the `catalog import` command, the seed); a person needs `catalog.add_procedure`."""
    actor_required(actor)
    if not is_system(actor) and not actor.has_perm("catalog.add_procedure"):
        raise Refused("catalog.add_procedure", code=CatalogErrorCode.NOT_ALLOWED)
    procedures = catalog_validate(data)
    report = ImportReport()
    provinces = {p.code: p for p in Province.objects.all()}
    sectors: dict[str, Sector] = {}
    with transaction.atomic():
        codes = [p["code"] for p in procedures]
        existing = {p.code: p for p in Procedure.objects.select_for_update().filter(code__in=codes)}
        latest = {v.procedure_id: v for v in with_content(latest_versions().filter(procedure__code__in=codes))}
        for proc in procedures:
            procedure = existing.get(proc["code"])
            current = latest.get(procedure.pk) if procedure else None
            if current is not None and version_to_dict(current) == proc:
                report.unchanged.append(proc["code"])
                continue
            procedure = procedure or Procedure(code=proc["code"])
            procedure.name = proc["name"]
            procedure.sector = _sector(proc["sector"], sectors)
            procedure.level = proc["level"]
            procedure.competent_agency = proc["competent_agency"]["kind"]
            procedure.department_area = proc["competent_agency"].get("department", "")
            procedure.online_level = proc["online_level"]
            procedure.is_active = True
            procedure.save()
            _write_version(procedure, (current.number + 1) if current else 1, proc, provinces)
            (report.new_versions if current else report.created).append(proc["code"])
    return report


# -- exporting -----------------------------------------------------------------------------------------
def version_to_dict(version: ProcedureVersion) -> dict:
    """One version in the exchange format's canonical form (what `normalize` gives for the same content)."""
    procedure = version.procedure
    agency = {"kind": procedure.competent_agency}
    if procedure.department_area:
        agency["department"] = procedure.department_area
    return normalize(
        {
            "code": procedure.code,
            "name": version.name,
            "sector": procedure.sector.name,
            "level": procedure.level,
            "competent_agency": agency,
            "agency_name": version.agency_name,
            "subjects": version.subjects,
            "requirements": version.requirements,
            "result": version.result,
            "legal_basis": version.legal_basis,
            "online_level": version.online_level,
            "version": {
                "effective_from": version.effective_from.isoformat(),
                "decision": version.decision,
                "note": version.note,
            },
            "methods": [
                {"channel": m.channel, "duration": m.duration, "unit": m.unit, "description": m.description}
                for m in version.methods.all()
            ],
            "fees": [
                {
                    "code": f.code,
                    "name": f.name,
                    "amount": f.amount,
                    "description": f.description,
                    "exemptions": f.exemptions,
                    "quantity_field": f.quantity_field,
                    "only_if": {"field": f.condition_field, "values": f.condition_values}
                    if f.condition_field
                    else None,
                }
                for f in version.fees.all()
            ],
            "documents": [
                {
                    "code": d.code,
                    "name": d.name,
                    "originals": d.originals,
                    "copies": d.copies,
                    "form": d.form_name,
                    "mandatory": d.mandatory,
                    "condition": d.condition,
                    "kind": d.kind,
                }
                for d in version.documents.all()
            ],
            "cases": [
                {
                    "code": c.code,
                    "name": c.name,
                    "duration": c.duration,
                    "extra_documents": [d.code for d in c.extra_documents.all()],
                }
                for c in version.cases.all()
            ],
            "eform": version.eform,
            "workflows": [
                {
                    "province": w.province_id,
                    "steps": [
                        {
                            "name": s.name,
                            "unit_kind": s.unit_kind,
                            "role": s.role,
                            "duration": s.duration,
                            "unit": s.unit,
                            "parallel_group": s.parallel_group,
                        }
                        for s in w.steps.all()
                    ],
                }
                for w in version.workflows.all()
            ],
        }
    )


def catalog_export() -> dict:
    """Every active procedure in its latest version."""
    versions = with_content(latest_versions().filter(procedure__is_active=True).order_by("procedure__code"))
    return {"format": FORMAT, "procedures": [version_to_dict(v) for v in versions]}


def catalog_seed() -> ImportReport:
    """Load the catalogue shipped with the project (demo and first installs)."""
    return catalog_import(catalog_read(SEED_FILE), actor=SYSTEM)
