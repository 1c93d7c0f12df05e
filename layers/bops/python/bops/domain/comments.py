"""Public comments on a published application. Pure.

Anyone may comment on a published application until it is determined (``check_open_for_comments``):
name, address, supportive / neutral / objection, one or more topics, and text. A comment is stored
verbatim (after normalising: Unicode NFC, line breaks as ``\\n``, control characters removed, surrounding
blanks trimmed); HTML in it is kept as text and never interpreted here or anywhere (the front end
renders it as text). The size limits apply after normalising.

A comment is shown publicly only as a redacted version an officer approves (``redact``: the officer
supplies the redacted text, which becomes public, with who and when). ``public_view`` is the only way to
the public form: the redacted text, the stance, the topics, the day it was received and the outward part
of the postcode (``SW9``); the name, the address and the original text never appear in it.

Abuse: ``COMMENT_RATE_LIMIT`` is how many comments a source (``source_key``: a keyed hash of the client's
address, so no IP address is stored) may send an hour; the repository counts them atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationError, field_validator

from bops.domain.errors import Conflict, DomainError, FieldError, InvalidRequest, NotFound, field_path
from bops.domain.lifecycle import FINAL_STATUSES, Status
from bops.domain.throttle import Throttle
from bops.domain.time import london_date
from bops.model import Model

MAX_NAME = 200
MAX_ADDRESS = 500
MAX_TEXT = 10_000
#: Raw input longer than this is refused before any normalising is done (normalising can only shrink a
#: text of ordinary characters; this bounds the work an oversized body can cause).
MAX_RAW_TEXT = 4 * MAX_TEXT


class Stance(StrEnum):
    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"
    OBJECTION = "objection"


class Topic(StrEnum):
    DESIGN = "design"
    USE = "use"
    PRIVACY = "privacy"
    LIGHT = "light"
    ACCESS = "access"
    NOISE = "noise"
    TRAFFIC = "traffic"
    OTHER = "other"


class TooManyRequests(DomainError):
    """The source has commented too often recently."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --- normalising -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_BLANKS = re.compile(r"\s+")


def normalise_text(value: str) -> str:
    """NFC, ``\\r\\n``/``\\r`` as ``\\n``, control characters (other than ``\\n`` and ``\\t``) and zero-width
    spaces removed, surrounding blanks trimmed. Nothing else changes: ``<script>`` stays ``<script>``."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).strip()


def normalise_line(value: str) -> str:
    """As ``normalise_text``, on one line: runs of blanks (line breaks included) become one space."""
    return _BLANKS.sub(" ", normalise_text(value)).strip()


def _text(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_RAW_TEXT:
            raise ValueError(f"must be at most {MAX_TEXT} characters")
        return normalise_text(value)
    return value


def _line(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_RAW_TEXT:
            raise ValueError("is far too long")
        return normalise_line(value)
    return value


Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
AddressText = Annotated[str, Field(min_length=1, max_length=MAX_ADDRESS)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


# --- the comment -----------------------------------------------------------------------------------


class CommentSubmission(Model):
    """What a member of the public sends (the body of the public endpoint)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    address: AddressText
    stance: Stance
    topics: tuple[Topic, ...] = Field(min_length=1, max_length=len(Topic))
    text: Text

    @field_validator("name", "address", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        return _line(value)

    @field_validator("text", mode="before")
    @classmethod
    def _normalised(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("stance", mode="before")
    @classmethod
    def _stance(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("topics", mode="before")
    @classmethod
    def _topics(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError("must be a list of topics")
        if isinstance(value, list | tuple):
            return [v.strip().lower() if isinstance(v, str) else v for v in value]
        return value

    @field_validator("topics")
    @classmethod
    def _unique(cls, value: tuple[Topic, ...]) -> tuple[Topic, ...]:
        if len(set(value)) != len(value):
            raise ValueError("must not repeat a topic")
        return value


class Redaction(Model):
    """The public version of a comment, as an officer approved it."""

    model_config = ConfigDict(frozen=True)

    text: Text
    by: str = Field(min_length=1)
    at: datetime


class PublicComment(CommentSubmission):
    """A comment as stored: verbatim, with the approved redaction once there is one."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1)
    received_at: datetime
    redaction: Redaction | None = None

    @property
    def published(self) -> bool:
        return self.redaction is not None


class PublicCommentView(Model):
    """What the public sees of a comment."""

    model_config = ConfigDict(frozen=True)

    id: str
    stance: Stance
    topics: tuple[Topic, ...]
    received_on: date
    #: The officer's redacted text (plain text: HTML in it is text).
    text: str
    #: The outward code of the commenter's postcode (``SW9``), when the address has a postcode.
    postcode_district: str | None = None


def new_comment(payload: Mapping[str, Any] | Any, *, id: str, received_at: datetime) -> PublicComment:
    """A comment from a public submission, or ``InvalidRequest`` naming each bad field
    (``name``, ``address``, ``stance``, ``topics``, ``topics[1]``, ``text``, or an unknown field)."""
    if not isinstance(payload, Mapping):
        raise InvalidRequest("The comment must be an object", fields=[FieldError("body", "expected an object")])
    try:
        submission = CommentSubmission.model_validate(dict(payload))
    except ValidationError as error:
        raise _invalid(error, "The comment is not valid") from None
    return PublicComment(**submission.model_dump(), id=id, received_at=received_at)


def check_open_for_comments(*, status: Status | str, published: bool) -> None:
    """Raise unless the public may comment: ``NotFound`` when the application is not published (the public
    cannot see it), ``Conflict`` once it is determined (or withdrawn, returned or closed)."""
    if not published:
        raise NotFound("There is no published application with that reference")
    status = Status(status)
    if status in FINAL_STATUSES:
        raise Conflict(f"Comments are closed: the application is {status.value}")


# --- redaction and the public view -----------------------------------------------------------------


def redact(comment: PublicComment, redacted_text: str | None, *, by: str, at: datetime) -> PublicComment:
    """The comment with the officer's redacted text approved for the public (replacing an earlier one).

    The redacted text follows the same rules as the original (normalised, 1 to 10,000 characters). It
    may be longer than the original, since a name replaced by "[name removed]" grows, and it may equal
    the original when there is nothing to remove: the officer's approval is what makes it public.
    """
    errors = []
    text = redacted_text if isinstance(redacted_text, str) else ""
    if len(text) > MAX_RAW_TEXT:
        errors.append(FieldError("redacted_text", f"must be at most {MAX_TEXT} characters"))
    else:
        text = normalise_text(text)
        if not text:
            errors.append(FieldError("redacted_text", "is required"))
        elif len(text) > MAX_TEXT:
            errors.append(FieldError("redacted_text", f"must be at most {MAX_TEXT} characters"))
    if not (by or "").strip():
        errors.append(FieldError("by", "is required"))
    if errors:
        raise InvalidRequest("The redacted comment is not valid", fields=errors)
    return comment.model_copy(update={"redaction": Redaction(text=text, by=by.strip(), at=at)})


_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9][A-Z]{2}\b", re.IGNORECASE)


def postcode_district(address: str) -> str | None:
    """The outward code of the last UK postcode in an address (``SW9`` for ``..., SW9 9RZ``), else None."""
    matches = _POSTCODE.findall(address or "")
    return matches[-1].upper() if matches else None


def public_view(comment: PublicComment) -> PublicCommentView | None:
    """The public form of a comment, or None until an officer has approved a redaction."""
    if comment.redaction is None:
        return None
    return PublicCommentView(
        id=comment.id,
        stance=comment.stance,
        topics=comment.topics,
        received_on=_english_date(comment.received_at),
        text=comment.redaction.text,
        postcode_district=postcode_district(comment.address),
    )


def public_views(comments: Iterable[PublicComment]) -> list[PublicCommentView]:
    """The public form of each published comment, newest first."""
    views = [v for v in (public_view(c) for c in comments) if v is not None]
    return sorted(views, key=lambda v: (v.received_on, v.id), reverse=True)


# --- summary ---------------------------------------------------------------------------------------


class CommentSummary(Model):
    model_config = ConfigDict(frozen=True)

    total: int
    supportive: int
    neutral: int
    objection: int
    by_topic: dict[str, int]
    #: Comments not yet redacted and approved for the public.
    awaiting_redaction: int


def summary(comments: Iterable[PublicComment]) -> CommentSummary:
    """Counts by stance and by topic (every topic listed, zeros included)."""
    comments = list(comments)
    stances = Counter(c.stance for c in comments)
    topics = Counter(t for c in comments for t in c.topics)
    return CommentSummary(
        total=len(comments),
        supportive=stances[Stance.SUPPORTIVE],
        neutral=stances[Stance.NEUTRAL],
        objection=stances[Stance.OBJECTION],
        by_topic={t.value: topics[t] for t in Topic},
        awaiting_redaction=sum(c.redaction is None for c in comments),
    )


# --- rate limit ------------------------------------------------------------------------------------


#: Five comments an hour from one source (each clock hour: see ``bops.domain.throttle`` for why fixed
#: windows).
COMMENT_RATE_LIMIT = Throttle(max_count=5, window_seconds=3600)


def too_many_comments(now: datetime) -> TooManyRequests:
    """The refusal of a source over ``COMMENT_RATE_LIMIT``, with how long to wait."""
    return TooManyRequests(
        "Too many comments from here; try again later", retry_after=COMMENT_RATE_LIMIT.retry_after(now)
    )


def source_key(client_address: str, *, secret: str | bytes) -> str:
    """A key for rate limiting from the client's IP address, keyed with a secret so that the stored key
    does not reveal the address (IPv4 addresses are too few for a plain hash)."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, client_address.strip().lower().encode(), hashlib.sha256).hexdigest()


# --- helpers ---------------------------------------------------------------------------------------


def _english_date(moment: datetime) -> date:
    return moment.date() if moment.tzinfo is None else london_date(moment)


def _invalid(error: ValidationError, message: str) -> InvalidRequest:
    fields = []
    for e in error.errors():
        msg = e["msg"]
        if e["type"] == "enum" and e["loc"][:1] == ("stance",):
            msg = "must be one of: " + ", ".join(s.value for s in Stance)
        elif e["type"] == "enum":
            msg = "must be one of: " + ", ".join(t.value for t in Topic)
        fields.append(FieldError(field_path(tuple(e["loc"])), msg))
    return InvalidRequest(message, fields=fields[:20])
