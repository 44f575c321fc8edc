"""The participant-report parser against one realistic file per pitfall. The session
runs 12:00–13:15 America/Chicago on 4 November 2025 (18:00–19:15 UTC)."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from echo.choices import ImportVariant
from echo.zoom import normalise_name, parse_report, split_display_name, union_minutes
from tests.echo.attendance_cast import ENDS_AT, STARTS_AT, report

UTC = datetime.UTC


def parse(name: str, **kwargs):
    return parse_report(
        report(name),
        time_zone="America/Chicago",
        starts_at=kwargs.pop("starts_at", STARTS_AT),
        ends_at=kwargs.pop("ends_at", ENDS_AT),
    )


def by_email(parsed) -> dict:
    return {p.email or p.normalised_name: p for p in parsed.participants}


def test_per_join_with_the_meeting_header_block():
    parsed = parse("per_join_with_header.csv")
    assert parsed.variant == ImportVariant.PER_JOIN
    assert parsed.meeting_id == "812 3456 7890"
    assert parsed.meeting_topic.startswith("Infant Mental Health ECHO: Co-regulation")
    assert parsed.raw_row_count == 6
    people = by_email(parsed)
    # Joined 11:58:12 and left 13:15:30: clipped to the 75-minute session.
    assert people["avery.johnson@okfamilies.example"].minutes == 75
    # 12:03:47 → 13:14:02 is 70 min 15 s: whole minutes, rounded down.
    assert people["bmorales@tulsahv.example"].minutes == 70
    assert people["wei.chen@ouhsc.example"].minutes == 44
    # E-mails are compared without case.
    assert people["dbrooks@headstart-ok.example"].minutes == 55
    # Report times are wall-clock times in the series' zone (CST, UTC−6).
    assert people["wei.chen@ouhsc.example"].intervals[0][0] == datetime.datetime(
        2025, 11, 4, 18, 0, 5, tzinfo=UTC
    )


def test_per_join_without_the_header_block():
    parsed = parse("per_join_no_header.csv")
    assert parsed.variant == ImportVariant.PER_JOIN
    assert (parsed.meeting_id, parsed.meeting_topic) == ("", "")
    people = by_email(parsed)
    assert people["eruizlopez@wichild.example"].name == "Esperanza Ruiz-López"
    assert people["eruizlopez@wichild.example"].minutes == 75
    assert people["knguyen@okdhs.example"].minutes == 60  # 12:14:59 → 13:15:00
    assert people["avery.johnson@okfamilies.example"].minutes == 31


def test_unique_users_caps_at_the_session_and_keeps_the_longer_duplicate():
    parsed = parse("unique_users.csv")
    assert parsed.variant == ImportVariant.UNIQUE_USERS
    people = by_email(parsed)
    assert people["avery.johnson@okfamilies.example"].minutes == 75  # reported 92
    bianca = people["bmorales@tulsahv.example"]
    assert (bianca.minutes, bianca.join_count, bianca.line_numbers) == (63, 2, [4, 5])
    assert people["wei chen"].minutes == 58
    assert people["guest 4821"].minutes == 12
    assert parsed.raw_row_count == 6
    assert parsed.merged_row_count == 1


def test_a_byte_order_mark_and_windows_line_ends_are_read():
    raw = report("bom.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    parsed = parse("bom.csv")
    people = by_email(parsed)
    assert people["avery.johnson@okfamilies.example"].name == "Avery Johnson"
    assert people["bmorales@tulsahv.example"].minutes == 45


def test_headers_in_any_capitalisation():
    parsed = parse("header_case.csv")
    people = by_email(parsed)
    assert parsed.variant == ImportVariant.PER_JOIN
    assert people["wei.chen@ouhsc.example"].minutes == 65
    assert people["dbrooks@headstart-ok.example"].minutes == 50


def test_blank_emails_are_kept_by_name():
    parsed = parse("blank_emails.csv")
    people = by_email(parsed)
    assert set(people) == {
        "fern.okafor@cradle.example",
        "esperanza ruiz lopez",
        "wei chen",
        "sam taylor",
        "iphone",
        "maya thompson",
    }
    assert people["esperanza ruiz lopez"].email == ""
    assert people["esperanza ruiz lopez"].minutes == 72  # 12:02:30 → 13:15:00
    assert people["iphone"].minutes == 24  # 12:15:20 → 12:40:03


def test_rejoins_and_second_devices_are_a_union_never_a_sum():
    parsed = parse("rejoins_devices.csv")
    assert parsed.raw_row_count == 8
    assert parsed.merged_row_count == 5
    people = by_email(parsed)
    avery = people["avery.johnson@okfamilies.example"]
    # Laptop 11:58:40–12:31:10 and 12:33:05–13:16:00, phone (not signed in, same
    # name) 12:29:50–12:52:30 bridging the gap: the whole session, not 33+43+23 = 99.
    assert avery.join_count == 3
    assert avery.minutes == 75
    assert avery.line_numbers == [2, 3, 5]
    assert avery.intervals == [
        (
            datetime.datetime(2025, 11, 4, 18, 0, tzinfo=UTC),
            datetime.datetime(2025, 11, 4, 19, 15, tzinfo=UTC),
        )
    ]
    # Two overlapping devices 12:00–12:40 and 12:10–12:50, then 13:00–13:05:30:
    # 50 + 5.5 minutes → 55, where the durations sum to 86.
    bianca = people["bmorales@tulsahv.example"]
    assert bianca.minutes == 55
    assert len(bianca.intervals) == 2
    # Two separate joins of 20 minutes each: nothing overlaps, 40 minutes.
    assert people["wei.chen@ouhsc.example"].minutes == 40


def test_joins_before_the_start_and_after_the_end_are_clipped():
    people = by_email(parse("outside_window.csv"))
    assert people["dbrooks@headstart-ok.example"].minutes == 75  # 11:31 → 13:44
    # A sound check before the start counts nothing; 12:40 → 13:30 counts to 13:15.
    assert people["wei.chen@ouhsc.example"].minutes == 35
    # Joined after the end: listed (nothing is dropped) with no minutes.
    bianca = people["bmorales@tulsahv.example"]
    assert (bianca.minutes, bianca.intervals) == (0, [])


def test_trailing_commas_and_empty_spreadsheet_rows():
    parsed = parse("trailing_commas.csv")
    people = by_email(parsed)
    assert parsed.raw_row_count == 2
    assert people["avery.johnson@okfamilies.example"].minutes == 60
    assert people["knguyen@okdhs.example"].minutes == 59


def test_a_recording_consent_column_is_ignored():
    people = by_email(parse("recording_consent.csv"))
    assert people["bmorales@tulsahv.example"].minutes == 74  # 12:00:11 → 13:15
    assert people["dbrooks@headstart-ok.example"].minutes == 60


def test_renamed_participants_keep_their_original_name():
    people = {p.name: p for p in parse("original_name.csv").participants}
    dee = people["Dee Brooks (Darnell Brooks)"]
    assert (dee.normalised_name, dee.original_name) == ("dee brooks", "darnell brooks")
    assert dee.minutes == 74
    assert people["Kim from OKDHS (Kim Nguyen)"].original_name == "kim nguyen"
    assert people["Bianca M. (Bianca Morales)"].email == "bmorales@tulsahv.example"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed_missing_columns.csv", "Line 1: the report has no “Leave Time”"),
        ("malformed_short_row.csv", "Line 3 has 3 columns where the header has 4"),
        ("malformed_time.csv", "Line 4: “4 Nov 12:00 noon” is not a time"),
    ],
)
def test_malformed_reports_are_refused_with_the_line(name, message):
    with pytest.raises(ValidationError) as caught:
        parse(name)
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no participant header row"),
        (b"Name (Original Name),User Email,Join Time,Leave Time\n", "no participants"),
        (b"Date,Amount\n2025-11-04,12\n", "Line 1: this does not look like"),
        (
            b"Name,User Email,Join Time,Leave Time\n"
            b"A B,a@b.example,11/04/2025 01:00:00 PM,11/04/2025 12:00:00 PM\n",
            "Line 2: the leave time comes before the join time",
        ),
        (
            b"Name,User Email,Join Time,Leave Time\n"
            b"A B,a@b.example,11/04/2025 12:61:00 PM,11/04/2025 01:00:00 PM\n",
            "Line 2: “11/04/2025 12:61:00 PM” is not a time",
        ),
        (
            b"Name,User Email,Total Duration (Minutes)\n,,30\n",
            "Line 2 has neither a name nor an e-mail",
        ),
        (
            b"Name,User Email,Total Duration (Minutes)\nA B,,half an hour\n",
            "Line 2: “half an hour” is not a number of minutes",
        ),
    ],
)
def test_other_unreadable_files(content, message):
    with pytest.raises(ValidationError) as caught:
        parse_report(
            content,
            time_zone="America/Chicago",
            starts_at=STARTS_AT,
            ends_at=ENDS_AT,
        )
    assert message in caught.value.messages[0]


def test_a_missing_leave_time_falls_back_to_the_duration():
    parsed = parse_report(
        "Name,User Email,Join Time,Leave Time,Duration (Minutes)\n"
        "A B,a@b.example,11/04/2025 12:30:00 PM,,20\n",
        time_zone="America/Chicago",
        starts_at=STARTS_AT,
        ends_at=ENDS_AT,
    )
    assert parsed.participants[0].minutes == 20


def test_windows_1252_files_are_read():
    content = "Name,User Email,Total Duration (Minutes)\nJosé Núñez,,40\n".encode(
        "cp1252"
    )
    parsed = parse_report(
        content, time_zone="America/Chicago", starts_at=STARTS_AT, ends_at=ENDS_AT
    )
    assert parsed.participants[0].normalised_name == "jose nunez"


def test_names_are_normalised_for_matching():
    assert normalise_name("  José  O'Neil-Smith ") == "jose oneil smith"
    assert normalise_name("WEI  CHEN") == "wei chen"
    assert split_display_name("Dee (Darnell Brooks)") == ("Dee", "Darnell Brooks")
    assert split_display_name("Avery Johnson") == ("Avery Johnson", "")


def test_union_of_intervals():
    def at(minute):
        return STARTS_AT + datetime.timedelta(minutes=minute)

    minutes, merged = union_minutes(
        [(at(-10), at(10)), (at(5), at(20)), (at(30), at(40)), (at(70), at(90))],
        start=STARTS_AT,
        end=ENDS_AT,
    )
    assert minutes == 20 + 10 + 5
    assert merged == [(at(0), at(20)), (at(30), at(40)), (at(70), at(75))]
