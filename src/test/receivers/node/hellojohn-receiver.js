// A receiver written the way HelloJohn's documentation shows one: verifyHookSignature compares the
// hellojohn-hook-signature header ("sha256=" + hex HMAC-SHA256 of the raw body) with crypto.timingSafeEqual;
// the body is read by HelloJohn's field names (req.body.email, req.body.user.email, ...) and a denial is
// {"allow": false, "reason": ...}. FormatReceiversIT runs it against a real Keycloak with hooks of format
// "hellojohn" (docs/formats.md#hellojohn).
//
//   HOOK_SECRET=... node hellojohn-receiver.js <port> <record-file>
//
// POST /pre_sign_up, /pre_sign_in: refuse e-mail addresses at blocked.test. POST /jwt: {"claims": {...}}.
// POST /post_sign_up: records the user. Every verified request is recorded with its path.
"use strict";
const http = require("http");
const fs = require("fs");
const crypto = require("crypto");

const port = Number(process.argv[2]);
const recordFile = process.argv[3];
const secret = process.env.HOOK_SECRET;

function verifyHookSignature(rawBody, signature, secret) {
  const expected = "sha256=" + crypto.createHmac("sha256", secret).update(rawBody).digest("hex");
  const a = Buffer.from(expected);
  const b = Buffer.from(signature || "");
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function json(res, answer) {
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
}

function blocked(email) {
  return typeof email === "string" && email.endsWith("@blocked.test");
}

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks);
    if (!verifyHookSignature(rawBody, req.headers["hellojohn-hook-signature"], secret)) {
      res.writeHead(401).end();
      return;
    }
    req.body = JSON.parse(rawBody.toString("utf8"));
    fs.appendFileSync(recordFile, JSON.stringify({ path: req.url, body: req.body }) + "\n");
    switch (req.url) {
      case "/pre_sign_up":
        return json(res, blocked(req.body.email)
          ? { allow: false, reason: "HelloJohn says no to " + req.body.email }
          : { allow: true });
      case "/pre_sign_in":
        return json(res, blocked(req.body.user.email) || req.body.user.disabled
          ? { allow: false, reason: "HelloJohn blocks this sign-in" }
          : { allow: true });
      case "/jwt":
        return json(res, { claims: { plan: "pro", hj_org: req.body.session.org_id, hj_tenant: req.body.tenant_id } });
      default:
        res.writeHead(200).end();
    }
  });
}).listen(port, "127.0.0.1");
