// Save: under the job's key, unless that exact key was restored (entries are immutable).
const fs = require("fs");
const path = require("path");
const store = process.env.REHEARSAL_CACHE;
const key = process.env.INPUT_KEY;
const source = path.resolve(process.env.GITHUB_WORKSPACE, process.env.INPUT_PATH.trim());
if (process.env.STATE_hit === "true") {
  console.log(`${key} was restored exactly: not saved again`);
} else if (!fs.existsSync(source)) {
  console.log(`${process.env.INPUT_PATH} does not exist: nothing saved`);
} else {
  const folder = path.join(store, encodeURIComponent(key));
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(source, path.join(folder, "file"));
  console.log(`saved ${process.env.INPUT_PATH} as ${key}`);
}
