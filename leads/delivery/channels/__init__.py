"""The delivery channels; a new CRM is one module with a `Channel` class, added to CHANNELS."""

from __future__ import annotations

from ...settings import Settings
from .base import Channel, DeliveryError, PermanentError, RetryableError
from .email import EmailChannel
from .hubspot import HubSpotChannel
from .webhook import WebhookChannel

CHANNELS: tuple[type[Channel], ...] = (EmailChannel, WebhookChannel, HubSpotChannel)

__all__ = ["Channel", "DeliveryError", "PermanentError", "RetryableError", "configured"]


def configured(settings: Settings) -> dict[str, Channel]:
    """Channel name -> channel, for each channel whose settings are filled in."""
    found = {}
    for kind in CHANNELS:
        channel = kind.from_settings(settings)
        if channel is not None:
            found[channel.name] = channel
    return found
