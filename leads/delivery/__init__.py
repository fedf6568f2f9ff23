"""Delivery of stored leads to sales: a transactional outbox and the worker that empties it.

`outbox.enqueue` writes one `deliveries` row per configured channel in the
lead's own transaction, so a committed lead always has its deliveries; the
worker (`worker.py`) leases each row, sends it through its channel
(`channels/`) and records every attempt. Delivery is at least once: the lead
id travels as the idempotency key so receivers can drop a repeat.
"""
