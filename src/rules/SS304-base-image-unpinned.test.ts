import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/index.js';
import type { Project } from '../project/types.js';
import type { Finding } from '../types.js';
import { runRules } from './run.js';
import { rule } from './SS304-base-image-unpinned.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\n',
    'FROM python@sha256:2267adc248a477c1f1a852a07a5a224d42abe54c28aafa572efa157dfb001bba\n',
    {
      name: 'stage references and scratch',
      dockerfile:
        'FROM python:3.12-slim AS base\nFROM base AS app\nFROM scratch AS export\nCOPY --from=app /app /app\n',
    },
    {
      name: 'a reference built from an ARG that does not resolve',
      dockerfile: 'ARG BASE\nFROM ${BASE}\n',
    },
    'ARG PY=3.12\nFROM python:${PY}-slim\n',
    'FROM localhost:5000/python:3.12\n',
  ],
  invalid: [
    {
      dockerfile: 'FROM python\n',
      errors: [{ line: 1, column: 6, endColumn: 12, message: /`python` has no tag/ }],
    },
    {
      dockerfile: 'FROM python:latest AS build\n',
      errors: [{ line: 1, column: 6, endColumn: 19, message: /`latest`/ }],
    },
    {
      name: 'registry with a port is not a tag',
      dockerfile: 'FROM registry.example.com:5000/team/app\n',
      errors: [{ line: 1, column: 6, message: /pin a version tag such as `app:<version>`/ }],
    },
    {
      name: 'resolved from a global ARG',
      dockerfile: 'ARG BASE=python\nFROM $BASE\n',
      errors: [{ line: 2, column: 6 }],
    },
  ],
});

describe('SS304 trusted registries', () => {
  it('leaves images from a trusted registry alone', async () => {
    const model = await parseDockerfile('FROM registry.internal/python\nFROM python\n');
    const project = { dockerfiles: [], entries: [] } as unknown as Project;
    const findings: Finding[] = runRules(project, model, 'Dockerfile', {
      rules: [rule],
      settings: { trustedRegistries: ['registry.internal'] },
    });
    expect(findings.map((f) => f.range.start.line)).toEqual([2]);
  });
});
