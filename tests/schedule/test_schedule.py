"""commons.yml's week as GitHub cron lines, the workflows' time gate, and validation of drifted workflows."""

import shutil
from datetime import date, datetime, timedelta, timezone

import pytest

from commons.content import cycles
from commons.content.cycles import Week
from commons.schedule.core import cron_lines, fired_at, is_due

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
NY = Week(timezone="America/New_York")
UTC = timezone.utc


def test_seoul_keeps_todays_cron_lines():
    seoul = Week()
    assert [c.expression for c in cron_lines(seoul, "distribute")] == ["0 15 * * 6"]
    assert [c.expression for c in cron_lines(seoul, "publish")] == ["0 13 * * 3"]
    assert [c.expression for c in cron_lines(seoul, "remind")] == ["0 0 * * 2"]
    assert [c.expression for c in cron_lines(seoul, "collect")] == ["17 21 * * *"]


def test_new_york_has_a_line_for_each_offset():
    assert [c.expression for c in cron_lines(NY, "distribute")] == ["0 4 * * 0", "0 5 * * 0"]
    assert [c.expression for c in cron_lines(NY, "publish")] == ["0 2 * * 4", "0 3 * * 4"]  # Wednesday 22:00 is Thursday in UTC


def test_half_hour_zones_and_a_day_crossing_offset():
    assert [c.expression for c in cron_lines(Week(timezone="Asia/Kolkata"), "distribute")] == ["30 18 * * 6"]
    assert [c.expression for c in cron_lines(Week(timezone="Europe/London"), "distribute")] == ["0 0 * * 0", "0 23 * * 6"]


def test_every_sunday_of_two_years_exactly_one_new_york_line_runs_at_local_midnight_and_assigns_that_weeks_cycle():
    sunday = date(2026, 1, 4)
    while sunday < date(2028, 1, 1):
        due_runs = []
        for line in cron_lines(NY, "distribute"):
            minute, hour = (int(x) for x in line.expression.split()[:2])
            fired = datetime(sunday.year, sunday.month, sunday.day, hour, minute, tzinfo=UTC)
            started = fired + timedelta(minutes=37)  # GitHub starts scheduled runs late
            if is_due(NY, "distribute", line.expression, started).due:
                due_runs.append(fired)
        assert len(due_runs) == 1, sunday
        cycle = cycles.distributing_cycle(due_runs[0], NY)
        assert cycles.distribution_date(cycle, NY) == sunday, sunday
        sunday += timedelta(days=7)


@pytest.mark.parametrize("line, started, due", [
    ("0 5 * * 0", "2026-03-08T05:12:00+00:00", True),   # DST starts at 02:00 that Sunday: midnight is EST
    ("0 4 * * 0", "2026-03-08T04:03:00+00:00", False),  # Saturday 23:00 local
    ("0 4 * * 0", "2026-03-15T04:40:00+00:00", True),
    ("0 4 * * 0", "2026-11-01T04:10:00+00:00", True),   # DST ends at 02:00 that Sunday: midnight is EDT
    ("0 5 * * 0", "2026-11-01T05:10:00+00:00", False),  # 00:00 + 1h = 01:00 EDT
    ("0 5 * * 0", "2026-11-08T06:59:00+00:00", True),   # two hours late, still the 05:00 firing
])
def test_the_gate_decides_by_the_moment_the_line_names(line, started, due):
    assert is_due(NY, "distribute", line, datetime.fromisoformat(started)).due is due


def test_a_manual_run_is_always_due():
    assert is_due(NY, "publish", "", datetime(2026, 1, 1, tzinfo=UTC)).due


def test_fired_at_finds_the_latest_matching_minute():
    assert fired_at("0 5 * * 0", datetime(2026, 3, 9, 1, 0, tzinfo=UTC)) == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    assert fired_at("17 21 * * *", datetime(2026, 3, 9, 21, 16, tzinfo=UTC)) == datetime(2026, 3, 8, 21, 17, tzinfo=UTC)


def runs_on(week: Week, event: str, first: date, days: int) -> dict[date, list[datetime]]:
    """Every run that passes the gate, by local day, when every cron line fires every day for ``days``."""
    runs: dict[date, list[datetime]] = {}
    for n in range(days + 1):
        day = first + timedelta(days=n)
        for line in cron_lines(week, event):
            minute, hour, dow = line.expression.split()[0], line.expression.split()[1], line.expression.split()[4]
            fired = datetime(day.year, day.month, day.day, int(hour), int(minute), tzinfo=UTC)
            if dow != "*" and (fired.weekday() + 1) % 7 != int(dow):
                continue
            if is_due(week, event, line.expression, fired + timedelta(minutes=9)).due:
                runs.setdefault(fired.astimezone(week.zone).date(), []).append(fired)
    return runs


def test_a_time_the_clocks_skip_or_pass_twice_runs_exactly_once_that_day():
    berlin = Week(timezone="Europe/Berlin", collect=cycles.parse_moment("daily 02:30", daily_allowed=True))
    runs = runs_on(berlin, "collect", date(2026, 3, 20), 230)  # 29 March (02:00 → 03:00) and 25 October (03:00 → 02:00)
    days = [date(2026, 3, 20) + timedelta(days=n) for n in range(1, 230)]
    assert [d for d in days if len(runs.get(d, [])) != 1] == []
    assert runs[date(2026, 3, 29)][0].astimezone(berlin.zone).strftime("%H:%M %Z") == "03:30 CEST"  # the skipped 02:30, an hour on
    assert runs[date(2026, 10, 25)][0].astimezone(berlin.zone).strftime("%H:%M %Z") == "02:30 CEST"  # the first 02:30


def test_a_thursday_meeting_in_berlin_gets_its_agenda_every_thursday_across_both_changes():
    berlin = Week(timezone="Europe/Berlin", agenda=cycles.parse_moment("thursday 16:00"))
    assert [c.expression for c in cron_lines(berlin, "agenda")] == ["0 14 * * 4", "0 15 * * 4"]
    runs = runs_on(berlin, "agenda", date(2026, 1, 1), 365)
    assert all(day.weekday() == 3 and len(fired) == 1 for day, fired in runs.items())
    assert len(runs) == 53 and {f[0].astimezone(berlin.zone).hour for f in runs.values()} == {16}


# -- the command and validation ------------------------------------------------------------------
def with_schedule(text: str, block: str) -> str:
    """commons.yml's text with its `schedule:` block (if any) replaced by ``block``."""
    import re

    return re.sub(r"^schedule:\n(?:[ #].*\n|\n)*", "", text, flags=re.M).rstrip("\n") + "\n\n" + block
@pytest.fixture
def ny_repo(repo):
    shutil.copytree(ROOT / ".github", repo / ".github")
    text = (repo / "commons.yml").read_text(encoding="utf-8").replace("timezone: Asia/Seoul", "timezone: America/New_York")
    (repo / "commons.yml").write_text(text, encoding="utf-8")
    return repo


def test_a_drifted_workflow_fails_validation_and_write_fixes_it_once(ny_repo, cli):
    result = cli("--repo", ny_repo, "validate", ny_repo / "commons.yml")
    assert result.code == 1
    assert ".github/workflows/assign.yml:" in result.out and "schedule.distribute" in result.out
    assert ".github/dependabot.yml:" in result.out and "timezone Asia/Seoul, but commons.yml's is America/New_York" in result.out
    assert "'0 4 * * 0', '0 5 * * 0'" in result.out and "commons schedule --write" in result.out
    assert cli("--repo", ny_repo, "schedule").code == 1

    assert cli("--repo", ny_repo, "schedule", "--write").code == 0
    workflow = (ny_repo / ".github/workflows/assign.yml").read_text(encoding="utf-8")
    assert '- cron: "0 4 * * 0"  # sunday 00:00 America/New_York when UTC-04:00' in workflow
    assert '- cron: "0 5 * * 0"  # sunday 00:00 America/New_York when UTC-05:00' in workflow
    assert "timezone: America/New_York" in (ny_repo / ".github/dependabot.yml").read_text(encoding="utf-8")
    assert '- cron: "0 19 * * 3"  # wednesday 15:00 America/New_York when UTC-04:00' in (
        ny_repo / ".github/workflows/agenda.yml").read_text(encoding="utf-8")  # the agenda follows the week too
    before = {p.name: p.read_bytes() for p in (ny_repo / ".github/workflows").iterdir()}
    again = cli("--repo", ny_repo, "schedule", "--write")
    assert again.code == 0 and "0 workflows changed" in again.err
    assert before == {p.name: p.read_bytes() for p in (ny_repo / ".github/workflows").iterdir()}
    assert cli("--repo", ny_repo, "validate", ny_repo / "commons.yml").code == 0
    assert cli("--repo", ny_repo, "validate", ny_repo / ".github/workflows/assign.yml").code == 0

    # a hand edit of one cron line is caught, also when only the workflow is validated
    (ny_repo / ".github/workflows/publish.yml").write_text(
        (ny_repo / ".github/workflows/publish.yml").read_text(encoding="utf-8").replace('"0 3 * * 4"', '"0 13 * * 3"'),
        encoding="utf-8")
    drifted = cli("--repo", ny_repo, "validate", ny_repo / ".github/workflows/publish.yml")
    assert drifted.code == 1 and "publish.yml:" in drifted.out and "schedule.publish" in drifted.out


def test_a_workflow_without_the_gate_fails_validation(ny_repo, cli):
    cli("--repo", ny_repo, "schedule", "--write")
    path = ny_repo / ".github/workflows/remind.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("commons schedule --due remind", "echo skip"), encoding="utf-8")
    result = cli("--repo", ny_repo, "validate")
    assert result.code == 1 and "remind.yml" in result.out and "commons schedule --due remind" in result.out


def test_a_changed_schedule_in_commons_yml_drifts_until_written(ny_repo, cli):
    cli("--repo", ny_repo, "schedule", "--write")
    text = with_schedule((ny_repo / "commons.yml").read_text(encoding="utf-8"), "schedule:\n  distribute: monday 08:00\n  due: friday 18:00\n")
    (ny_repo / "commons.yml").write_text(text, encoding="utf-8")
    assert cli("--repo", ny_repo, "validate", ny_repo / "commons.yml").code == 1
    assert cli("--repo", ny_repo, "schedule", "--write").code == 0
    assert '"0 12 * * 1"' in (ny_repo / ".github/workflows/assign.yml").read_text(encoding="utf-8")
    assert cli("--repo", ny_repo, "validate", ny_repo / "commons.yml").code == 0


def test_a_bad_schedule_is_one_line_with_its_place(repo, cli):
    text = with_schedule((repo / "commons.yml").read_text(encoding="utf-8"), "schedule:\n  distribute: someday 25:00\n")
    (repo / "commons.yml").write_text(text, encoding="utf-8")
    result = cli("--repo", repo, "schedule")
    assert result.code == 2
    assert result.err.startswith("commons schedule: ") and "commons.yml:" in result.err and "schedule.distribute" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_the_gate_writes_its_answer_for_the_next_job(ny_repo, cli, tmp_path):
    output = tmp_path / "github_output"
    result = cli("--repo", ny_repo, "schedule", "--due", "distribute", "--cron", "0 4 * * 0",
                 env={"GITHUB_OUTPUT": str(output), "COMMONS_NOW": "2026-03-08T04:05:00+00:00"})
    assert result.code == 0 and "stops here" in result.out and output.read_text() == "due=false\n"
    result = cli("--repo", ny_repo, "schedule", "--due", "distribute", "--cron", "0 5 * * 0",
                 env={"GITHUB_OUTPUT": str(output), "COMMONS_NOW": "2026-03-08T05:05:00+00:00"})
    assert result.code == 0 and output.read_text() == "due=false\ndue=true\n"
    bad = cli("--repo", ny_repo, "schedule", "--due", "distribute", "--cron", "*/5 * * * *")
    assert bad.code == 2 and "--cron" in bad.err
