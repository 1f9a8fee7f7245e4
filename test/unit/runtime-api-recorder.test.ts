import { describe, expect, it } from 'vitest';

import { parseRequests } from '../helpers/runtime-api-recorder';

/** Bytes that arrived in pieces, each at its own time. */
function arrived(...pieces: [string, number][]): [Buffer, (offset: number) => number] {
  const ends: { end: number; at: number }[] = [];
  let length = 0;
  for (const [text, at] of pieces) ends.push({ end: (length += Buffer.byteLength(text, 'latin1')), at });
  return [Buffer.from(pieces.map(([text]) => text).join(''), 'latin1'), (offset) => ends.find((piece) => offset < piece.end)!.at];
}

describe('parseRequests (the wire recorder)', () => {
  it('reads a chunked post chunk by chunk, with when each arrived, and its trailers', () => {
    const [bytes, arrival] = arrived(
      ['GET /next HTTP/1.1\r\nHost: h\r\n\r\n', 1],
      ['POST /r HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTrailer: A, B\r\n\r\n5\r\nhello\r\n', 10],
      ['1;ext=1\r\n!\r\n', 20],
      ['0\r\nA: x\r\nB: y\r\n\r\n', 30],
    );
    const [next, post] = parseRequests(bytes, arrival);
    expect(next).toMatchObject({ method: 'GET', path: '/next', headers: { host: 'h' }, chunked: false, chunks: [], complete: true });
    expect(post).toMatchObject({ method: 'POST', path: '/r', chunked: true, trailers: { a: 'x', b: 'y' }, complete: true });
    expect(post.headers.trailer).toBe('A, B');
    expect(post.chunks.map((chunk) => [chunk.data.toString(), chunk.at])).toEqual([['hello', 10], ['!', 20]]);
    expect(post.body.toString()).toBe('hello!');
  });

  it('reads a body of declared length, an end without trailers, and stops where the bytes stop', () => {
    const [bytes, arrival] = arrived(['POST /e HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}', 5], ['POST /r HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 6], ['POST /s HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab', 7]);
    const [declared, empty, partial] = parseRequests(bytes, arrival);
    expect(declared).toMatchObject({ path: '/e', complete: true });
    expect(declared.body.toString()).toBe('{}');
    expect(empty).toMatchObject({ path: '/r', chunks: [], trailers: {}, complete: true });
    expect(partial).toMatchObject({ path: '/s', chunks: [], complete: false });
  });
});
