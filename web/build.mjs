#!/usr/bin/env node
// Builds the console and the storefront into web/dist (one Vite build per app).
//
//   node web/build.mjs             build both apps
//   node web/build.mjs --if-stale  build only when web/dist does not match the sources
//
// `--if-stale` runs after `npm install` / `npm ci` (prepare) and before `npm start` (prestart):
// it hashes the inputs and compares with the stamp written by the last build, so an up-to-date
// tree costs a few milliseconds. Without Vite (a production install without devDependencies)
// it warns and leaves web/dist as it is; the server then explains how to build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(webDir);
const distDir = join(webDir, 'dist');
const stampFile = join(distDir, '.build-stamp');
const APPS = ['console', 'shop'];
const INPUTS = ['src', 'console', 'shop', 'vite.config.ts', 'build.mjs'].map((p) => join(webDir, p));
const MAX_INPUT_FILES = 5000;

function listFiles(path, out) {
  if (!existsSync(path)) return out;
  if (statSync(path).isFile()) {
    out.push(path);
    return out;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    listFiles(join(path, entry.name), out);
    if (out.length > MAX_INPUT_FILES) throw new Error(`more than ${MAX_INPUT_FILES} files under web/: refusing to hash them all`);
  }
  return out;
}

/** A hash of every input's path and content, plus the lockfile (dependency versions change output). */
export function fingerprint() {
  const files = INPUTS.flatMap((p) => listFiles(p, [])).sort();
  const lock = join(rootDir, 'package-lock.json');
  if (existsSync(lock)) files.push(lock);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(rootDir, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function isUpToDate(print = fingerprint()) {
  if (!APPS.every((app) => existsSync(join(distDir, app, 'index.html')))) return false;
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === print;
}

async function loadVite() {
  try {
    return await import('vite');
  } catch {
    return null;
  }
}

export async function buildWeb({ ifStale = false, quiet = false } = {}) {
  const print = fingerprint();
  if (ifStale && isUpToDate(print)) {
    if (!quiet) console.log('web: console and storefront are up to date (web/dist)');
    return 'up-to-date';
  }
  const vite = await loadVite();
  if (!vite) {
    console.warn('web: Vite is not installed (production install?); web/dist was not rebuilt. Run `npm install` then `npm run build:web`.');
    return 'skipped';
  }
  const started = Date.now();
  for (const app of APPS) {
    await vite.build({ configFile: join(webDir, 'vite.config.ts'), mode: app, logLevel: quiet ? 'error' : 'warn' });
  }
  mkdirSync(distDir, { recursive: true });
  writeFileSync(stampFile, `${print}\n`);
  if (!quiet) console.log(`web: built the console and the storefront into web/dist in ${Date.now() - started} ms`);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  buildWeb({ ifStale }).catch((error) => {
    console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
