// Restore: the exact key, else the newest entry whose key starts with a restore-key,
// and say which key matched.
const fs = require("fs");
const path = require("path");
const store = process.env.REHEARSAL_CACHE;
const key = process.env.INPUT_KEY;
const target = path.resolve(process.env.GITHUB_WORKSPACE, process.env.INPUT_PATH.trim());
const prefixes = (process.env["INPUT_RESTORE-KEYS"] || "").split("\n").map((s) => s.trim()).filter(Boolean);
const saved = fs.existsSync(store)
  ? fs.readdirSync(store).map((name) => ({ key: decodeURIComponent(name), time: fs.statSync(path.join(store, name)).mtimeMs }))
  : [];
let found = saved.some((e) => e.key === key) ? key : null;
for (const prefix of prefixes) {
  if (found) break;
  const matches = saved.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.time - a.time);
  if (matches.length) found = matches[0].key;
}
if (found) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(store, encodeURIComponent(found), "file"), target);
}
console.log(found ? `restored ${process.env.INPUT_PATH} from ${found}` : `no cache entry for ${key}`);
fs.appendFileSync(process.env.GITHUB_OUTPUT, `cache-hit=${found === key}\ncache-matched-key=${found || ""}\n`);
