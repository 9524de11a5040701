import subprocess
import sys

import pytest
from django.core.management import call_command

from motcua.core.models import CalendarOverride


def run_cli(*args):
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "motcua.cli", "deadline", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.django_db
def test_command_prints_the_due_moment(capsys):
    call_command("deadline", "--start", "2026-02-12T09:30", "--working-days", "10")
    assert capsys.readouterr().out.strip() == "2026-03-05T09:30:00+07:00"
    call_command("deadline", "--start", "2026-03-02T16:00", "--working-hours", "1.5")
    assert capsys.readouterr().out.strip() == "2026-03-03T08:30:00+07:00"
    call_command("deadline", "--start", "2026-03-02T09:00", "--calendar-days", "5")
    assert capsys.readouterr().out.strip() == "2026-03-09T09:00:00+07:00"


@pytest.mark.django_db
def test_command_uses_a_centres_office_hours(org, capsys):
    centre = org.centre
    centre.office_hours = [["07:30", "11:30"], ["13:30", "17:00"]]
    centre.save()
    call_command("deadline", "--start", "2026-03-02T07:30", "--working-days", "1", "--centre", centre.code)
    assert capsys.readouterr().out.strip() == "2026-03-02T17:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "12/02/2026", "--working-days", "10"], "--start"),
        (["--start", "2026-02-12T09:30"], "required"),
        (["--start", "2026-02-12T09:30", "--working-days", "-1"], "--working-days: phải lớn hơn hoặc bằng 0"),
        (["--start", "2026-02-12T09:30", "--working-hours", "abc"], "--working-hours: không phải là số"),
        (
            ["--start", "2026-02-12T09:30", "--calendar-days", "1.5"],
            "--calendar-days: phải là số ngày nguyên",
        ),
        (["--working-days", "1", "--working-hours", "2"], "not allowed with"),
    ],
)
def test_bad_input_is_one_line_and_status_2(args, message):
    """Messages are in the deployment's language (Vietnamese by default); argparse's own stay English."""
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


@pytest.mark.django_db
def test_deadline_api(client):
    response = client.get("/api/v1/calendar/deadline", {"start": "2026-02-12T09:30", "working_days": "10"})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-12T09:30:00+07:00",
        "due": "2026-03-05T09:30:00+07:00",
        "amount": "10",
        "unit": "working_days",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "not-a-date", "working_days": "1"}, "start"),
        ({"start": "2026-02-12T09:30"}, "duration"),
        ({"start": "2026-02-12T09:30", "working_hours": "-2"}, "working_hours"),
        ({"start": "2026-02-12T09:30", "working_days": "1", "centre": "UNKNOWN"}, "centre"),
    ],
)
def test_deadline_api_names_the_bad_field(client, params, field):
    response = client.get("/api/v1/calendar/deadline", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


@pytest.mark.django_db
def test_holidays_api_lists_days_off_and_extra_working_days(client):
    CalendarOverride.objects.create(date="2026-12-31", is_working_day=False, name="Nghỉ cuối năm")
    response = client.get("/api/v1/calendar/holidays", {"year": 2026})
    assert response.status_code == 200
    days = {d["date"]: d for d in response.json()}
    assert days["2026-02-17"] == {
        "date": "2026-02-17",
        "name": "Tết Nguyên Đán",
        "working": False,
        "source": "law",
    }
    assert days["2026-08-22"]["working"] is True
    assert days["2026-12-31"]["source"] == "override"
    assert client.get("/api/v1/calendar/holidays", {"year": 1800}).status_code == 422
    assert client.get("/api/v1/calendar/holidays", {"year": "x"}).status_code == 422
