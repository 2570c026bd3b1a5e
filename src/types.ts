/**
 * Words every folder speaks. Positions are 1-based line and column (as editors and SARIF
 * show them) plus a 0-based UTF-16 offset into the original text (as JavaScript slices it).
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Replace the text between `start` and `end` offsets of a file with `content`. */
export interface Edit {
  start: number;
  end: number;
  content: string;
  /** When set, the edit targets this file instead of the finding's file (e.g. .dockerignore). */
  file?: string;
}

export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  description: string;
  applicability: Applicability;
  edits: Edit[];
}

export interface Finding {
  rule: string;
  name: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  docsUrl: string;
  fix?: Fix;
}
