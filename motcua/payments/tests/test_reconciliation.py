from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.payments import services
from motcua.payments.callbacks import demo_bank_pay
from motcua.payments.models import Payment, Receipt
from motcua.payments.permissions import reconciliation_units
from motcua.payments.selectors import reconciliation

from .conftest import owing, received

# The takings are the day's; a payment of yesterday is not.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_morning")]


def day_of_takings(world):
    """Worked out by hand. Branch 1: cash 8.000 + cash 38.000 (8.000 fee + 30.000 asked) and a QR 8.000 of a
    dossier filed there; the centre: a QR 58.000 (online, 8.000 + 50.000). Branch 2: cash 8.000 taken by its
    officer. Not counted: a pending QR code and a cash payment of yesterday."""
    services.payment_cash(actor=world.officer_b1, dossier=received(world), amount=8000)
    services.payment_cash(actor=world.officer_b1, dossier=owing(world, 30000), amount=38000)
    demo_bank_pay(services.payment_start_qr(actor=world.officer_b1, dossier=received(world)))
    demo_bank_pay(services.payment_start_qr(actor=world.applicant, dossier=owing(world, 50000, online=True)))
    services.payment_cash(actor=world.officer_b2, dossier=received(world), amount=8000)
    services.payment_start_qr(actor=world.officer_b1, dossier=received(world))  # pending
    old = services.payment_cash(actor=world.officer_b1, dossier=received(world), amount=8000)
    yesterday = timezone.now() - timedelta(days=1)
    Payment.objects.filter(pk=old.pk).update(paid_at=yesterday)
    Receipt.objects.filter(pk=old.receipt_id).update(issued_at=yesterday)


def test_takings_by_branch_and_method(world):
    day_of_takings(world)
    org = world.org
    report = reconciliation(day=timezone.localdate(), units=[org.centre, org.branch1, org.branch2])
    rows = {row.unit.code: row for row in report.rows}
    b1, b2, centre = rows[org.branch1.code], rows[org.branch2.code], rows[org.centre.code]
    assert (b1.cash.count, b1.cash.amount, b1.qr.count, b1.qr.amount) == (2, 46000, 1, 8000)
    assert (centre.cash.count, centre.qr.count, centre.qr.amount) == (0, 1, 58000)
    assert (b2.cash.count, b2.cash.amount, b2.qr.count) == (1, 8000, 0)
    totals = report.totals
    assert (totals.total.count, totals.total.amount) == (5, 120000)
    assert (totals.cash.amount, totals.qr.amount) == (54000, 66000)
    assert len(report.receipts) == 5 and sum(r.amount for r in report.receipts) == 120000


def test_query_count_does_not_grow_with_the_data(world):
    org = world.org
    units = [org.centre, org.branch1, org.branch2]
    officer = world.officer_b1
    services.payment_cash(actor=officer, dossier=received(world), amount=8000)
    with CaptureQueriesContext(connection) as few:
        reconciliation(day=timezone.localdate(), units=units)
    for _ in range(4):
        services.payment_cash(actor=officer, dossier=received(world), amount=8000)
    with CaptureQueriesContext(connection) as many:
        report = reconciliation(day=timezone.localdate(), units=units)
        [(r.dossier.code, r.unit.name, r.payment.method, r.issued_by) for r in report.receipts]
    assert len(few) == len(many) == 2


def test_view_query_count_is_constant(client, world):
    org = world.org
    officer = world.officer_b1
    client.force_login(world.director)
    services.payment_cash(actor=officer, dossier=received(world), amount=8000)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/payments/reconciliation/").status_code == 200
    for _ in range(3):
        services.payment_cash(actor=officer, dossier=received(world), amount=8000)
    demo_bank_pay(services.payment_start_qr(actor=officer, dossier=received(world)))
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/payments/reconciliation/?unit={org.branch1.code}")
    assert response.status_code == 200 and len(few) == len(many)


def test_the_page_shows_the_days_figures(client, world):
    day_of_takings(world)
    client.force_login(world.officer_b2)
    today = timezone.localdate().isoformat()
    html = client.get(f"/payments/reconciliation/?day={today}").content.decode()
    assert "120.000 đ" in html and "46.000 đ" in html and "58.000 đ" in html
    only_b2 = client.get(f"/payments/reconciliation/?day={today}&unit={world.org.branch2.code}")
    assert "8.000 đ" in only_b2.content.decode() and "120.000 đ" not in only_b2.content.decode()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "8.000 đ" in client.get(f"/payments/reconciliation/?day={yesterday}").content.decode()


@pytest.mark.parametrize("query", ["day=2026-13-01", "day=yesterday", "unit=T79.B1"])
def test_bad_filters_are_field_errors(client, world, query):
    client.force_login(world.director)
    response = client.get(f"/payments/reconciliation/?{query}")
    assert response.status_code == 422 and 'class="field-error"' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("director", True),
        ("officer_b1", True),
        ("officer_b2", True),
        ("officer_c", True),
        ("spec", False),
        ("lead", False),
        ("admin", False),
        ("spec_justice", False),
        ("applicant", False),
        ("agent", False),
    ],
)
def test_who_may_reconcile(client, world, who, allowed):
    client.force_login(world.person(who))
    assert client.get("/payments/reconciliation/").status_code == (200 if allowed else 403)


def test_anonymous_must_log_in(client, world):
    assert client.get("/payments/reconciliation/").status_code == 302


def test_the_family_is_the_whole_centre(world):
    org = world.org
    expected = {org.centre.pk, org.branch1.pk, org.branch2.pk}
    for who in ("director", "officer_b1", "officer_c"):
        assert {u.pk for u in reconciliation_units(world.person(who))} == expected
