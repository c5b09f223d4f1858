// The link line under a shot and the id line of a shot without one, as pure text edits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, idEdit, isLinkLineOf, linkedTargets, linkEdit, linkLine, newShotId, relativeLink } from '../../../src/storyboard/links';
import { parseStoryboard } from '../../../src/storyboard/parse';
import { md } from './helpers';

const text = md('# Film', '```airforce', 'id: fox-wide', 'prompt: fox', '```', 'Next scene.', '```airforce', 'kind: image', 'prompt: still', '```');

describe('storyboard link lines', () => {
  it('writes image links as images and video/audio links with the id and extension, encoded', () => {
    assert.equal(
      linkLine('image', 'still', ['airforce-media/a b.png', 'airforce-media/c.png']),
      '![still](airforce-media/a%20b.png) ![still](airforce-media/c.png) <!-- airforce -->',
    );
    assert.equal(linkLine('video', 'fox-wide', ['airforce-media/x(1).mp4']), '[fox-wide.mp4](airforce-media/x%281%29.mp4) <!-- airforce -->');
    assert.equal(linkLine('speech', 'line-1', ['../out/v.mp3']), '[line-1.mp3](../out/v.mp3) <!-- airforce -->');
    assert.equal(relativeLink('/ws/story/film.md', '/ws/airforce-media/x.mp4'), '../airforce-media/x.mp4');
  });

  it('inserts one line under the block, then replaces that same line, leaving the rest alone', () => {
    const board = parseStoryboard(text);
    const first = linkEdit(board, 'fox-wide', '[fox-wide.mp4](m/1.mp4)')!;
    assert.deepEqual(first, { line: 5, replace: false, text: '[fox-wide.mp4](m/1.mp4)' });
    const once = applyEdits(text, [first]);
    assert.equal(
      once,
      md('# Film', '```airforce', 'id: fox-wide', 'prompt: fox', '```', '[fox-wide.mp4](m/1.mp4)', 'Next scene.', '```airforce', 'kind: image', 'prompt: still', '```'),
    );
    const again = linkEdit(parseStoryboard(once), 'fox-wide', '[fox-wide.mp4](m/2.mp4)')!;
    assert.deepEqual(again, { line: 5, replace: true, text: '[fox-wide.mp4](m/2.mp4)' });
    const twice = applyEdits(once, [again]);
    assert.equal(twice, once.replace('m/1.mp4', 'm/2.mp4'));
    assert.deepEqual(linkedTargets(parseStoryboard(twice), parseStoryboard(twice).blocks[0]!), ['m/2.mp4']);
  });

  it('writes nothing when the document no longer holds the shot or its block is open', () => {
    assert.equal(linkEdit(parseStoryboard(text), 'gone', 'x'), undefined);
    assert.equal(linkEdit(parseStoryboard(md('```airforce', 'id: a', 'prompt: x')), 'a', 'x'), undefined);
    assert.ok(linkEdit(parseStoryboard(md('```airforce', 'id: a', 'prompt: x', '```')), 'a', '[a.mp4](x.mp4)'), 'a block at the end of the text');
    assert.equal(applyEdits(md('```airforce', 'id: a', '```'), [{ line: 3, replace: false, text: 'L' }]), md('```airforce', 'id: a', '```', 'L'));
  });

  it('recognises only the shot’s own link line', () => {
    assert.ok(isLinkLineOf('![still](a.png)', 'still'));
    assert.ok(isLinkLineOf('[fox.mp4](a.mp4) ', 'fox'));
    assert.ok(!isLinkLineOf('[fox-2.mp4](a.mp4)', 'fox'));
    assert.ok(!isLinkLineOf('[fox.final.mp4](a.mp4)', 'fox'));
    assert.ok(!isLinkLineOf('See [the fox](a.mp4)', 'fox'));
    assert.ok(!isLinkLineOf('Next scene.', 'fox'));
  });

  it('gives a block without an id a unique shot-<n> as its first line, keeping CRLF', () => {
    const crlf = md('```airforce', 'id: shot-2', 'prompt: a', '```', '```airforce', 'prompt: b', '```').replace(/\n/g, '\r\n');
    const board = parseStoryboard(crlf);
    const block = board.blocks[1]!;
    const id = newShotId(board, block);
    assert.equal(id, 'shot-3');
    assert.equal(newShotId(board, block, new Set(['shot-3'])), 'shot-4');
    const out = applyEdits(crlf, [idEdit(block, id)]);
    assert.equal(out, md('```airforce', 'id: shot-2', 'prompt: a', '```', '```airforce', 'id: shot-3', 'prompt: b', '```').replace(/\n/g, '\r\n'));
    assert.equal(parseStoryboard(out).blocks[1]!.id, 'shot-3');
  });

  it("r3#19 the person's own link line under a shot is never replaced: only a line carrying the marker is", () => {
    const own = md('```airforce', 'id: fox', 'prompt: fox', '```', '[fox.md](notes/fox.md)', 'More text.');
    const board = parseStoryboard(own);
    const line = linkLine('video', 'fox', ['m/1.mp4']);
    assert.deepEqual(linkEdit(board, 'fox', line), { line: 4, replace: false, text: line });
    const once = applyEdits(own, [linkEdit(board, 'fox', line)!]);
    assert.equal(once, md('```airforce', 'id: fox', 'prompt: fox', '```', '[fox.mp4](m/1.mp4) <!-- airforce -->', '[fox.md](notes/fox.md)', 'More text.'));
    const next = linkLine('video', 'fox', ['m/2.mp4']);
    assert.equal(applyEdits(once, [linkEdit(parseStoryboard(once), 'fox', next)!]), once.replace('m/1.mp4', 'm/2.mp4'));
    for (const theirs of ['[fox](notes/fox.md)', '![fox](sketch.png) and my notes', '[fox.mp4](my/own.mp4) see also [x](y)']) {
      assert.equal(isLinkLineOf(theirs, 'fox'), false, theirs);
    }
    // A line written before the marker existed is still the extension's own.
    assert.ok(isLinkLineOf('[fox.mp4](airforce-media/a.mp4)', 'fox'));
    assert.ok(isLinkLineOf('![fox](a.png) ![fox](b.png)', 'fox'));
  });

  it('r3#19 an id holding ] [ * _ is escaped in the link text and its line is replaced, not added again, on every run', () => {
    const id = 'a]b[c*_d';
    let doc = md('```airforce', `id: ${id}`, 'kind: image', 'prompt: x', '```', 'Tail.');
    for (const n of [1, 2, 3]) {
      const board = parseStoryboard(doc);
      doc = applyEdits(doc, [linkEdit(board, id, linkLine('image', id, [`m/${n}.png`]))!]);
    }
    assert.equal(doc, md('```airforce', `id: ${id}`, 'kind: image', 'prompt: x', '```', '![a\\]b\\[c\\*\\_d](m/3.png) <!-- airforce -->', 'Tail.'));
    const board = parseStoryboard(doc);
    assert.deepEqual(linkedTargets(board, board.blocks[0]!), ['m/3.png']);
  });
});
