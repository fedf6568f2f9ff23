/*
 * Runs theme/static/js/search-worker.js under Node, as the browser would:
 * `importScripts` evaluates the vendor copies and search-french.js, `fetch`
 * reads the built search/ folder from disk. Reads a JSON list of requests on
 * stdin and prints the worker's replies, each with the files fetched before
 * its request was sent (`fetchedAtRequest`) and before it came back
 * (`fetchedBefore`), and every file fetched, prefetching included (`fetched`).
 * Between two requests it lets the worker's prefetching finish, as the pause
 * between two keystrokes does.
 *
 * Usage: node worker_harness.js <search dir> <theme js dir>
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");

const [searchDir, jsDir] = process.argv.slice(2);
const base = pathToFileURL(path.resolve(searchDir) + "/").href;
const worker = pathToFileURL(path.join(path.resolve(jsDir), "search-worker.js"));
worker.searchParams.set("index", base);

const fetched = [];
globalThis.self = globalThis;
globalThis.location = { href: worker.href };
globalThis.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, worker.href));
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
globalThis.fetch = async (url) => {
  const file = fileURLToPath(String(url));
  fetched.push(path.relative(path.resolve(searchDir), file));
  const body = fs.readFileSync(file, "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(body) };
};
const replies = new Map();
globalThis.postMessage = (reply) => replies.get(reply.id)({ ...reply, fetchedBefore: [...fetched] });

vm.runInThisContext(fs.readFileSync(fileURLToPath(worker), "utf8"));

(async () => {
  const requests = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = [];
  for (const [id, request] of requests.entries()) {
    const fetchedAtRequest = [...fetched];
    const reply = await new Promise((resolve) => {
      replies.set(id, (answer) => resolve({ ...answer, fetchedAtRequest }));
      globalThis.onmessage({ data: { ...request, id } });
    });
    out.push(reply);
    // The pause before the next key: what the worker prefetches after a reply
    // (promise chains over the synchronous reads above) completes here.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  process.stdout.write(JSON.stringify({ replies: out, fetched }));
})();
