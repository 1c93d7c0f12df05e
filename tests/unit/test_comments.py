"""Public comments: validation with field paths, HTML kept as text, size limits, redaction and the public
view (never the original), the rate limit and the summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bops.domain.comments import (
    COMMENT_RATE_LIMIT,
    MAX_TEXT,
    PublicComment,
    Stance,
    TooManyRequests,
    Topic,
    check_open_for_comments,
    new_comment,
    postcode_district,
    public_view,
    public_views,
    redact,
    source_key,
    summary,
    too_many_comments,
)
from bops.domain.errors import Conflict, InvalidRequest, NotFound
from bops.domain.lifecycle import FINAL_STATUSES, Status

NOW = datetime(2027, 1, 5, 23, 30, tzinfo=UTC)
GOOD = {
    "name": "Ada Lovelace",
    "address": "42 Stansfield Road, London SW9 9RZ",
    "stance": "objection",
    "topics": ["privacy", "light"],
    "text": "The extension will overlook my garden and take the evening light.",
}


def comment(**changes) -> PublicComment:
    return new_comment({**GOOD, **changes}, id="c1", received_at=NOW)


def paths(error: pytest.ExceptionInfo) -> list[str]:
    return [f.path for f in error.value.fields]


# --- what a comment may hold -----------------------------------------------------------------------


def test_a_good_comment():
    c = comment()
    assert c.stance is Stance.OBJECTION
    assert c.topics == (Topic.PRIVACY, Topic.LIGHT)
    assert c.text == GOOD["text"] and c.redaction is None and not c.published


def test_html_is_kept_verbatim_as_text():
    text = "<script>alert('x')</script> <b>bold</b> &amp; <img src=x onerror=alert(1)>"
    c = comment(text=text, name="<i>Ada</i>")
    assert c.text == text
    assert c.name == "<i>Ada</i>"
    view = public_view(redact(c, c.text, by="officer-1", at=NOW))
    assert view.text == text  # the front end shows it as text; nothing here turns it into markup


def test_text_is_normalised_before_the_limit():
    c = comment(text="  Line one\r\nLine two\rLine three\x00\u200b  ", name=" Ada \n Lovelace ")
    assert c.text == "Line one\nLine two\nLine three"
    assert c.name == "Ada Lovelace"
    # NFC: "e" + combining acute is one character
    assert comment(text="cafe\u0301").text == "caf\u00e9"
    # exactly 10,000 characters after trimming is fine
    assert len(comment(text="  " + "a" * MAX_TEXT + "\n").text) == MAX_TEXT


@pytest.mark.parametrize("text", ["a" * (MAX_TEXT + 1), "x" * 1_000_000, "é" * 600_000])
def test_oversized_text_is_refused_on_text(text):
    with pytest.raises(InvalidRequest) as error:
        comment(text=text)
    assert paths(error) == ["text"]
    assert len(str(error.value.as_dict())) < 1000  # the body is not echoed back


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"stance": "against"}, ["stance"]),
        ({"stance": None}, ["stance"]),
        ({"topics": []}, ["topics"]),
        ({"topics": "design"}, ["topics"]),
        ({"topics": ["design", "design"]}, ["topics"]),
        ({"topics": ["design", "parking"]}, ["topics[1]"]),
        ({"text": "   "}, ["text"]),
        ({"name": "x" * 201}, ["name"]),
        ({"name": ""}, ["name"]),
        ({"address": "x" * 501}, ["address"]),
        ({"redaction": {"text": "mine", "by": "me", "at": "2027-01-01T00:00:00Z"}}, ["redaction"]),
        ({"stance": "support", "text": ""}, ["stance", "text"]),
    ],
)
def test_bad_fields_are_named(changes, expected):
    with pytest.raises(InvalidRequest) as error:
        comment(**changes)
    assert paths(error) == expected


def test_unknown_stance_lists_the_choices():
    with pytest.raises(InvalidRequest) as error:
        comment(stance="against")
    assert "supportive, neutral, objection" in error.value.fields[0].message


def test_stance_and_topics_are_case_insensitive():
    c = comment(stance=" Supportive ", topics=["DESIGN"])
    assert c.stance is Stance.SUPPORTIVE and c.topics == (Topic.DESIGN,)


def test_missing_fields_and_a_non_object():
    with pytest.raises(InvalidRequest) as error:
        new_comment({}, id="c1", received_at=NOW)
    assert paths(error) == ["name", "address", "stance", "topics", "text"]
    with pytest.raises(InvalidRequest) as error:
        new_comment(["not", "an", "object"], id="c1", received_at=NOW)
    assert paths(error) == ["body"]


def test_comments_only_on_published_applications_until_determined():
    check_open_for_comments(status=Status.IN_ASSESSMENT, published=True)
    check_open_for_comments(status="awaiting_determination", published=True)
    with pytest.raises(NotFound):
        check_open_for_comments(status=Status.IN_ASSESSMENT, published=False)
    for status in FINAL_STATUSES:
        with pytest.raises(Conflict):
            check_open_for_comments(status=status, published=True)


# --- redaction and the public view -----------------------------------------------------------------


def test_nothing_is_public_before_redaction():
    assert public_view(comment()) is None
    assert public_views([comment()]) == []


def test_the_public_view_holds_only_the_redacted_version():
    c = comment(
        name="Zebedee Quixotic-Smythe",
        address="Flat 9, 42 Stansfield Road, London, sw9 9rz",
        text="My neighbour Zebedee Quixotic-Smythe at flat 9 says the secret word is wombat.",
    )
    r = redact(c, "My neighbour [name removed] says the [removed].", by="officer-1", at=NOW)
    assert r.redaction.by == "officer-1" and r.redaction.at == NOW
    assert r.text == c.text  # the original is kept
    view = public_view(r)
    assert view.text == "My neighbour [name removed] says the [removed]."
    assert view.stance is Stance.OBJECTION and view.topics == (Topic.PRIVACY, Topic.LIGHT)
    assert view.received_on == date(2027, 1, 5)  # 23:30 UTC is still 5 January in England in winter
    assert view.postcode_district == "SW9"
    dumped = view.model_dump_json()
    for secret in ("Zebedee", "Quixotic", "wombat", "Flat 9", "42 Stansfield", "9RZ", "officer-1"):
        assert secret not in dumped


@settings(max_examples=100, deadline=None)
@given(
    original=st.text(min_size=20, max_size=200).filter(lambda t: len(t.strip()) >= 20),
    name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=12, max_size=30),
)
def test_redaction_never_leaks_the_original(original, name):
    marker = "ORIGINAL-" + name
    c = new_comment({**GOOD, "name": name, "text": marker + " " + original}, id="c1", received_at=NOW)
    view = public_view(redact(c, "Redacted by the council.", by="officer", at=NOW))
    dumped = view.model_dump_json()
    assert marker not in dumped and name not in dumped


def test_the_officer_may_redact_again_and_the_text_is_checked():
    c = redact(comment(), "First version", by="officer-1", at=NOW)
    c = redact(c, "Second version", by="officer-2", at=NOW + timedelta(hours=1))
    assert public_view(c).text == "Second version" and c.redaction.by == "officer-2"
    # longer than the original is fine ("[name removed]" grows), within the 10,000 limit
    assert redact(comment(text="Bob: no"), "[name removed]: no", by="o", at=NOW).redaction.text == "[name removed]: no"
    for bad in ("", "   ", None, "a" * (MAX_TEXT + 1), "a" * 1_000_000):
        with pytest.raises(InvalidRequest) as error:
            redact(comment(), bad, by="o", at=NOW)
        assert paths(error) == ["redacted_text"]
    with pytest.raises(InvalidRequest) as error:
        redact(comment(), "fine", by=" ", at=NOW)
    assert paths(error) == ["by"]


def test_public_views_are_newest_first():
    old = redact(new_comment(GOOD, id="a", received_at=NOW - timedelta(days=2)), "old", by="o", at=NOW)
    new = redact(new_comment(GOOD, id="b", received_at=NOW), "new", by="o", at=NOW)
    hidden = new_comment(GOOD, id="c", received_at=NOW)
    assert [v.id for v in public_views([old, hidden, new])] == ["b", "a"]


def test_postcode_district():
    assert postcode_district("42 Stansfield Road, London SW9 9RZ") == "SW9"
    assert postcode_district("1 Road, ec1a1bb") == "EC1A"
    assert postcode_district("The Old Barn, Nowhere") is None


def test_the_stored_comment_round_trips():
    c = redact(comment(), "Redacted", by="o", at=NOW)
    assert PublicComment.model_validate_json(c.model_dump_json()) == c


# --- summary ---------------------------------------------------------------------------------------


def test_summary_counts_by_stance_and_topic():
    comments = [
        comment(stance="objection", topics=["privacy", "light"]),
        comment(stance="objection", topics=["traffic"]),
        redact(comment(stance="supportive", topics=["design"]), "ok", by="o", at=NOW),
        comment(stance="neutral", topics=["other"]),
    ]
    s = summary(comments)
    assert (s.total, s.supportive, s.neutral, s.objection) == (4, 1, 1, 2)
    assert s.awaiting_redaction == 3
    assert s.by_topic == {
        "design": 1,
        "use": 0,
        "privacy": 1,
        "light": 1,
        "access": 0,
        "noise": 0,
        "traffic": 1,
        "other": 1,
    }
    assert summary([]).total == 0


# --- rate limit ------------------------------------------------------------------------------------


def test_the_rate_limit_is_five_an_hour_and_a_refused_source_waits_for_the_next_hour():
    assert COMMENT_RATE_LIMIT.max_count == 5 and COMMENT_RATE_LIMIT.window_seconds == 3600
    moment = datetime(2026, 12, 4, 10, 45, 30, tzinfo=UTC)
    assert COMMENT_RATE_LIMIT.window(moment) == (
        datetime(2026, 12, 4, 10, 0, tzinfo=UTC),
        datetime(2026, 12, 4, 11, 0, tzinfo=UTC),
    )
    refused = too_many_comments(moment)
    assert isinstance(refused, TooManyRequests) and refused.status == 429
    assert refused.retry_after == timedelta(minutes=14, seconds=30)
    # at the very end of the hour there is still a second to wait, never none
    assert too_many_comments(datetime(2026, 12, 4, 10, 59, 59, 999999, tzinfo=UTC)).retry_after == timedelta(seconds=1)


def test_source_key_hides_the_address():
    key = source_key("203.0.113.7", secret="s3cret")
    assert key == source_key(" 203.0.113.7 ", secret=b"s3cret")
    assert key != source_key("203.0.113.8", secret="s3cret")
    assert key != source_key("203.0.113.7", secret="other")
    assert "203" not in key and len(key) == 64
