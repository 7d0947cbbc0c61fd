"""A Keycloak Hooks webhook receiver in Python, standard library only (hmac, hashlib, base64).

docs/receivers.md#python shows it; ReceiverExamplesIT runs it against real deliveries.

    WEBHOOK_SECRET=whsec_... python3 receiver.py <port> <record-file>
    (or PORT=... RECORD_FILE=... WEBHOOK_SECRET=... python3 receiver.py)

Answers 204 to a request whose Standard Webhooks signature verifies and appends {"id", "type"} of the
message to the record file as one JSON line; answers 401 to anything else.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60


def signing_key(secret: str) -> bytes:
    """The HMAC key: the base64-decoded part after whsec_, else the secret's UTF-8 bytes."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):])
    return secret.encode("utf-8")


def verify(raw_body: bytes, headers, key: bytes, now: float = None) -> dict:
    """Checks webhook-id, webhook-timestamp and webhook-signature; returns the parsed body or raises ValueError."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise ValueError("webhook-timestamp is not a number")
    if abs((time.time() if now is None else now) - sent_at) > TOLERANCE_SECONDS:
        raise ValueError("webhook-timestamp is more than 5 minutes away")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + raw_body  # the raw body, before JSON parsing
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    # the header may list several space-separated signatures (e.g. during a secret rotation)
    if not any(hmac.compare_digest(expected.encode(), sig.encode()) for sig in signatures.split(" ")):
        raise ValueError("no matching signature")
    return json.loads(raw_body)


def make_handler(key: bytes, record_file: str):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                message = verify(raw_body, self.headers, key)  # self.headers looks names up case-insensitively
            except ValueError as err:
                self.send_response(401)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"invalid: {err}\n".encode())
                return
            # Deliveries are at least once: a real receiver deduplicates on message["id"] (= webhook-id).
            with open(record_file, "a", encoding="utf-8") as out:
                out.write(json.dumps({"id": message["id"], "type": message["type"]}) + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, fmt, *args):
            sys.stderr.write("receiver.py: " + (fmt % args) + "\n")

    return Handler


def main():
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8092"))
    record_file = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("RECORD_FILE", "received.jsonl")
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        sys.exit("WEBHOOK_SECRET is not set")
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(signing_key(secret), record_file))
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
