"""The lead database's tables, as SQLAlchemy Core sees them.

They mirror the Alembic migrations in `migrations/versions/`: a schema change
is a new migration plus its mirror here, never an edit of a released one.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

leads = Table(
    "leads",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("spam_reasons", String(200)),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("duplicate_of", String(32)),
    Column("name", String(120)),
    Column("email", String(254), nullable=False),
    Column("email_normalized", String(254), nullable=False, index=True),
    Column("phone", String(40)),
    Column("phone_e164", String(20)),
    Column("organization", String(200)),
    Column("profession", String(40)),
    Column("message", Text),
    Column("product", String(200)),
    Column("offer", String(200)),
    Column("quantity", Integer),
    Column("delivery", String(40)),
    Column("amount", Numeric(12, 2)),
    Column("duration", Integer),
    Column("financing", String(40)),
    Column("consent", Boolean, nullable=False),
    Column("consent_version", String(60)),
    Column("page_url", Text),
    Column("page_title", String(300)),
    Column("referrer", Text),
    Column("utm_source", String(200)),
    Column("utm_medium", String(200)),
    Column("utm_campaign", String(200)),
    Column("utm_term", String(200)),
    Column("utm_content", String(200)),
    Column("ip", String(45)),
    Column("user_agent", String(500)),
    Column("fill_seconds", Float),
    # 0002: when the consent or information text was shown and accepted, and
    # the last exchange with the person (the retention period runs from it).
    Column("consent_at", DateTime(timezone=True)),
    Column("last_contact_at", DateTime(timezone=True), index=True),
    Column("supplier", String(120)),
    # 0002: the financing simulation the person saw (issue 7).
    Column("monthly_payment", Numeric(12, 2)),
    Column("payment_timing", String(20)),
    Column("residual_percent", Numeric(5, 2)),
    Column("amount_basis", String(3)),
)
service_keys = Table(
    "service_keys",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

# Transactional outbox (0002): one row per lead and channel, written in the
# lead's transaction; the worker leases, sends and settles each row.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("lead_id", String(32), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(40), nullable=False),  # email, webhook, hubspot...
    Column("destination", String(500), nullable=False),  # recipients or URL, for people
    Column("status", String(20), nullable=False),  # pending, delivered, dead
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("locked_until", DateTime(timezone=True)),  # lease of the worker sending it
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    UniqueConstraint("lead_id", "channel", name="uq_deliveries_lead_channel"),
)
delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "delivery_id",
        String(32),
        ForeignKey("deliveries.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),  # delivered, retry, dead
    Column("detail", Text),
    Column("duration_ms", Integer),
)
# Daily jobs (digest, purge): the last run, so several workers run each once a day.
task_runs = Table(
    "task_runs",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("last_run_at", DateTime(timezone=True), nullable=False),
)
# Sales inbox (0002).
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(120)),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True)),
)
lead_notes = Table(
    "lead_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "lead_id",
        String(32),
        ForeignKey("leads.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(254), nullable=False),
    Column("body", Text, nullable=False),
)
# Kept after a lead is purged or erased: names no person (lead ids, actions).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(254), nullable=False),
    Column("action", String(60), nullable=False),
    Column("lead_id", String(32), index=True),
    Column("detail", Text),
)
# RGPD: people who objected, as a keyed hash of their normalised e-mail.
suppression = Table(
    "suppression",
    metadata,
    Column("email_hash", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(40), nullable=False),
)
