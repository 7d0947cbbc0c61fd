// A Keycloak Hooks webhook receiver in Node, verified with the standardwebhooks library
// (https://www.npmjs.com/package/standardwebhooks). docs/receivers.md#node shows it; ReceiverExamplesIT
// runs it against real deliveries.
//
//   WEBHOOK_SECRET=whsec_... node receiver.js <port> <record-file>
//   (or PORT=... RECORD_FILE=... WEBHOOK_SECRET=... node receiver.js)
//
// Answers 204 to a request whose signature verifies and appends {"id", "type"} of the message to the record
// file as one JSON line; answers 401 to anything else.
"use strict";
const http = require("http");
const fs = require("fs");
const { Webhook } = require("standardwebhooks");

const port = Number(process.argv[2] || process.env.PORT || 8091);
const recordFile = process.argv[3] || process.env.RECORD_FILE || "received.jsonl";
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error("WEBHOOK_SECRET is not set");
  process.exit(2);
}
const webhook = new Webhook(secret); // takes the whsec_ secret as is

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks); // verify the raw bytes, before any JSON parsing
    let message;
    try {
      // checks webhook-id, webhook-timestamp (at most 5 minutes away) and webhook-signature,
      // compares in constant time, and returns the parsed body
      message = webhook.verify(rawBody, req.headers);
    } catch (err) {
      res.writeHead(401, { "Content-Type": "text/plain" }).end("invalid signature\n");
      return;
    }
    // Deliveries are at least once: a real receiver deduplicates on message.id (= webhook-id).
    fs.appendFileSync(recordFile, JSON.stringify({ id: message.id, type: message.type }) + "\n");
    res.writeHead(204).end();
  });
});

server.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
