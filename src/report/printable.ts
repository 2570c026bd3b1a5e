/**
 * Text from an image (file names, history, package names, users) or a Dockerfile (a lint code
 * frame, a quoted word in a message) is shown to a terminal: an
 * escape sequence or newline in it could repaint the screen, fake a line of output or hide
 * what follows. Control characters (C0, DEL, C1) and bidirectional overrides are written as
 * escapes instead (`\x1b`, `\n`, `\u202e`); everything else is kept as it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(
  text: string,
  options: { keepNewlines?: boolean; keepTabs?: boolean } = {},
): string {
  return text.replace(
    UNPRINTABLE,
    (ch) =>
      ((options.keepNewlines && ch === '\n') || (options.keepTabs && ch === '\t') ? ch : NAMED[ch]) ??
      (ch.charCodeAt(0) <= 0xff
        ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`
        : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}
