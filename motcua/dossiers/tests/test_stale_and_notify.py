import pytest
from django.core import mail

from motcua.dossiers import services
from motcua.dossiers.errors import DossierErrorCode
from motcua.dossiers.services import StaleDossier
from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import outbox_deliver
from tests.builders import a_dossier

pytestmark = pytest.mark.django_db


def test_a_stale_page_cannot_change_the_dossier(world):
    dossier = a_dossier(world, channel="counter").build()
    seen = dossier.revision
    services.dossier_receive(actor=world.officer_b1, dossier=dossier, revision=seen)
    with pytest.raises(StaleDossier, match="(?i)reload|tải lại") as stale:
        services.dossier_withdraw(actor=world.officer_b2, dossier=dossier, reason="x", revision=seen)
    assert stale.value.code == DossierErrorCode.STALE_REVISION


def test_status_changes_reach_the_applicant_through_the_outbox(world, working_morning):
    dossier = a_dossier(world, channel="counter").build()
    services.dossier_receive(actor=world.officer_b1, dossier=dossier)
    queued = OutboxMessage.objects.filter(dossier=dossier, channel="email")
    assert queued.count() == 1 and not mail.outbox  # written, not sent, inside the transaction
    assert outbox_deliver() == 2  # email and SMS
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    assert outbox_deliver() == 0  # nothing is sent twice


def test_failed_deliveries_are_retried_later(world, monkeypatch, working_morning):
    dossier = a_dossier(world, channel="counter").build()
    services.dossier_receive(actor=world.officer_b1, dossier=dossier)

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("motcua.notifications.services.send_mail", broken)
    assert outbox_deliver() == 1  # the SMS went; the email waits
    email = OutboxMessage.objects.get(channel="email")
    assert email.sent_at is None and email.attempts == 1 and "SMTP down" in email.last_error
    assert email.next_attempt_at > email.created_at
