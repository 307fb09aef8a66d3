"""The coordinators' workspace tables: accounts, sessions, audit log, and the work on what
the laptops sent (reconstruction status, themes, decisions, the editable directory).

None of them holds personal data of clients: accounts are coordinators; institutions are
services, never people.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.office.models import OfficeBase, utcnow


class Account(OfficeBase):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))  # admin | coordination | steering
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebSession(OfficeBase):
    """A login; only the hash of the cookie's token is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(OfficeBase):
    """Who did what when: logins, changes, exports. Never figures or texts themselves."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")


class ReconstructionState(OfficeBase):
    """The coordinators' status of one received reconstruction (device + its id)."""

    __tablename__ = "reconstruction_states"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Theme(OfficeBase):
    """A generative theme worked by a project group (Kleve 5.5.2)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    principal_goal: Mapped[str] = mapped_column(Text, default="")  # Grundsatzziel
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ThemeGoal(OfficeBase):
    """A Rahmenziel (``parent_id`` empty) or a Handlungsstrategie under one."""

    __tablename__ = "theme_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme_goals.id",
                                                             ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)


class ThemeInstitution(OfficeBase):
    __tablename__ = "theme_institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(200))


class ThemeMeeting(OfficeBase):
    __tablename__ = "theme_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[str] = mapped_column(Text, default="")


class Decision(OfficeBase):
    """A steering-group decision (Beschluss); published to the laptops as ``feedback``."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    decided_on: Mapped[date] = mapped_column(Date)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)


class DirectoryEntry(OfficeBase):
    """One service of the district's directory (Versorgungssystem), as edited here."""

    __tablename__ = "directory_entries"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))
    municipality: Mapped[str] = mapped_column(String(80), default="")
    life_areas: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DirectoryVersion(OfficeBase):
    """A publication of the whole directory; a device has it once its cursor passed
    ``last_seq``."""

    __tablename__ = "directory_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entries: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)


class Setting(OfficeBase):
    """District settings entered in the workspace (e.g. case-manager positions)."""

    __tablename__ = "workspace_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
