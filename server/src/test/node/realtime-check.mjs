// Subscribes to one entity with the official @base44/sdk and reports what the app would see, one JSON object per
// line on stdout. Commands on stdin, one per line: "unsubscribe", "exit".
// Usage: node realtime-check.mjs <serverUrl> <appId> <Entity>
import { createClient } from "@base44/sdk";
import { createInterface } from "node:readline";

const [serverUrl, appId, entity] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
console.log = (...args) => out({ kind: "log", text: args.map(String).join(" ") });
console.error = (...args) => out({ kind: "error", text: args.map(String).join(" ") });
console.warn = (...args) => out({ kind: "warn", text: args.map(String).join(" ") });

const base44 = createClient({ serverUrl, appId });
let unsubscribe = base44.entities[entity].subscribe((event) => out({ kind: "event", event }));
out({ kind: "subscribed" });

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "unsubscribe" && unsubscribe) {
    unsubscribe();
    unsubscribe = null;
    out({ kind: "unsubscribed" });
  } else if (line === "exit") {
    process.exit(0);
  }
});
process.stdin.on("end", () => process.exit(0));
