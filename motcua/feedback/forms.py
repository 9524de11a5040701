from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import add_service_errors as show_service_errors

from .criteria import CRITERIA, Score
from .services import COMMENT_MAX


class ScoreField(forms.ChoiceField):
    """Radio buttons for 0/1/2 that pass whatever came to the service, so all errors are reported at once."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            return value  # services.clean_scores names it

    def validate(self, value):
        pass


class RatingForm(forms.Form):
    """Collects the nine scores and the comment; services.clean_scores is the one validator."""

    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {
            c.field: ScoreField(label=c.label, choices=Score.choices, required=False, widget=forms.RadioSelect)
            for c in CRITERIA
        }
        self.fields = criteria | {"comment": self.fields["comment"]}

    def criteria_fields(self):
        """(number, bound field) pairs, for the template's radio groups."""
        return [(c.number, self[c.field]) for c in CRITERIA]

    @property
    def scores(self) -> dict:
        return {c.field: self.cleaned_data.get(c.field) for c in CRITERIA}

    def add_service_errors(self, error: ValidationError) -> None:
        show_service_errors(self, error)
