// docs/ARCHITECTURE.md names every file and folder under src/ (issue 18 item 8), so a reader can find
// any file from the map and the map cannot silently fall behind the tree. The map is the first fenced
// block after "## File map": a line that starts in column 0 with a path ending in `/` opens a folder's
// section (`src/` for the root files, else the folder's path under src/, e.g. `generate/host/`); a file
// counts as named when its file name (with extension) appears in its folder's section, or its path
// under src/ appears anywhere in the map.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const DOC = 'docs/ARCHITECTURE.md';
const ROOT_SECTION = 'src/';

/** Every file and folder under src/, as paths relative to src/ with `/` separators (folders end in `/`). */
function srcEntries(dir = path.join(root, 'src'), rel = ''): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relPath = rel + entry.name;
    if (entry.isDirectory()) {
      folders.push(`${relPath}/`);
      const inner = srcEntries(path.join(dir, entry.name), `${relPath}/`);
      files.push(...inner.files);
      folders.push(...inner.folders);
    } else {
      files.push(relPath);
    }
  }
  return { files, folders };
}

/** The file map's text and its sections: folder key (`src/` or `a/b/`) → the lines under that key. */
function fileMap(doc: string): { text: string; sections: Map<string, string> } {
  const heading = doc.indexOf('\n## File map');
  assert.ok(heading >= 0, `${DOC} has no "## File map" heading`);
  const open = doc.indexOf('\n```', heading);
  const close = doc.indexOf('\n```', open + 4);
  assert.ok(open >= 0 && close > open, `${DOC}: no fenced block after "## File map"`);
  const text = doc.slice(doc.indexOf('\n', open + 1) + 1, close);
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const header = /^([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/)(?:\s|$)/.exec(line);
    if (header) current = header[1];
    if (current !== undefined) sections.set(current, `${sections.get(current) ?? ''}${line}\n`);
  }
  return { text, sections };
}

/** Whether `name` appears in `text` as a whole name (not as the tail of a longer one, like `main.ts` in `domain.ts`). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_.-])${escaped}(?![A-Za-z0-9_-])`).test(text);
}

/** The section key a file's folder has in the map. */
function sectionOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? ROOT_SECTION : file.slice(0, slash + 1);
}

describe('docs/ARCHITECTURE.md file map', () => {
  const doc = fs.readFileSync(path.join(root, DOC), 'utf8');
  const { text, sections } = fileMap(doc);
  const { files, folders } = srcEntries();

  it('regroup#8 names every folder under src/ on its own line', () => {
    const missing = folders.filter((folder) => !sections.has(folder));
    assert.deepEqual(
      missing,
      [],
      `${DOC}: add a line starting in column 0 with each of these folders to the "## File map" block:\n  ${missing.map((f) => `src/${f}`).join('\n  ')}`,
    );
  });

  it('regroup#8 names every file under src/ in its folder section', () => {
    const missing = files.filter((file) => !mentions(sections.get(sectionOf(file)) ?? '', path.posix.basename(file)) && !mentions(text, file));
    const advice = missing.map((file) => `src/${file}: name \`${path.posix.basename(file)}\` under the \`${sectionOf(file)}\` line`);
    assert.deepEqual(missing, [], `${DOC}: the "## File map" block does not name:\n  ${advice.join('\n  ')}`);
  });

  it('regroup#8 names no folder that is gone from src/', () => {
    const existing = new Set([ROOT_SECTION, ...folders]);
    const stale = [...sections.keys()].filter((key) => !existing.has(key));
    assert.deepEqual(stale, [], `${DOC}: the "## File map" block has sections for folders that do not exist under src/: ${stale.join(', ')}`);
  });

  it('regroup#8 the checker sees a missing file and a missing folder', () => {
    // The rules above, on a tiny map: proves a name outside its folder's section does not count.
    const sample = fileMap('# A\n\n## File map\n\n```\nsrc/\n  a.ts   x\nio/                b.ts\nio/download/  c.ts, also a.ts\n```\n');
    assert.deepEqual([...sample.sections.keys()], ['src/', 'io/', 'io/download/']);
    assert.ok(mentions(sample.sections.get('io/download/') ?? '', 'c.ts'));
    assert.ok(!mentions(sample.sections.get('io/') ?? '', 'a.ts'), 'a name in another section does not count');
    assert.ok(!mentions('domain.ts', 'main.ts'), 'a longer name does not count');
    assert.ok(!sample.sections.has('tasks/'));
  });
});
