// Reads a stream of chunks by exact counts, without holding more than one
// chunk: what a tar reader needs (a 512-byte header, then a body of a
// declared size), on a stream that may end too soon.

export class ByteSource {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes handed out (read, streamed or skipped) so far. */
  position = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** Exactly n bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0) {
      const chunk = await this.next(missing);
      if (chunk === null) break;
      parts.push(chunk);
      missing -= chunk.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Up to max bytes as they come, or null at the end of the stream. */
  async next(max: number): Promise<Buffer | null> {
    if (this.pending.length === 0) {
      if (this.ended) return null;
      const { value, done } = await this.chunks.next();
      if (done) {
        this.ended = true;
        return null;
      }
      this.pending = value;
    }
    const chunk = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(chunk.length);
    this.position += chunk.length;
    return chunk;
  }
}
