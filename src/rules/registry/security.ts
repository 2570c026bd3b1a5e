import type { Rule } from '../define.js';
import { rule as SS301 } from '../SS301-runs-as-root.js';
import { rule as SS302 } from '../SS302-remote-script-piped-to-shell.js';
import { rule as SS303 } from '../SS303-secret-in-arg-or-env.js';
import { rule as SS304 } from '../SS304-base-image-unpinned.js';
import { rule as SS305 } from '../SS305-add-instead-of-copy.js';
import { rule as SS306 } from '../SS306-sudo-used.js';
import { rule as SS307 } from '../SS307-tls-verification-disabled.js';
import { rule as SS308 } from '../SS308-secret-files-copied.js';

/** security rules, in code order. */
export const securityRules: Rule[] = [SS301, SS302, SS303, SS304, SS305, SS306, SS307, SS308];
