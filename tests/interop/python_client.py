#!/usr/bin/env python3
"""Interoperability test: a Python client that shares no code with Confide talks to the real server.

The only project code it runs is the command line (`npm run confide -- team create`) and the built
server (`node dist/node/server/main.js`), each as a separate process. All cryptography comes from
confide_ref.py, the independent reference implementation in ../shared/tools/protocol-check (C
libsodium through ctypes); all HTTP is urllib. The wire format is the one docs/protocol.md states.

The story: a fresh database; a team made with the command line; the server started on it with the
team's fingerprint pinned; an anonymous reporter verifies the roster, uploads an encrypted file and
sends a report; comes back with the receipt and reads it; the admin signs in with the passphrase,
opens the key bundle, verifies and decrypts the case and the file, acknowledges it and replies; the
reporter reads the reply and answers; the admin reads the answer; requests the server must refuse;
sign-out. Then the server is stopped and the database dropped, also when a step failed or the run
was interrupted.

Usage, from the repository root, after `npm run build`:

    python3 tests/interop/python_client.py

INTEROP_PG_URL (or else TEST_DATABASE_URL) names the PostgreSQL server the database is made on;
default postgres://postgres@127.0.0.1:5432/postgres. Standard library only. Exit status 0 when
every step passed, 1 otherwise (130/143 when interrupted).
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO.parent / "shared" / "tools" / "protocol-check"
if not (REFERENCE_DIR / "confide_ref.py").exists():
    sys.exit("interop: the reference implementation is missing: %s/confide_ref.py" % REFERENCE_DIR)
sys.path.insert(0, str(REFERENCE_DIR))
sys.dont_write_bytecode = True  # no __pycache__ inside the read-only shared directory (or here)
import confide_ref as ref  # noqa: E402  (found through the path above)

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
MIN_OPS, MIN_MEM = 2, 67108864  # the Argon2id floor a client must enforce (protocol 5.2)


class CheckFailed(AssertionError):
    pass


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived: the current step fails, teardown still runs."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def protocol_time():
    """A time as protocol 3.6 wants it inside signed or encrypted objects: seconds, no fraction, Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# HTTP: one Browser per person and device, each with its own cookie jar
# ---------------------------------------------------------------------------------------------


class Reply(SimpleNamespace):
    """status, headers, body (bytes)."""

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class Browser:
    def __init__(self, base_url):
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        # No proxies: an http_proxy in the environment must not intercept 127.0.0.1.
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def request(self, method, path, json_body=None, raw=None, content_type=None, csrf=True):
        headers = {}
        data = None
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            data = raw
            headers["Content-Type"] = content_type or "application/octet-stream"
        if csrf and method != "GET":
            # Every state-changing request carries it; without it: 403 (http-api.md §4).
            headers["X-Requested-With"] = "confide"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as res:
                return Reply(status=res.status, headers=res.headers, body=res.read())
        except urllib.error.HTTPError as err:  # 4xx and 5xx are answers too, not transport errors
            return Reply(status=err.code, headers=err.headers, body=err.read())

    def expect(self, method, path, status, **kwargs):
        """The parsed JSON reply, after checking the status."""
        reply = self.request(method, path, **kwargs)
        check(reply.status == status, "%s %s: expected %d, got %d: %s" % (
            method, path, status, reply.status, reply.body[:400].decode("utf-8", "replace")))
        return reply.json()

    def download(self, path):
        """GET of a stored file: the exact bytes, as application/octet-stream (http-api.md §10.2)."""
        reply = self.request("GET", path)
        check(reply.status == 200, "GET %s: %d %r" % (path, reply.status, reply.body[:200]))
        check(reply.headers.get("Content-Type") == "application/octet-stream",
              "file served as %r" % reply.headers.get("Content-Type"))
        check(reply.headers.get("Content-Length") == str(len(reply.body)), "file Content-Length")
        return reply.body

    def cookie_names(self):
        return {c.name for c in self.jar}


def expect_error(reply, status, code, what):
    """An error reply of the shape of http-api.md §8, with this status and code."""
    check(reply.status == status, "%s: expected %d %s, got %d: %r" % (
        what, status, code, reply.status, reply.body[:300]))
    err = reply.json().get("error", {})
    check(err.get("code") == code, "%s: expected code %s, got %r" % (what, code, err))
    check(isinstance(err.get("message"), str) and err["message"], "%s: error without a message" % what)
    return err


def has_fields(obj, names, what):
    """The reply carries at least the fields docs/protocol.md lists for it (extensions may add more)."""
    missing = set(names) - set(obj)
    check(not missing, "%s lacks the documented field(s) %s" % (what, sorted(missing)))


def check_session_cookie(browser, name):
    """http-api.md §3: HttpOnly, SameSite=Strict, Path=<public path>/api, Secure only over https."""
    cookies = [c for c in browser.jar if c.name == name]
    check(len(cookies) == 1, "expected one %s cookie, have %r" % (name, browser.cookie_names()))
    c = cookies[0]
    check(c.path == "/api" and not c.secure, "%s: path %r, secure %r" % (name, c.path, c.secure))
    check(c.has_nonstandard_attr("HttpOnly") and c.get_nonstandard_attr("SameSite") == "Strict",
          "%s is not HttpOnly; SameSite=Strict" % name)


SESSION_REPLY = ("member", "keys", "team", "kdf", "index_key", "index_epoch", "idle_lock_minutes")
RECEIPT_CASE = ("id", "team", "team_slug", "team_name", "status", "check_in_by", "created_at",
                "first_response_by", "excluded", "payload", "grant", "sig", "items")
CASE_DETAIL = ("id", "number", "status", "urgent", "created_at", "updated_at", "check_in_by", "follow_up_by",
               "assignee", "excluded", "reporter_replied_at", "team_replied_at", "read_at", "payload", "grant",
               "team", "roster_seq", "attachments", "items", "reporter", "sig", "recused", "events", "rounds",
               "quorum")
ITEM_VIEW = ("id", "case", "kind", "author", "audience", "payload", "attachments", "sig", "created_at", "grant")


# ---------------------------------------------------------------------------------------------
# Processes: the PostgreSQL database, the command line, the server
# ---------------------------------------------------------------------------------------------


def pg_server_url():
    return (os.environ.get("INTEROP_PG_URL") or os.environ.get("TEST_DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/postgres")


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def psql(sql):
    """One statement on the server's maintenance database (trust auth, as on this machine)."""
    out = subprocess.run(["psql", pg_server_url(), "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, "psql %r failed: %s" % (sql, out.stderr.strip()))
    return out.stdout.strip()


def clean_env(**overrides):
    """The caller's environment without settings that would change what is being tested."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "PORT", "HOST", "PUBLIC_URL", "CONFIDE_RATE_LIMIT", "CONFIDE_TEAM_FINGERPRINTS",
                 "TRUST_PROXY", "CONFIDE_PASSPHRASE", "LOG_LEVEL", "NODE_OPTIONS"):
        env.pop(name, None)
    env.update(overrides)
    return env


def run_command(argv, env, timeout):
    """Runs a command in its own process group, so that a timeout or an interrupt ends all of it."""
    proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise CheckFailed("%s timed out after %d s" % (" ".join(argv[:4]), timeout))
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def json_line(stdout, keys):
    """The last output line that is a JSON object with these keys (npm prints banner lines first)."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict) and set(keys) <= set(value):
                return value
    raise CheckFailed("no JSON object with %s in the output: %r" % (sorted(keys), stdout[-500:]))


class ServerProcess:
    """`node dist/node/server/main.js`, its output drained by threads (a full pipe would stall it)."""

    def __init__(self, env):
        self.lines = []
        self.port = None
        self.proc = subprocess.Popen(["node", "dist/node/server/main.js"], cwd=REPO, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._drain, args=(stream,), daemon=True).start()

    def _drain(self, stream):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            # With PORT=0 the kernel picks the port; the server says which (server/main.ts).
            found = re.search(r"listening on http://[^ ]+:(\d+)", line)
            if found:
                self.port = int(found.group(1))

    def wait_for_port(self, timeout):
        deadline = time.monotonic() + timeout
        while self.port is None:
            check(self.proc.poll() is None, "the server exited with %s: %s" % (self.proc.returncode, self.tail()))
            check(time.monotonic() < deadline, "the server did not say where it listens: %s" % self.tail())
            time.sleep(0.05)
        return self.port

    def tail(self, n=15):
        return " | ".join(self.lines[-n:])

    def stop(self):
        """SIGTERM (the server finishes its requests and exits 0); SIGKILL only if it hangs."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise CheckFailed("the server did not stop within 15 s of SIGTERM; killed")
        return self.proc.returncode


# ---------------------------------------------------------------------------------------------
# Protocol pieces over confide_ref (section numbers are docs/protocol.md's)
# ---------------------------------------------------------------------------------------------


def verify_team(detail, team_id, expected_fingerprint):
    """6.3 and 6.4: verify the chain ourselves; the served fingerprint is only compared, never trusted."""
    rows = detail["roster"]
    check(rows, "the roster is empty")
    active, fingerprint = ref.verify_roster(rows, team_id)
    check(fingerprint == expected_fingerprint,
          "genesis hash %s is not the expected fingerprint %s" % (fingerprint, expected_fingerprint))
    check(detail.get("fingerprint") == fingerprint,
          "served fingerprint %r is not the genesis hash" % detail.get("fingerprint"))
    last = rows[-1]
    # The head is the hash we compute over the last row, not the hash the row states.
    head_hash = ref.roster_hash(last["entry"], ref.b64d(last["sig"]))
    return active, fingerprint, {"seq": last["entry"]["seq"], "hash": ref.b64e(head_hash)}


def recipients(active, excluded, reporter_box_pk=None):
    """9.1 step 5 and 10.1: every active member but the excluded, plus the reporter when given."""
    out = [(mid, ref.b64d(m["enc_pk"])) for mid, m in active.items() if mid not in excluded]
    check(out, "no recipient left")
    if reporter_box_pk is not None:
        out.append(("reporter", reporter_box_pk))
    return out


def seal_to(key, to_whom):
    """One grant per recipient: crypto_box_seal of the 32-byte key to their box key."""
    return [{"to": to, "k": ref.b64e(ref.seal(key, pk))} for to, pk in to_whom]


def open_grant(grant_b64, box_pk, box_sk):
    key = ref.seal_open(ref.b64d(grant_b64), box_pk, box_sk)
    check(len(key) == 32, "a grant holds %d bytes, not a 32-byte key" % len(key))
    return key


def verify_report_sig(case, sign_pk):
    msg = ref.report_sig_msg(case["id"], ref.b64d(case["payload"]["c"]))
    check(ref.verify_detached(ref.b64d(case["sig"]), msg, sign_pk), "the report signature does not verify")


def verify_item_sig(item, sign_pk):
    msg = ref.item_sig_msg(item["id"], item["case"], ref.b64d(item["payload"]["c"]))
    check(ref.verify_detached(ref.b64d(item["sig"]), msg, sign_pk),
          "item %s: the signature does not verify" % item["id"])


def seal_item(team_id, case_id, kind, author, sign_sk, to_whom, body):
    """10.1: a fresh K_item, the body in an envelope, grants, and the author's signature."""
    iid = str(uuid.uuid4())
    key = os.urandom(32)
    plaintext = json.dumps(body, ensure_ascii=False).encode("utf-8")
    payload = ref.envelope_seal(plaintext, key, kind, team_id, iid)
    sig = ref.sign_detached(ref.item_sig_msg(iid, case_id, ref.b64d(payload["c"])), sign_sk)
    item = {"id": iid, "case": case_id, "kind": kind, "author": author,
            "audience": "reporter" if kind == "message" else "team", "payload": payload,
            "grants": seal_to(key, to_whom), "attachments": [], "sig": ref.b64e(sig)}
    return item, plaintext


def open_item(item, team_id, box_pk, box_sk):
    key = open_grant(item["grant"], box_pk, box_sk)
    return ref.envelope_open(item["payload"], key, item["kind"], team_id, item["id"])


def unwrap_key_bundle(envelope, kek, team_id, member_id, roster_member):
    """5.3: open with kek, require canonical v1 JSON and keys that are the roster's."""
    plaintext = ref.envelope_open(envelope, kek, "member-keys", team_id, member_id)
    bundle = json.loads(plaintext)
    check(plaintext == ref.canon(bundle), "the key bundle is not canonical JSON")
    check(bundle.get("v") == 1 and set(bundle) == {"enc_sk", "sign_sk", "v"}, "key bundle %r" % sorted(bundle))
    enc_sk, sign_sk = ref.b64d(bundle["enc_sk"]), ref.b64d(bundle["sign_sk"])
    check(len(enc_sk) == 32 and len(sign_sk) == 64, "key bundle key lengths")
    enc_pk = ref.sk_to_pk_box(enc_sk)
    check(ref.b64e(enc_pk) == roster_member["enc_pk"], "enc_sk does not belong to the roster's enc_pk")
    check(ref.b64e(sign_sk[32:]) == roster_member["sign_pk"], "sign_sk does not belong to the roster's sign_pk")
    return enc_pk, enc_sk, sign_sk


def build_report_body(s):
    """9.4, with the four additive fields the project's readers check (review-notes.md 2.3). Strings with
    non-ASCII, U+2028, quotes and backslashes, since the body is JSON text that JavaScript parses."""
    return {
        "schema": "confide/report/v1",
        "reporter_role": "target",
        "kinds": ["personal_attack", "doxing"],
        "summary": "Interop: threats after the deletion debate " + s.run,
        "what_happened": "He posted my street name — “Zoë’s” 😀 line\u2028break, tab\t, \"quote\" / \\ " + s.run,
        "where": "en.wikipedia.org, User talk",
        "links": [{"url": "https://en.wikipedia.org/wiki/User_talk:Example", "note": "the first post"}],
        "involved": [{"name": "Harasser_McTroll_" + s.run, "role": "alleged_harasser"}],
        "private_info_exposed": True,
        "danger": "none",
        "contact": {"by": "receipt"},
        "language": "en",
        "attachments": [s.attachment],
        "submitted_at": protocol_time(),
        "reporter_keys": {"box_pk": ref.b64e(s.rk["box_pk"]), "sign_pk": ref.b64e(s.rk["sign_pk"])},
        "excluded": [],
        "team_fingerprint": s.fingerprint,
        "roster_head": s.head,
    }


def resigned_report(s, **changes):
    """The submitted report under a new id (so no duplicate), with changes, validly re-signed."""
    report = dict(s.submission, id=str(uuid.uuid4()), **changes)
    msg = ref.report_sig_msg(report["id"], ref.b64d(report["payload"]["c"]))
    report["sig"] = ref.b64e(ref.sign_detached(msg, s.rk["sign_sk"]))
    return report


# ---------------------------------------------------------------------------------------------
# The steps: each takes the shared state `s`, checks what it can, and returns a short detail
# ---------------------------------------------------------------------------------------------


def step_build(s):
    # Builds only when dist/ is missing or older than its sources; a fraction of a second otherwise.
    code, _out, err = run_command(["node", "scripts/build-if-needed.mjs"], clean_env(), 600)
    check(code == 0, "build-if-needed failed: %s" % err[-500:])
    check((REPO / "dist/node/server/main.js").exists(), "dist/node/server/main.js is missing")
    return "dist/node/server/main.js is up to date"


def step_create_database(s):
    name = "confide_interop_" + secrets.token_hex(6)
    psql('create database "%s"' % name)
    s.db_name = name
    s.db_url = with_database(pg_server_url(), name)
    return name


def step_cli_team_create(s):
    s.slug = "interop-" + secrets.token_hex(3)
    s.team_name = "Interop Stewards"
    # A non-ASCII admin name (signed as given, looked up at sign-in) and a passphrase with a ligature
    # that NFKC turns into "fi": the CLI and this client must normalize it alike (3.3, 5.2).
    s.admin_name = "Anaïs Interop"
    s.passphrase = "interop ﬁsh passphrase " + secrets.token_urlsafe(9)
    argv = ["npm", "run", "confide", "--", "team", "create", "--slug", s.slug, "--name", s.team_name,
            "--admin", s.admin_name, "--json"]
    env = clean_env(DATABASE_URL=s.db_url, CONFIDE_PASSPHRASE=s.passphrase)
    code, out, err = run_command(argv, env, 180)
    check(code == 0, "the command line exited with %d: %s" % (code, (err or out)[-600:]))
    printed = json_line(out, ("team", "fingerprint", "recovery_code"))
    check(set(printed) == {"team", "fingerprint", "recovery_code"}, "printed keys %r" % sorted(printed))
    check(UUID_RE.match(printed["team"]), "team is not a UUID v4: %r" % printed["team"])
    check(re.fullmatch(r"[0-9a-f]{64}", printed["fingerprint"]), "fingerprint is not 64 lowercase hex digits")
    check(re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", printed["recovery_code"]), "recovery code format")
    ref.normalize_receipt(printed["recovery_code"])  # a receipt's alphabet and rules (5.4)
    s.team_id, s.fingerprint = printed["team"], printed["fingerprint"]
    return "team %s, fingerprint %s…" % (s.team_id, s.fingerprint[:16])


def step_start_server(s):
    env = clean_env(DATABASE_URL=s.db_url, HOST="127.0.0.1", PORT="0", LOG_LEVEL="warn",
                    # Pin the fingerprint the command line printed: the server compares the pin with
                    # its database at start and before every report (6.4).
                    CONFIDE_TEAM_FINGERPRINTS="%s=%s" % (s.slug, s.fingerprint))
    s.server = ServerProcess(env)
    try:
        port = s.server.wait_for_port(60)
    except CheckFailed:
        if s.server.proc.poll() is not None:
            s.server = None  # it exited by itself: nothing to stop, no second failure to count
        raise
    s.base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 30
    while True:
        try:
            health = Browser(s.base).request("GET", "/api/health")
            if health.status == 200:
                break
        except OSError:
            pass
        check(time.monotonic() < deadline and s.server.proc.poll() is None,
              "GET /api/health never answered 200: %s" % s.server.tail())
        time.sleep(0.1)
    check(health.json() == {"status": "ok", "database": "ok"}, "health %r" % health.json())
    return "%s, GET /api/health ok" % s.base


def step_reporter_fetch_team(s):
    s.reporter = Browser(s.base)
    teams = s.reporter.expect("GET", "/api/teams", 200)["teams"]
    check([t["slug"] for t in teams] == [s.slug], "GET /api/teams lists %r" % [t["slug"] for t in teams])
    detail = s.reporter.expect("GET", "/api/teams/" + s.slug, 200)
    check(detail["id"] == s.team_id and detail["name"] == s.team_name, "team id or name differs")
    s.active, _fp, s.head = verify_team(detail, s.team_id, s.fingerprint)
    check(len(s.active) == 1, "expected one active member, got %d" % len(s.active))
    ((s.admin_id, admin),) = s.active.items()
    check(admin["name"] == s.admin_name and admin["role"] == "admin", "the genesis member is %r" % admin)
    pins = s.reporter.expect("GET", "/api/config", 200)["pinned_fingerprints"]
    check(pins == {s.slug: s.fingerprint}, "pinned fingerprints %r" % pins)
    return "roster of %d row(s) verified; fingerprint = CLI's = served = pinned" % len(detail["roster"])


def step_reporter_upload(s):
    # 70,000 bytes: two secretstream chunks, so chunking and the FINAL tag are exercised (11).
    s.file_bytes = os.urandom(70000)
    s.file_key = os.urandom(32)
    stored = ref.ss_encrypt(s.file_bytes, s.file_key)
    check(len(stored) == 70058, "stored length %d" % len(stored))
    reply = s.reporter.expect("POST", "/api/attachments", 201, raw=stored, content_type="application/octet-stream")
    check(UUID_RE.match(reply["id"]), "attachment id %r" % reply["id"])
    s.attachment = {"id": reply["id"], "name": "screenshot.png", "type": "image/png",
                    "size": len(s.file_bytes), "key": ref.b64e(s.file_key)}
    return "attachment %s, %d bytes stored" % (reply["id"], len(stored))


def step_reporter_submit(s):
    s.receipt = ref.make_receipt()
    s.rk = ref.receipt_derive(s.receipt)  # Argon2id ops 2 / 64 MiB (8.4)
    s.case_id = str(uuid.uuid4())
    s.report_body = build_report_body(s)
    s.report_plaintext = json.dumps(s.report_body, ensure_ascii=False).encode("utf-8")
    key = os.urandom(32)
    payload = ref.envelope_seal(s.report_plaintext, key, "report", s.team_id, s.case_id)
    grants = seal_to(key, recipients(s.active, [], s.rk["box_pk"]))
    sig = ref.sign_detached(ref.report_sig_msg(s.case_id, ref.b64d(payload["c"])), s.rk["sign_sk"])
    s.submission = {  # 9.2
        "id": s.case_id,
        "team": s.team_id,
        "roster_seq": s.head["seq"],
        "payload": payload,
        "grants": grants,
        "reporter": {"box_pk": ref.b64e(s.rk["box_pk"]), "sign_pk": ref.b64e(s.rk["sign_pk"]),
                     "lookup_hash": ref.b64e(s.rk["lookup_hash"])},
        "sig": ref.b64e(sig),
        "urgent": s.report_body["danger"] != "none",
        "excluded": [],
        "attachments": [s.attachment["id"]],
    }
    reply = s.reporter.expect("POST", "/api/reports", 201, json_body=s.submission)
    check(reply["id"] == s.case_id, "the server answered for case %r" % reply["id"])
    check(TIME_RE.match(reply["received_at"]), "received_at %r" % reply["received_at"])
    check(not s.reporter.cookie_names(), "submitting set cookies: %r" % s.reporter.cookie_names())
    return "case %s, %d-byte body, %d grants, receipt %s" % (
        s.case_id, len(s.report_plaintext), len(grants), s.receipt)


def read_receipt_case(s, browser):
    """GET /api/receipt/case, checked as the receipt page does: with our own keys, never served ones."""
    case = browser.expect("GET", "/api/receipt/case", 200)
    has_fields(case, RECEIPT_CASE, "GET /api/receipt/case")
    check((case["id"], case["team"], case["team_slug"]) == (s.case_id, s.team_id, s.slug), "another case or team")
    verify_report_sig(case, s.rk["sign_pk"])
    key = open_grant(case["grant"], s.rk["box_pk"], s.rk["box_sk"])
    return case, ref.envelope_open(case["payload"], key, "report", s.team_id, s.case_id)


def step_reporter_returns(s):
    s.returning = Browser(s.base)  # another device: none of the submission's state
    typed = s.receipt.lower().replace("-", " ")  # typed by hand; 8.3 normalizes it
    keys = ref.receipt_derive(typed)
    check(keys["lookup"] == s.rk["lookup"], "the typed receipt derives another lookup")
    reply = s.returning.expect("POST", "/api/receipt/session", 200, json_body={"lookup": ref.b64e(keys["lookup"])})
    # 8.5: the reply names the receipt's role too; a report's own receipt opens it as its reporter.
    check(reply == {"case": s.case_id, "role": "reporter"}, "receipt session for %r" % reply)
    check_session_cookie(s.returning, "confide_receipt")
    case, plaintext = read_receipt_case(s, s.returning)
    check(case["status"] == "received" and case["check_in_by"] is None, "status %r" % case["status"])
    check(case["payload"] == s.submission["payload"] and case["sig"] == s.submission["sig"],
          "the served payload or signature is not what was sent")
    check(plaintext == s.report_plaintext, "the decrypted report differs from what was sent")
    check(case["items"] == [] and case["excluded"] == [], "unexpected items or exclusions")
    stored = s.returning.download("/api/attachments/" + s.attachment["id"])
    check(ref.ss_decrypt(stored, s.file_key) == s.file_bytes, "the file does not decrypt to what was sent")
    return "status %s; report and file decrypt to what was sent" % case["status"]


def step_admin_sign_in(s):
    s.admin = Browser(s.base)
    who = {"team": s.slug, "name": s.admin_name}
    kdf = s.admin.expect("POST", "/api/session/params", 200, json_body=who)["kdf"]
    # 5.2: refuse parameters a hostile server could have lowered.
    check(kdf["alg"] == "argon2id13" and kdf["ops"] >= MIN_OPS and kdf["mem"] >= MIN_MEM, "weak KDF %r" % kdf)
    _master, kek, auth, _verifier = ref.member_kdf(s.passphrase, ref.b64d(kdf["salt"]), kdf["ops"], kdf["mem"])
    session = s.admin.expect("POST", "/api/session", 200, json_body=dict(who, auth=ref.b64e(auth)))
    has_fields(session, SESSION_REPLY, "session reply")
    check(session["member"] == {"id": s.admin_id, "name": s.admin_name, "role": "admin"},
          "signed in as %r" % session["member"])
    check((session["team"]["id"], session["team"]["slug"]) == (s.team_id, s.slug), "team %r" % session["team"])
    check(session["kdf"] == kdf, "the session's kdf differs from the params")
    check_session_cookie(s.admin, "confide_member")
    s.enc_pk, s.enc_sk, s.sign_sk = unwrap_key_bundle(session["keys"], kek, s.team_id, s.admin_id,
                                                      s.active[s.admin_id])
    index_key = open_index_key_grant(session, s)
    check(len(index_key) == 32, "index key of %d bytes" % len(index_key))
    return ("Argon2id ops %d, %d MiB; key bundle opened, its keys are the roster's; "
            "index-key grant of epoch %d verified and opened" % (kdf["ops"], kdf["mem"] // 1048576,
                                                                  session["index_epoch"]))


def open_index_key_grant(session, s):
    """Section 7: take the grant only from an active admin of the verified roster, over canon of the five
    fields with the team's and this member's ids, then open the wrap."""
    grant = session["index_key"]
    check(grant is not None and grant["epoch"] == session["index_epoch"] == 1,
          "expected a grant of epoch 1, got %r (team epoch %r)" % (grant, session["index_epoch"]))
    signer = s.active.get(grant["by"])
    check(signer is not None and signer["role"] == "admin", "the grant is signed by %r, not an admin" % grant["by"])
    claim = {"by": grant["by"], "epoch": grant["epoch"], "member": s.admin_id, "team": s.team_id,
             "wrap": grant["wrap"]}
    message = b"confide/v1/index-key-grant\n" + ref.canon(claim)
    check(ref.verify_detached(ref.b64d(grant["sig"]), message, ref.b64d(signer["sign_pk"])),
          "the index-key grant's signature does not verify")
    return ref.seal_open(ref.b64d(grant["wrap"]), s.enc_pk, s.enc_sk)


def step_admin_list_cases(s):
    listing = s.admin.expect("GET", "/api/cases", 200)
    check([c["id"] for c in listing["cases"]] == [s.case_id] and listing["next"] is None, "cases %r" % listing)
    summary = listing["cases"][0]
    check(summary["status"] == "received" and summary["urgent"] is False, "summary %r" % summary)
    key = open_grant(summary["grant"], s.enc_pk, s.enc_sk)
    plaintext = ref.envelope_open(summary["payload"], key, "report", s.team_id, s.case_id)
    check(plaintext == s.report_plaintext, "the listed report differs from what was sent")
    return "1 case; its summary decrypts"


def step_admin_open_case(s):
    case = s.admin.expect("GET", "/api/cases/" + s.case_id, 200)
    has_fields(case, CASE_DETAIL, "GET /api/cases/{id}")
    check(case["team"] == s.team_id and case["roster_seq"] == s.head["seq"], "team or roster_seq differs")
    sent = s.submission["reporter"]
    check(case["reporter"] == {"box_pk": sent["box_pk"], "sign_pk": sent["sign_pk"]}, "served reporter keys differ")
    check(case["attachments"] == [s.attachment["id"]] and case["excluded"] == [], "attachments or exclusions")
    verify_report_sig(case, ref.b64d(case["reporter"]["sign_pk"]))
    key = open_grant(case["grant"], s.enc_pk, s.enc_sk)
    plaintext = ref.envelope_open(case["payload"], key, "report", s.team_id, s.case_id)
    check(plaintext == s.report_plaintext, "the decrypted report differs from what was sent")
    body = json.loads(plaintext)
    # review-notes.md 2.3: the reporter keys inside the encrypted body must be the ones the server serves; messages
    # are sealed to the body's box key.
    check(body["reporter_keys"] == case["reporter"], "the body's reporter_keys differ from the served ones")
    s.reporter_box_pk = ref.b64d(body["reporter_keys"]["box_pk"])
    s.case_excluded = set(case["excluded"]) | set(body["excluded"])
    listed = body["attachments"][0]
    stored = s.admin.download("/api/attachments/" + listed["id"])
    check(ref.ss_decrypt(stored, ref.b64d(listed["key"])) == s.file_bytes, "the file does not decrypt")
    return "signature verified; report and file decrypt to what was sent"


def step_admin_reply(s):
    # 10.1: a message goes to the active members of the roster as verified now, minus the case's
    # exclusions, and to the reporter's box key from the verified report body.
    detail = s.admin.expect("GET", "/api/teams/" + s.slug, 200)
    active, _fp, _head = verify_team(detail, s.team_id, s.fingerprint)
    text = "Thank you for telling us. Are you safe right now? " + s.run
    body = {"schema": "confide/message/v1", "text": text, "attachments": [], "written_at": protocol_time()}
    to_whom = recipients(active, s.case_excluded, s.reporter_box_pk)
    item, s.reply_plaintext = seal_item(s.team_id, s.case_id, "message", s.admin_id, s.sign_sk, to_whom, body)
    reply = s.admin.expect("POST", "/api/cases/%s/items" % s.case_id, 201, json_body=item)
    check(reply == {"id": item["id"]}, "item reply %r" % reply)
    s.reply_id, s.reply_payload = item["id"], item["payload"]
    # 10.5: the team's first message to the reporter acknowledges the case, in the same transaction.
    case = s.admin.expect("GET", "/api/cases/" + s.case_id, 200)
    check(case["status"] == "acknowledged", "status after the first reply: %r" % case["status"])
    moves = [(e["kind"], e["actor"], e["from"], e["to"], e["item"]) for e in case["events"]]
    check(moves == [("status", s.admin_id, "received", "acknowledged", item["id"])], "events %r" % moves)
    return "message %s; the case moved to acknowledged with it" % item["id"]


def step_admin_awaits_reporter(s):
    s.check_in_by = "2031-11-27T00:00:00Z"
    change = {"status": "awaiting_reporter", "check_in_by": s.check_in_by}
    reply = s.admin.expect("PATCH", "/api/cases/" + s.case_id, 200, json_body=change)
    check((reply["status"], reply["check_in_by"]) == ("awaiting_reporter", s.check_in_by), "reply %r" % reply)
    # 10.5: a move the machine has no row for is refused, in the error shape.
    expect_error(s.admin.request("PATCH", "/api/cases/" + s.case_id, json_body={"status": "acknowledged"}),
                 409, "status_change_not_allowed", "acknowledging a case past received")
    return "status awaiting_reporter, check-in by %s; a move back to acknowledged refused" % s.check_in_by


def step_reporter_reads_reply(s):
    case, _plaintext = read_receipt_case(s, s.returning)
    check((case["status"], case["check_in_by"]) == ("awaiting_reporter", s.check_in_by),
          "status %r, check-in %r" % (case["status"], case["check_in_by"]))
    check([i["id"] for i in case["items"]] == [s.reply_id], "items %r" % [i["id"] for i in case["items"]])
    item = case["items"][0]
    check(set(item) == set(ITEM_VIEW), "item view fields %s" % sorted(item))
    check(item["payload"] == s.reply_payload and item["attachments"] == [], "the served item differs")
    check((item["kind"], item["audience"], item["author"]) == ("message", "reporter", s.admin_id),
          "item header %r" % item)
    # 10.3 and review-notes.md 2.3: the author's key comes from the roster, verified against the fingerprint and
    # head inside our own report body (which the server cannot change).
    detail = s.returning.expect("GET", "/api/teams/" + s.slug, 200)
    s.reporter_active, _fp, head = verify_team(detail, s.team_id, s.report_body["team_fingerprint"])
    old_head = s.report_body["roster_head"]
    check(detail["roster"][old_head["seq"]]["hash"] == old_head["hash"] and head["seq"] >= old_head["seq"],
          "the roster does not extend the one the report was sent to")
    verify_item_sig(item, ref.b64d(s.reporter_active[item["author"]]["sign_pk"]))
    plaintext = open_item(item, s.team_id, s.rk["box_pk"], s.rk["box_sk"])
    check(plaintext == s.reply_plaintext, "the decrypted reply differs from what was sent")
    return "status awaiting_reporter; reply verified and decrypted: %r…" % json.loads(plaintext)["text"][:28]


def step_reporter_answers(s):
    text = "I am safe, but he emailed my employer yesterday. " + s.run
    body = {"schema": "confide/message/v1", "text": text, "attachments": [], "written_at": protocol_time(),
            "roster_head": s.head}
    excluded = set(s.report_body["excluded"])  # the served list is empty too (checked on return)
    to_whom = recipients(s.reporter_active, excluded, s.rk["box_pk"])
    item, s.answer_plaintext = seal_item(s.team_id, s.case_id, "message", "reporter", s.rk["sign_sk"], to_whom,
                                         body)
    reply = s.returning.expect("POST", "/api/receipt/items", 201, json_body=item)
    check(reply == {"id": item["id"]}, "item reply %r" % reply)
    s.answer_id = item["id"]
    return "message %s" % item["id"]


def step_admin_reads_answer(s):
    case = s.admin.expect("GET", "/api/cases/" + s.case_id, 200)
    ids = [i["id"] for i in case["items"]]
    check(ids == [s.reply_id, s.answer_id], "items %r" % ids)
    reply, answer = case["items"]
    check((answer["author"], answer["kind"]) == ("reporter", "message"), "answer header %r" % answer)
    verify_item_sig(answer, ref.b64d(case["reporter"]["sign_pk"]))
    check(open_item(answer, s.team_id, s.enc_pk, s.enc_sk) == s.answer_plaintext, "the answer differs")
    # The admin's own reply was granted to every active member, so to the admin too.
    verify_item_sig(reply, ref.b64d(s.active[s.admin_id]["sign_pk"]))
    check(open_item(reply, s.team_id, s.enc_pk, s.enc_sk) == s.reply_plaintext, "the reply differs")
    # 10.5: the reporter's answer to a case awaiting them moves it back to investigating.
    check(case["status"] == "investigating", "status after the answer: %r" % case["status"])
    last = case["events"][-1]
    check((last["kind"], last["actor"], last["from"], last["to"], last["item"])
          == ("status", "reporter", "awaiting_reporter", "investigating", s.answer_id), "last event %r" % last)
    seen = s.returning.expect("GET", "/api/receipt/case", 200)
    check(seen["status"] == "investigating", "the reporter sees %r" % seen["status"])
    return "both items verified and decrypted; the answer moved the case to investigating"


def step_refusals(s):
    """Requests the server must refuse, with the documented status and code (9.3, 10.4, 6.6; http-api.md §2-§8)."""
    send = Browser(s.base).request  # a stranger: no session
    expect_error(send("POST", "/api/receipt/session", json_body={"lookup": ref.b64e(os.urandom(32))}),
                 401, "receipt_unknown", "an unknown lookup")
    expect_error(send("POST", "/api/reports", json_body=s.submission, csrf=False),
                 403, "missing_csrf_header", "a report without X-Requested-With")
    moved = dict(s.submission, id=str(uuid.uuid4()))  # the signature covers the id
    expect_error(send("POST", "/api/reports", json_body=moved), 400, "bad_signature", "a report under another id")
    # 9.3: a report without the reporter's grant does not match the roster (step 7); one whose
    # roster_seq is beyond the server's head is refused (step 4). Both 409s carry the head's seq.
    no_reporter = [g for g in s.submission["grants"] if g["to"] != "reporter"]
    for report, code in ((resigned_report(s, grants=no_reporter), "grants_do_not_match_roster"),
                         (resigned_report(s, roster_seq=s.head["seq"] + 1), "roster_changed")):
        err = expect_error(send("POST", "/api/reports", json_body=report), 409, code, code)
        check(err.get("roster_seq") == s.head["seq"], "%s without the head's roster_seq: %r" % (code, err))
    expect_error(send("POST", "/api/reports", json_body=s.submission), 409, "duplicate_report", "a resubmission")
    expect_error(send("GET", "/api/cases/" + s.case_id), 401, "unauthorized", "a case without a session")
    wrong = {"team": s.slug, "name": s.admin_name, "auth": ref.b64e(os.urandom(32))}
    expect_error(send("POST", "/api/session", json_body=wrong), 401, "unauthorized", "a wrong auth")
    return "8 refusals, each with the documented status and code"


def step_sign_out(s):
    """DELETE /api/session ends the session the request carries and clears its cookie (http-api.md §10.4)."""
    for browser, cookie, probe in ((s.admin, "confide_member", "/api/cases"),
                                   (s.returning, "confide_receipt", "/api/receipt/case")):
        reply = browser.request("DELETE", "/api/session")
        check(reply.status == 204 and reply.body == b"", "DELETE /api/session: %d %r" % (reply.status, reply.body))
        check(cookie not in browser.cookie_names(), "%s was not cleared" % cookie)
        expect_error(browser.request("GET", probe), 401, "unauthorized", "GET %s after signing out" % probe)
    return "member and receipt sessions ended, cookies cleared"


def step_stop_server(s):
    code = s.server.stop()
    s.server = None
    check(code == 0, "the server exited with %s" % code)
    return "exited 0 on SIGTERM"


def step_drop_database(s):
    psql('drop database if exists "%s" with (force)' % s.db_name)
    check(psql("select count(*) from pg_database where datname = '%s'" % s.db_name) == "0", "still there")
    s.db_name = None
    return "dropped"


STEPS = [
    ("build is present", step_build),
    ("create database", step_create_database),
    ("CLI: team create --json", step_cli_team_create),
    ("start server", step_start_server),
    ("reporter: fetch team, verify roster", step_reporter_fetch_team),
    ("reporter: upload encrypted file", step_reporter_upload),
    ("reporter: submit report", step_reporter_submit),
    ("reporter: come back with the receipt", step_reporter_returns),
    ("admin: sign in, open key bundle", step_admin_sign_in),
    ("admin: list cases", step_admin_list_cases),
    ("admin: open case, verify, decrypt", step_admin_open_case),
    ("admin: reply to the reporter (acknowledges)", step_admin_reply),
    ("admin: ask the reporter, set a check-in date", step_admin_awaits_reporter),
    ("reporter: read and decrypt the reply", step_reporter_reads_reply),
    ("reporter: answer", step_reporter_answers),
    ("admin: read and decrypt the answer", step_admin_reads_answer),
    ("server refuses bad requests", step_refusals),
    ("sign out (member and reporter)", step_sign_out),
]
TEARDOWN = [("stop server", step_stop_server), ("drop database", step_drop_database)]


# ---------------------------------------------------------------------------------------------
# Running: one line per step, teardown always, a last line `interop: N passed, M failed`
# ---------------------------------------------------------------------------------------------


def on_signal(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def run_step(number, name, fn, s):
    started = time.monotonic()
    try:
        detail = fn(s)
    except Exception as err:  # noqa: BLE001 (any failure is this step's)
        elapsed = time.monotonic() - started
        print("FAIL %2d %s (%.1f s): %s: %s" % (number, name, elapsed, type(err).__name__, err), flush=True)
        if not isinstance(err, (CheckFailed, Interrupted)):
            traceback.print_exc()
        if s.server is not None and name != "stop server":
            print("     server output: %s" % s.server.tail(), flush=True)
        if isinstance(err, Interrupted):
            raise
        return False
    print("ok   %2d %s (%.1f s): %s" % (number, name, time.monotonic() - started, detail), flush=True)
    return True


def run_story(s, tally):
    """The steps in order; the first failure ends the story, since each step needs the ones before."""
    for number, (name, fn) in enumerate(STEPS, start=1):
        tally["number"] = number
        try:
            ok = run_step(number, name, fn, s)
        except Interrupted:
            tally["failed"] += 1
            raise
        tally["passed" if ok else "failed"] += 1
        if not ok:
            later = [n for n, _ in STEPS[number:]]
            if later:
                print("skip    %d later step(s), which need this one: %s" % (len(later), ", ".join(later)))
            return


def run_teardown(s, tally):
    """Stops the server and drops the database: only what was set up, whatever happened before."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave anything behind
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for name, fn in TEARDOWN:
        if (name == "stop server" and s.server is None) or (name == "drop database" and s.db_name is None):
            continue
        tally["number"] += 1
        ok = run_step(tally["number"], name, fn, s)
        tally["passed" if ok else "failed"] += 1
        if not ok and name == "stop server" and s.server is not None and s.server.proc.poll() is None:
            s.server.proc.kill()
            s.server.proc.wait()


def main():
    # Ctrl-C or SIGTERM fails the current step; teardown still stops the server and drops the database.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    s = SimpleNamespace(run=secrets.token_urlsafe(6), server=None, db_name=None)
    tally = {"passed": 0, "failed": 0, "number": 0}
    interrupted = None
    try:
        run_story(s, tally)
    except Interrupted as err:
        interrupted = err
    finally:
        run_teardown(s, tally)
        print("time: %.1f s" % (time.monotonic() - started))
        print("interop: %d passed, %d failed" % (tally["passed"], tally["failed"]), flush=True)
    if interrupted is not None:
        return 130 if str(interrupted) == "SIGINT" else 143
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
