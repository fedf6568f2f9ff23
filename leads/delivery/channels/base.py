"""The one interface every delivery channel implements.

A channel is a small class: `from_settings` says whether it is configured,
`destination` names where a lead goes (stored with the delivery, shown to
sales), `send` delivers it or raises one of the two errors below. Adding a
CRM is one file with one such class, listed in `channels/__init__.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from ...settings import Settings


class DeliveryError(Exception):
    """A failed attempt; `detail` is what sales read in the delivery history (French)."""

    retryable = True

    def __init__(self, detail: str, retry_after: float | None = None):
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class RetryableError(DeliveryError):
    """Network error, timeout, 429, 5xx, temporary SMTP refusal: try again later."""


class PermanentError(DeliveryError):
    """The receiver refused the lead itself (4xx, 5xx SMTP): retrying would not help."""

    retryable = False


class Channel(ABC):
    """Sends one lead somewhere. Instances are shared by the worker's sends."""

    name: str

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Settings) -> Channel | None:
        """The channel, or None when its settings are not filled in."""

    @abstractmethod
    def destination(self, lead: Mapping) -> str:
        """Where this lead goes: recipients or URL, stored with the delivery."""

    @abstractmethod
    def send(self, lead: Mapping, destination: str) -> str:
        """Deliver the lead; return a short French detail for the history, or raise."""
