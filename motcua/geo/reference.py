"""Load the official list of administrative units from the `vietnam-provinces` package.

Written against model classes passed in, so the same code serves the data migration (historical
models) and `motcua geo sync` (current models) after the package publishes new data.
"""

import json
from datetime import date
from pathlib import Path

import vietnam_provinces as vp

from motcua.core.text import fold

LINEAGE_FILES = [Path(__file__).parent / "data" / "province_merges_2025.json"]

_DIVISION_TYPES = {
    vp.VietNamDivisionType.TINH: "tinh",
    vp.VietNamDivisionType.THANH_PHO_TRUNG_UONG: "thanh_pho_trung_uong",
    vp.VietNamDivisionType.XA: "xa",
    vp.VietNamDivisionType.PHUONG: "phuong",
    vp.VietNamDivisionType.DAC_KHU: "dac_khu",
}


def province_code(value: int) -> str:
    return f"{int(value):02d}"


def commune_code(value: int) -> str:
    return f"{int(value):05d}"


def sync_divisions(province_model, commune_model) -> dict[str, int]:
    """Insert or update every province and commune; returns how many rows of each now exist."""
    provinces = [
        province_model(
            code=province_code(p.code),
            name=p.name,
            name_folded=fold(p.name),
            division_type=_DIVISION_TYPES[p.division_type],
            codename=p.codename,
            phone_code=p.phone_code,
        )
        for p in vp.Province.iter_all()
    ]
    province_model.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_folded", "division_type", "codename", "phone_code"],
    )
    communes = [
        commune_model(
            code=commune_code(w.code),
            name=w.name,
            name_folded=fold(w.name),
            division_type=_DIVISION_TYPES[w.division_type],
            codename=w.codename,
            province_id=province_code(w.province_code),
        )
        for w in vp.Ward.iter_all()
    ]
    commune_model.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_folded", "division_type", "codename", "province"],
    )
    return {"provinces": province_model.objects.count(), "communes": commune_model.objects.count()}


def sync_lineage(change_model, predecessor_model) -> int:
    """Record the published merges and renames; re-running changes nothing."""
    created = 0
    for path in LINEAGE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["changes"]:
            change, was_created = change_model.objects.update_or_create(
                level=data["level"],
                effective_date=date.fromisoformat(data["effective_date"]),
                successor_code=item["successor_code"],
                defaults={
                    "kind": data["kind"],
                    "legal_basis": data["legal_basis"],
                    "successor_name": item["successor_name"],
                },
            )
            created += was_created
            for pred in item["predecessors"]:
                predecessor_model.objects.update_or_create(
                    change=change, code=pred["code"], defaults={"name": pred["name"]}
                )
    return created
