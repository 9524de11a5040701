"""The nine criteria of Circular 01/2018/TT-VPCP Art. 13, the 0/1/2 scale and the "satisfied" rule.

This module is the one place that says what a rating means; the model stores what it computes here.

Vietnamese wording for the translators (the legal text's terms, shortened for a form):
    0  Không hài lòng
    1  Hài lòng
    2  Rất hài lòng
    1. Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định
    2. Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ
    3. Số lần phải liên hệ với cơ quan, đơn vị, tổ chức để hoàn thiện hồ sơ
    4. Tính chính xác, đầy đủ của thông tin về thủ tục hành chính được công khai
    5. Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận và giải quyết hồ sơ
    6. Kết quả giải quyết đúng quy định; chi phí đúng quy định, không phát sinh chi phí ngoài quy định
       (kể cả chi phí không chính thức)
    7. Việc tiếp nhận, giải quyết phản ánh, kiến nghị, khiếu nại
    8. Chất lượng dịch vụ công trực tuyến
    9. Nội dung khác
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    NOT_SATISFIED = 0, _("Not satisfied")  # Không hài lòng
    SATISFIED = 1, _("Satisfied")  # Hài lòng
    VERY_SATISFIED = 2, _("Very satisfied")  # Rất hài lòng


@dataclass(frozen=True)
class Criterion:
    number: int
    label: Promise

    @property
    def field(self) -> str:
        return f"criterion_{self.number}"


CRITERIA: tuple[Criterion, ...] = (
    Criterion(1, _("Processing time compared with the time set by the rules")),
    Criterion(2, _("Number of agencies you had to contact to complete the dossier")),
    Criterion(3, _("Number of times you had to contact them to complete the dossier")),
    Criterion(4, _("Accuracy and completeness of the published information on the procedure")),
    Criterion(5, _("Attitude of the staff who guided you, received and handled the dossier")),
    Criterion(
        6, _("Lawfulness of the result and of the costs, with no costs beyond the rules (illicit costs included)")
    ),
    Criterion(7, _("Handling of your feedback, recommendations and complaints")),
    Criterion(8, _("Quality of the online public service")),
    Criterion(9, _("Other")),
)
FIELDS: tuple[str, ...] = tuple(c.field for c in CRITERIA)
MAX_SCORE = len(CRITERIA) * Score.VERY_SATISFIED


def score_of(scores: Iterable[int]) -> int:
    """The rating's total: the sum of the nine scores (0 … 18)."""
    return sum(scores)


def is_satisfied(scores: Iterable[int]) -> bool:
    """Satisfied means no criterion was scored "not satisfied" (0).

    Why this rule: the Circular reports the share of citizens satisfied, and a citizen who is unhappy with any one
    aspect — a late result, an illicit cost, a rude officer — is not a satisfied citizen, however good the rest
    was. A threshold on the total would let a high score elsewhere hide exactly those cases.
    """
    return min(scores) > Score.NOT_SATISFIED
