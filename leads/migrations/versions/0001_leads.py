"""Create the leads table and the service keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("spam_reasons", sa.String(200)),
        sa.Column("idempotency_key", sa.String(100), nullable=False),
        sa.Column("duplicate_of", sa.String(32)),
        sa.Column("name", sa.String(120)),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_normalized", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("phone_e164", sa.String(20)),
        sa.Column("organization", sa.String(200)),
        sa.Column("profession", sa.String(40)),
        sa.Column("message", sa.Text),
        sa.Column("product", sa.String(200)),
        sa.Column("offer", sa.String(200)),
        sa.Column("quantity", sa.Integer),
        sa.Column("delivery", sa.String(40)),
        sa.Column("amount", sa.Numeric(12, 2)),
        sa.Column("duration", sa.Integer),
        sa.Column("financing", sa.String(40)),
        sa.Column("consent", sa.Boolean, nullable=False),
        sa.Column("consent_version", sa.String(60)),
        sa.Column("page_url", sa.Text),
        sa.Column("page_title", sa.String(300)),
        sa.Column("referrer", sa.Text),
        sa.Column("utm_source", sa.String(200)),
        sa.Column("utm_medium", sa.String(200)),
        sa.Column("utm_campaign", sa.String(200)),
        sa.Column("utm_term", sa.String(200)),
        sa.Column("utm_content", sa.String(200)),
        sa.Column("ip", sa.String(45)),
        sa.Column("user_agent", sa.String(500)),
        sa.Column("fill_seconds", sa.Float),
        sa.UniqueConstraint("idempotency_key", name="uq_leads_idempotency_key"),
    )
    op.create_index("ix_leads_created_at", "leads", ["created_at"])
    op.create_index("ix_leads_email_normalized", "leads", ["email_normalized"])
    op.create_table(
        "service_keys",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("service_keys")
    op.drop_index("ix_leads_email_normalized", "leads")
    op.drop_index("ix_leads_created_at", "leads")
    op.drop_table("leads")
