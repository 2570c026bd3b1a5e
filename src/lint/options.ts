import { readConfig, type ShipshapeConfig, withFlags } from '../config/config.js';
import type { Project } from '../project/types.js';
import type { RunOptions } from '../rules/run.js';
import type { Severity } from '../types.js';

/** What a caller may set on top of the project's `[tool.shipshape]` settings. */
export interface LintSettings {
  /** Rule codes or prefixes to run (`SS1`, `SS104`); replaces the configured list. */
  select?: string[];
  /** Rule codes or prefixes to skip; replaces the configured list. */
  ignore?: string[];
  /** Per-rule severities, merged over the configured ones. */
  severity?: Record<string, Severity>;
  /** Registries whose images may stay unpinned (SS304), added to the configured ones. */
  trustedRegistries?: string[];
}

/** The rule-run options of a validated configuration. */
export function runOptionsOf(config: ShipshapeConfig): RunOptions {
  return {
    ...(config.select ? { select: config.select } : {}),
    ...(config.ignore ? { ignore: config.ignore } : {}),
    severities: config.severity,
    settings: { trustedRegistries: config.trustedRegistries },
  };
}

/** The project's configuration (an unknown key is a UserError naming it) with the caller's settings on top. */
export function configFor(project: Project, settings: LintSettings = {}): ShipshapeConfig {
  const config = withFlags(readConfig(project.config), { select: settings.select, ignore: settings.ignore });
  return {
    ...config,
    severity: { ...config.severity, ...settings.severity },
    trustedRegistries: [...config.trustedRegistries, ...(settings.trustedRegistries ?? [])],
  };
}
