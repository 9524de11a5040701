from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from . import selectors
from .models import Province

router = Router(tags=["geography"])


class ProvinceOut(Schema):
    code: str
    name: str
    type: str
    commune_count: int


class CommuneOut(Schema):
    code: str
    name: str
    type: str
    province_code: str


@router.get("/provinces", response=list[ProvinceOut], summary="The 34 provinces and centrally-run cities")
def province_list(request):
    return [
        ProvinceOut(code=p.code, name=p.name, type=p.division_type, commune_count=p.commune_count)
        for p in selectors.province_list()
    ]


@router.get(
    "/provinces/{code}/communes",
    response=list[CommuneOut],
    summary="Communes, wards and special zones of one province",
)
def commune_list(request, code: str):
    get_object_or_404(Province, code=code)
    return [
        CommuneOut(code=c.code, name=c.name, type=c.division_type, province_code=c.province_id)
        for c in selectors.commune_list(province_code=code)
    ]
