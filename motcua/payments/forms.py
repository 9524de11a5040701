from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import NativeDateInput, PeriodDateField


class CashForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Amount received (đồng)"),
        min_value=1,
        max_value=10**12,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ExemptionForm(forms.Form):
    fee_code = forms.ChoiceField(label=_("Fee"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_code"].choices = [
            (line.code, f"{line.name} ({line.amount:,} đ)".replace(",", "."))
            for line in lines
            if not line.paid and not line.exempt and line.amount > 0
        ]


class ReconciliationForm(forms.Form):
    day = PeriodDateField(label=_("Day"), required=False, widget=NativeDateInput())
    unit = forms.ChoiceField(label=_("Service point"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All service points"))] + [(u.code, u.name) for u in units]
