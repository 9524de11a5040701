from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.geo.models import Level

from .labels import agency_label
from .models import OnlineLevel, Procedure, Sector


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    online_level = forms.ChoiceField(label=_("Online"), required=False, choices=[("", _("Any")), *OnlineLevel.choices])
    agency = forms.ChoiceField(label=_("Competent agency"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("e.g. dang ky khai sinh, 1.001193"), "type": "search", "autocomplete": "off"}
        )
        self.fields["sector"].choices = [
            ("", _("All sectors")),
            *Sector.objects.filter(procedures__is_active=True).distinct().values_list("code", "name"),
        ]
        agencies = (
            Procedure.objects.filter(is_active=True)
            .values_list("competent_agency", "department_area")
            .distinct()
            .order_by("competent_agency", "department_area")
        )
        self.fields["agency"].choices = [
            ("", _("All agencies")),
            *((f"{kind}:{area}" if area else kind, agency_label(kind, area)) for kind, area in agencies),
        ]
