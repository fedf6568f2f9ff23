"""The webhook signature, as `examples/webhook_receiver.py` checks it."""

import hashlib
import hmac
import json
import threading
import time
from http.server import ThreadingHTTPServer

import httpx
import pytest

from examples.webhook_receiver import LeadStore, make_handler, verify
from leads.delivery.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, signed_headers

SECRET = "s3cret"
BODY = json.dumps({"id": "abc", "version": 1}).encode()


def test_the_signature_is_the_documented_hmac_of_timestamp_dot_body():
    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, 1700000000, BODY) == f"sha256={expected}"


def test_the_example_receiver_accepts_a_good_signature_and_rejects_the_rest():
    headers = signed_headers(SECRET, BODY)
    stamp, signature = headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    assert verify(SECRET, stamp, signature, BODY)
    assert not verify("autre-secret", stamp, signature, BODY)
    assert not verify(SECRET, stamp, signature, BODY + b" ")
    assert not verify(SECRET, str(int(stamp) + 1), signature, BODY)
    assert not verify(SECRET, stamp, None, BODY)
    assert not verify(SECRET, "hier", signature, BODY)
    old = signed_headers(SECRET, BODY, now=time.time() - 3600)
    assert not verify(SECRET, old[TIMESTAMP_HEADER], old[SIGNATURE_HEADER], BODY)


@pytest.fixture
def receiver():
    store = LeadStore()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(SECRET, store))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", store
    server.shutdown()
    server.server_close()


def test_the_example_receiver_answers_401_to_a_wrong_hmac_and_keeps_a_lead_once(receiver):
    url, store = receiver
    wrong = signed_headers("pas-le-secret", BODY)
    assert (
        httpx.post(url, content=BODY, headers={**wrong, "Idempotency-Key": "abc"}).status_code
        == 401
    )
    assert store.leads == {}
    for _ in range(2):
        good = signed_headers(SECRET, BODY)
        answer = httpx.post(url, content=BODY, headers={**good, "Idempotency-Key": "abc"})
        assert answer.status_code == 200
    assert list(store.leads) == ["abc"]
    assert answer.json() == {"stored": False}  # the repeat was recognised
