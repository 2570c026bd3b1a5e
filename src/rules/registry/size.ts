import type { Rule } from '../define.js';
import { rule as SS101 } from '../SS101-build-only-packages-shipped.js';
import { rule as SS102 } from '../SS102-apt-recommends-installed.js';
import { rule as SS103 } from '../SS103-apt-lists-kept.js';
import { rule as SS104 } from '../SS104-pip-cache-kept.js';
import { rule as SS105 } from '../SS105-full-python-base.js';
import { rule as SS106 } from '../SS106-docker-cli-from-package-repo.js';
import { rule as SS107 } from '../SS107-dev-dependencies-installed.js';
import { rule as SS108 } from '../SS108-tests-copied-into-image.js';
import { rule as SS109 } from '../SS109-dockerignore-missing-or-weak.js';
import { rule as SS110 } from '../SS110-files-removed-in-later-layer.js';
import { rule as SS111 } from '../SS111-chown-in-separate-layer.js';
import { rule as SS112 } from '../SS112-tool-installed-only-for-healthcheck.js';
import { rule as SS113 } from '../SS113-package-manager-in-final-image.js';
import { rule as SS114 } from '../SS114-alpine-without-musl-wheels.js';

/** size rules, in code order. */
export const sizeRules: Rule[] = [
  SS101,
  SS102,
  SS103,
  SS104,
  SS105,
  SS106,
  SS107,
  SS108,
  SS109,
  SS110,
  SS111,
  SS112,
  SS113,
  SS114,
];
