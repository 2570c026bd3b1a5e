import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { budgetsFromTable } from '../budgets/index.js';
import { readConfig } from './config.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(readFileSync(join(repo, 'schema/shipshape.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

const FULL_EXAMPLE = `
[tool.shipshape]
select = ["SS1", "SS301", "ss4"]
ignore = ["SS405"]
fail-on = "warning"
trusted-registries = ["ghcr.io/my-org", "registry.example.com"]

[tool.shipshape.severity]
SS104 = "error"
SS403 = "info"

[tool.shipshape.budgets]
max-size = "200MB"
max-wasted = "20 MB"
min-efficiency = 0.95
max-user-wasted-percent = "10%"
`;

function tableOf(toml: string): Record<string, unknown> {
  return (parseToml(toml) as { tool: { shipshape: Record<string, unknown> } }).tool.shipshape;
}

describe('schema/shipshape.schema.json', () => {
  it('accepts a full example, which the config loader also accepts', () => {
    const table = tableOf(FULL_EXAMPLE);
    expect(validate(table), JSON.stringify(validate.errors)).toBe(true);
    const config = readConfig({ file: 'pyproject.toml', table });
    expect(config.failOn).toBe('warning');
    expect(budgetsFromTable(config.budgets, 'pyproject.toml')).toEqual({
      maxSizeBytes: 200e6,
      maxWastedBytes: 20e6,
      minEfficiency: 0.95,
      maxUserWastedPercent: 0.1,
    });
  });

  it.each([
    ['an unknown top-level key', { selct: ['SS1'] }],
    ['an unknown budget', { budgets: { 'max-layers': 10 } }],
    ['a size with an unknown unit', { budgets: { 'max-size': '20XB' } }],
    ['a negative size', { budgets: { 'max-wasted': -1 } }],
    ['a negative size as text', { budgets: { 'max-wasted': '-5MB' } }],
    ['an efficiency above 1', { budgets: { 'min-efficiency': 95 } }],
    ['an unknown severity', { 'fail-on': 'fatal' }],
    ['a severity override for something that is not a rule code', { severity: { E501: 'error' } }],
    ['a selector that is not a rule code', { select: ['E501'] }],
  ])('rejects %s', (_, table) => {
    expect(validate(table)).toBe(false);
  });

  it.each([['200MB'], ['1.5GiB'], ['20 MB'], ['512k'], ['.5G'], [1024]])(
    'accepts the size %j exactly when the budget parser does',
    (size) => {
      expect(validate({ budgets: { 'max-size': size } })).toBe(true);
      expect(() => budgetsFromTable({ 'max-size': size }, 'pyproject.toml')).not.toThrow();
    },
  );

  it('lists the same top-level settings the config loader knows', () => {
    let message = '';
    try {
      readConfig({ file: 'pyproject.toml', table: { unknown: 1 } });
    } catch (error) {
      message = (error as Error).message;
    }
    const listed = /known settings are (.+)\.$/.exec(message)?.[1]?.split(', ').sort();
    expect(listed).toEqual(Object.keys(schema.properties).sort());
  });

  it('is exported from the package for editors and tools', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(manifest.exports['./schema/shipshape.schema.json']).toBe('./schema/shipshape.schema.json');
    expect(manifest.files).toContain('schema');
  });
});
