import { UserError } from '../errors.js';
import {
  BLOCK,
  decodeHeader,
  isMetaType,
  isZeroBlock,
  PendingOverrides,
  paddedSize,
  type TarHeader,
} from './tar-header.js';

const MAX_META_BYTES = 1 << 20;

export interface ScannerSink {
  /** Called for every real entry; return a byte cap to receive its content, or 0 to skip it. */
  entry(header: TarHeader): number;
  /** Content of an entry that asked for it (cut at the cap; `complete` is false then). */
  content(header: TarHeader, data: Buffer, complete: boolean): void;
}

/**
 * A push-style tar reader for layer streams: it parses headers as bytes arrive and skips
 * file contents without copying them, so memory stays flat whatever the layer size.
 */
export class TarScanner {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private current: TarHeader | undefined;
  private remaining = 0;
  private padding = 0;
  private capture: Buffer[] | undefined;
  private captureLeft = 0;
  private captureTotal = 0;
  private ended = false;
  private readonly overrides = new PendingOverrides();

  constructor(
    private readonly where: string,
    private readonly sink: ScannerSink,
  ) {}

  /** True once the end-of-archive marker was read; later bytes are ignored. */
  get finished(): boolean {
    return this.ended;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        if (this.capture && this.captureLeft > 0) {
          const keep = Math.min(take, this.captureLeft);
          // A copy: the reader may reuse its buffer for the next chunk.
          this.capture.push(Buffer.from(chunk.subarray(at, at + keep)));
          this.captureLeft -= keep;
          this.captureTotal += keep;
        }
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const take = Math.min(this.padding, chunk.length - at);
        this.padding -= take;
        at += take;
        continue;
      }
      if (this.headerFill === 0 && chunk.length - at >= BLOCK) {
        // The whole header is in this chunk: read it where it lies (copying cost more than parsing).
        at += BLOCK;
        this.startEntry(chunk.subarray(at - BLOCK, at));
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, chunk.length - at);
      chunk.copy(this.header, this.headerFill, at, at + take);
      this.headerFill += take;
      at += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.startEntry(this.header);
      }
    }
  }

  /**
   * Passes over the rest of the current entry's content (and its padding) when nobody wants
   * it, at most `limit` bytes; returns how many bytes a reader may seek past.
   */
  skipContent(limit: number): number {
    if (this.ended || this.remaining === 0 || (this.capture && this.captureLeft > 0)) return 0;
    const content = Math.min(this.remaining, limit);
    this.remaining -= content;
    if (this.remaining > 0) return content;
    this.finishEntry();
    const padding = Math.min(this.padding, limit - content);
    this.padding -= padding;
    return content + padding;
  }

  /** Call when the stream ends; throws when it stopped inside an entry. */
  finish(): void {
    if (this.ended) return;
    if (this.remaining > 0 || this.headerFill > 0 || this.padding > 0) {
      throw new UserError(`${this.where} is truncated (the layer stream ends inside a tar entry).`);
    }
  }

  private startEntry(block: Buffer): void {
    if (isZeroBlock(block)) {
      this.ended = true;
      return;
    }
    const raw = decodeHeader(block, this.where);
    if (isMetaType(raw.type)) {
      if (raw.size > MAX_META_BYTES)
        throw new UserError(`${this.where} has an oversized tar extension header.`);
      this.current = raw;
      this.beginContent(raw.size, raw.size);
      return;
    }
    const header = this.overrides.apply(raw);
    // Only regular files carry content; a hard link or directory claiming a size is skipped by its header size.
    const size = header.type === '0' || header.type === '7' ? header.size : raw.size;
    this.current = header;
    const cap = this.sink.entry(header);
    this.beginContent(size, cap);
  }

  private beginContent(size: number, cap: number): void {
    this.remaining = size;
    this.padding = paddedSize(size) - size;
    this.capture = cap > 0 ? [] : undefined;
    this.captureLeft = cap;
    this.captureTotal = 0;
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const header = this.current;
    if (!header) return;
    if (this.capture) {
      const data = Buffer.concat(this.capture, this.captureTotal);
      if (isMetaType(header.type)) this.overrides.absorb(header.type, data);
      else this.sink.content(header, data, this.captureTotal === header.size);
    }
    this.capture = undefined;
    this.current = undefined;
  }
}
