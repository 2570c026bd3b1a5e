import { describe, expect, it } from 'vitest';
import type { ImageReport } from '../image/types.js';
import { securityFrom } from './analyse.js';

describe('securityFrom', () => {
  it('names the compilers the image report lists as dpkg packages', () => {
    const report = {
      pythonWaste: [
        {
          kind: 'build-toolchain',
          title: 'compilers and -dev packages',
          bytes: 3,
          count: 3,
          paths: [
            { path: 'package gcc-12', bytes: 1 },
            { path: 'package libpq-dev', bytes: 1 },
            { path: 'package cpp', bytes: 1 },
          ],
        },
      ],
      security: { dpkgPackages: 235, shells: ['sh'], runsAsRoot: true, user: '' },
    } as unknown as ImageReport;
    expect(securityFrom(report)).toEqual({
      dpkgPackages: 235,
      compilers: ['cpp', 'gcc-12'],
      shells: ['sh'],
      runsAsRoot: true,
      user: 'root',
    });
  });
});
