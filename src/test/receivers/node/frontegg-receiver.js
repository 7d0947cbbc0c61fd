// A receiver written the way Frontegg's documentation shows one: the x-webhook-secret header is a JWT signed
// with the hook's secret, checked with jsonwebtoken's jwt.verify; the body is read by Frontegg's field names
// (eventKey, eventContext, user.email; prehooks: data.user.email). FormatReceiversIT runs it against a real
// Keycloak with hooks of format "frontegg" (docs/formats.md#frontegg).
//
//   HOOK_SECRET=... node frontegg-receiver.js <port> <record-file>
//
// POST /webhooks: records {"eventKey", "email", "tenantId"} and answers 200.
// POST /prehooks: a USER_SIGNUP prehook; e-mail addresses at blocked.test are refused with Frontegg's
//                 {"continue": false, "error": {...}}, everything else continues.
"use strict";
const http = require("http");
const fs = require("fs");
const jwt = require("jsonwebtoken");

const port = Number(process.argv[2]);
const recordFile = process.argv[3];
const secret = process.env.HOOK_SECRET;

function record(entry) {
  fs.appendFileSync(recordFile, JSON.stringify(entry) + "\n");
}

http.createServer((req, res) => {
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    try {
      jwt.verify(req.headers["x-webhook-secret"], secret);
    } catch (e) {
      console.error("refused: " + e.message);
      res.writeHead(401).end();
      return;
    }
    const body = JSON.parse(raw);
    if (req.url === "/prehooks") {
      const email = body.data.user.email;
      record({ path: req.url, eventKey: body.eventKey, email });
      const answer = email.endsWith("@blocked.test")
        ? { continue: false, error: { status: 403, message: "Sign-ups from blocked.test are closed." } }
        : { continue: true };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
      return;
    }
    record({ path: req.url, eventKey: body.eventKey, email: body.user ? body.user.email : null,
      tenantId: body.eventContext.tenantId, tenantName: body.tenant ? body.tenant.name : null });
    res.writeHead(200).end();
  });
}).listen(port, "127.0.0.1");
