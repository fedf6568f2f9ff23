"""Browser measurements of one engine on one built site, in headless Chromium.

For each engine, from a fresh browser context (empty cache) on the search
page: bytes downloaded from the first query until its first result is shown
(compressed, images excluded), the time that first query takes, the time of
each later keystroke of a few queries typed letter by letter (warm, p95),
and the JS heap (page plus worker) after them.

lunr is driven through the real search page (the form is submitted by script
so that the typing delay does not count); Pagefind through its JS API, the
first result's fragment loaded, which is what its UI needs to show it.
"""

import json
import os
import statistics
from dataclasses import dataclass

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
COLD_QUERY = "tensiomètre électronique"
TYPED = ["stéthoscope double", "autoclave classe b", "gants nitrile", "défibrillateur semi"]
# Each query is typed from its first letter, as a person types it, and every
# keystroke is searched; as before, the first START - 1 of each query are not
# measured (our search completes words from three letters). Before, they were
# not typed at all: each query jumped from the previous one straight to its
# first three letters, which no person does, and which left the engines no
# keystroke to prepare the next ones in.
START = 3
# People type at most about ten keys a second: the warm figure leaves this
# much between the end of one answer and the next key, during which the
# worker may fetch what the next letter is likely to need. The same queries
# are also typed back to back, with no pause at all (`burst`), for reference.
TYPING_PAUSE_MS = 150

# Results first; then, not timed, wait for the facets that follow them, as a
# person typing would leave the worker time to count them before the next key.
LUNR_SETTLE = "() => !document.querySelector('[data-search-facets][aria-busy]')"
LUNR_QUERY = """async (q) => {
  const input = document.querySelector("#search-page-q");
  const status = document.querySelector("#search-page-status");
  const done = () => status.textContent.includes(`« ${q.trim()} »`);
  const t0 = performance.now();
  input.value = q;
  input.form.requestSubmit();
  await new Promise((resolve) => {
    if (done()) return resolve();
    new MutationObserver((_, observer) => {
      if (done()) { observer.disconnect(); resolve(); }
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  return performance.now() - t0;
}"""

PAGEFIND_QUERY = """async (q) => {
  const t0 = performance.now();
  window.pf ||= await import("/pagefind/pagefind.js");
  const search = await window.pf.search(q);
  if (search.results.length) await search.results[0].data();
  return performance.now() - t0;
}"""


@dataclass
class Measure:
    engine: str
    bytes_first: int
    cold_ms: float
    warm_p95_ms: float
    burst_p95_ms: float
    heap_bytes: int


def _heap(page, cdp, workers: dict) -> int:
    """Used JS heap of the page and of its workers (Runtime.getHeapUsage on each)."""
    total = cdp.send("Runtime.getHeapUsage")["usedSize"]
    for number, session in enumerate(workers.values(), start=1000):
        message = {"id": number, "method": "Runtime.getHeapUsage"}
        cdp.send(
            "Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(message)}
        )
    page.wait_for_timeout(200)
    return total + sum(r["result"]["usedSize"] for r in workers.replies.values())


class _Workers(dict):
    """Worker sessions seen through the page's CDP session, and their replies."""

    def __init__(self, cdp):
        super().__init__()
        self.replies = {}
        cdp.on("Target.attachedToTarget", self._attached)
        cdp.on("Target.receivedMessageFromTarget", self._received)
        cdp.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False},
        )

    def _attached(self, event):
        if event["targetInfo"]["type"] == "worker":
            self[event["targetInfo"]["targetId"]] = event["sessionId"]

    def _received(self, event):
        message = json.loads(event["message"])
        if "id" in message:
            self.replies[message["id"]] = message


def _type(page, script: str, settle: str, pause_ms: int) -> list[float]:
    """Milliseconds of each keystroke from the START-th letter of every query in TYPED."""
    took = []
    for query in TYPED:
        for end in range(1, len(query) + 1):
            if query[end - 1] != " ":
                page.wait_for_timeout(pause_ms)
                elapsed = page.evaluate(script, query[:end])
                page.wait_for_function(settle)
                if end >= START:
                    took.append(elapsed)
    return took


def measure(browser, url: str, engine: str) -> Measure:
    """The figures of one engine; the two typing runs each start from a fresh page."""
    script = LUNR_QUERY if engine == "lunr" else PAGEFIND_QUERY
    settle = LUNR_SETTLE if engine == "lunr" else "() => true"
    context, page, cdp, workers, sizes = _fresh_page(browser, url)
    cold_ms = page.evaluate(script, COLD_QUERY)
    downloaded = sum(sizes)
    page.wait_for_function(settle)
    warm = _type(page, script, settle, TYPING_PAUSE_MS)
    heap = _heap(page, cdp, workers)
    context.close()
    context, page, *_ = _fresh_page(browser, url)
    page.evaluate(script, COLD_QUERY)
    page.wait_for_function(settle)
    burst = _type(page, script, settle, 0)
    context.close()
    return Measure(
        engine=engine,
        bytes_first=downloaded,
        cold_ms=cold_ms,
        warm_p95_ms=statistics.quantiles(warm, n=20)[-1],
        burst_p95_ms=statistics.quantiles(burst, n=20)[-1],
        heap_bytes=heap,
    )


def _fresh_page(browser, url: str):
    """A new context (empty cache) on the search page, its CDP session and workers, and
    the list that collects the compressed size of every later download but images."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    workers = _Workers(cdp)
    page.goto(f"{url}/recherche/", wait_until="networkidle")
    sizes = []
    context.on(
        "requestfinished",
        lambda request: (
            sizes.append(request.sizes()["responseBodySize"])
            if request.resource_type != "image"
            else None
        ),
    )
    return context, page, cdp, workers, sizes


def measure_both(url: str) -> list[Measure]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return [measure(browser, url, engine) for engine in ("lunr", "pagefind")]
        finally:
            browser.close()
