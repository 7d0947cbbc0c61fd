// A CloudEvents receiver: each request is verified with the standardwebhooks library and parsed and validated
// with the official CloudEvents SDK (HTTP.toEvent). FormatReceiversIT runs it against a real Keycloak with
// webhooks of format "cloudevents" (docs/formats.md#cloudevents).
//
//   WEBHOOK_SECRET=whsec_... node cloudevents-receiver.js <port> <record-file>
//
// Answers 204 and records the event's attributes, data and the raw body when both pass; 400 when the SDK
// refuses the event, 401 when the signature does not verify.
"use strict";
const http = require("http");
const fs = require("fs");
const { HTTP } = require("cloudevents");
const { Webhook } = require("standardwebhooks");

const port = Number(process.argv[2]);
const recordFile = process.argv[3];
const webhook = new Webhook(process.env.WEBHOOK_SECRET);

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks).toString("utf8");
    try {
      webhook.verify(raw, req.headers);
    } catch (e) {
      res.writeHead(401).end();
      return;
    }
    let event;
    try {
      event = HTTP.toEvent({ headers: req.headers, body: raw });
      event.validate();
    } catch (e) {
      console.error("not a valid CloudEvent: " + (e.errors ? JSON.stringify(e.errors) : e.message));
      res.writeHead(400).end();
      return;
    }
    const { specversion, id, source, type, subject, time, datacontenttype, data } = event;
    fs.appendFileSync(recordFile, JSON.stringify({ path: req.url, contentType: req.headers["content-type"],
      specversion, id, source, type, subject, time, datacontenttype, data, extensions: Object.keys(event)
        .filter((k) => event[k] !== undefined && !["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data",
          "dataschema", "data_base64"].includes(k)), raw }) + "\n");
    res.writeHead(204).end();
  });
}).listen(port, "127.0.0.1");
