"""Outbox, delivery history, daily jobs, sales inbox users, notes, audit log, suppression list.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("consent_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("last_contact_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("supplier", sa.String(120)))
        batch.add_column(sa.Column("monthly_payment", sa.Numeric(12, 2)))
        batch.add_column(sa.Column("payment_timing", sa.String(20)))
        batch.add_column(sa.Column("residual_percent", sa.Numeric(5, 2)))
        batch.add_column(sa.Column("amount_basis", sa.String(3)))
    op.execute("UPDATE leads SET last_contact_at = created_at")
    op.execute("UPDATE leads SET consent_at = created_at WHERE consent_version IS NOT NULL")
    op.create_index("ix_leads_last_contact_at", "leads", ["last_contact_at"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "lead_id",
            sa.String(32),
            sa.ForeignKey("leads.id", ondelete="CASCADE", name="fk_deliveries_lead"),
            nullable=False,
        ),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("destination", sa.String(500), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("lead_id", "channel", name="uq_deliveries_lead_channel"),
    )
    op.create_index("ix_deliveries_next_attempt_at", "deliveries", ["next_attempt_at"])
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "delivery_id",
            sa.String(32),
            sa.ForeignKey("deliveries.id", ondelete="CASCADE", name="fk_attempts_delivery"),
            nullable=False,
        ),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("duration_ms", sa.Integer),
    )
    op.create_index("ix_delivery_attempts_delivery_id", "delivery_attempts", ["delivery_id"])
    op.create_table(
        "task_runs",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(120)),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "lead_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "lead_id",
            sa.String(32),
            sa.ForeignKey("leads.id", ondelete="CASCADE", name="fk_notes_lead"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(254), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_lead_notes_lead_id", "lead_notes", ["lead_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("lead_id", sa.String(32)),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_lead_id", "audit_log", ["lead_id"])
    op.create_table(
        "suppression",
        sa.Column("email_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("suppression")
    op.drop_index("ix_audit_log_lead_id", "audit_log")
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_lead_notes_lead_id", "lead_notes")
    op.drop_table("lead_notes")
    op.drop_table("users")
    op.drop_table("task_runs")
    op.drop_index("ix_delivery_attempts_delivery_id", "delivery_attempts")
    op.drop_table("delivery_attempts")
    op.drop_index("ix_deliveries_next_attempt_at", "deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_leads_last_contact_at", "leads")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("amount_basis")
        batch.drop_column("residual_percent")
        batch.drop_column("payment_timing")
        batch.drop_column("monthly_payment")
        batch.drop_column("supplier")
        batch.drop_column("last_contact_at")
        batch.drop_column("consent_at")
