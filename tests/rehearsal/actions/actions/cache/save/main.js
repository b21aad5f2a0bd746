// Save: the file under its key, unless an entry with that key exists already.
const fs = require("fs");
const path = require("path");
const store = process.env.REHEARSAL_CACHE;
const key = process.env.INPUT_KEY;
const source = path.resolve(process.env.GITHUB_WORKSPACE, process.env.INPUT_PATH.trim());
const folder = path.join(store, encodeURIComponent(key));
if (fs.existsSync(folder)) {
  console.log(`${key} exists: not saved again`);
} else if (!fs.existsSync(source)) {
  console.log(`${process.env.INPUT_PATH} does not exist: nothing saved`);
} else {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(source, path.join(folder, "file"));
  console.log(`saved ${process.env.INPUT_PATH} as ${key}`);
}
