import type { Rule } from '../define.js';
import { rule as SS201 } from '../SS201-source-copied-before-dependencies.js';
import { rule as SS202 } from '../SS202-dependency-cache-not-mounted.js';
import { rule as SS203 } from '../SS203-lockfile-ignored.js';
import { rule as SS204 } from '../SS204-uv-installed-with-pip.js';
import { rule as SS205 } from '../SS205-system-packages-after-source.js';
import { rule as SS206 } from '../SS206-uv-env-not-tuned.js';
import { rule as SS207 } from '../SS207-apt-update-alone.js';
import { rule as SS208 } from '../SS208-dependency-sync-at-startup.js';
import { rule as SS209 } from '../SS209-project-installed-before-source.js';
import { rule as SS210 } from '../SS210-source-independent-step-after-source.js';

/** cache rules, in code order. */
export const cacheRules: Rule[] = [SS201, SS202, SS203, SS204, SS205, SS206, SS207, SS208, SS209, SS210];
