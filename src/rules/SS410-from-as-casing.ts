import { defineRule } from './define.js';

export const rule = defineRule({
  code: 'SS410',
  name: 'from-as-casing',
  severity: 'warning',
  fixable: 'safe',
  sources: ['buildkit:FromAsCasing'],
  docs: {
    summary: 'The `AS` of a FROM line is not cased like its `FROM` keyword.',
    whatItDoes:
      'Reports `FROM image as name` (and `from image AS name`): the stage keyword in a different case from FROM.',
    why: 'BuildKit warns about it on every build (FromAsCasing), and a mixed-case Dockerfile is harder to scan: instructions are conventionally upper case throughout.',
    example: { bad: 'FROM python:3.12-slim as builder', good: 'FROM python:3.12-slim AS builder' },
    fixSafety:
      'Safe: keywords are case-insensitive, so changing the case of `as` changes nothing in the build.',
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const from = stage.from;
      const keyword = from.keywordText;
      const wanted =
        keyword === keyword.toUpperCase() ? 'AS' : keyword === keyword.toLowerCase() ? 'as' : null;
      if (!wanted) continue;
      const as = from.args.slice(1).find((a) => a.text.toLowerCase() === 'as');
      if (!as || as.text === wanted) continue;
      report({
        range: as.range,
        message: `\`${as.text}\` does not match the case of \`${keyword}\`: write \`${wanted}\`.`,
        fix: {
          description: `Write ${wanted}`,
          applicability: 'safe',
          edits: [{ start: as.range.start.offset, end: as.range.end.offset, content: wanted }],
        },
      });
    }
  },
});
