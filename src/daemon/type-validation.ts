/**
 * Apply-time checks the pure configuration validation cannot make: every resource's type must
 * resolve (a built-in name, an `ocf:<provider>:<agent>` whose agent exists, or a module path), and
 * OCF resources must give exactly the parameters their agent's meta-data declares. Problems come
 * back as one ConfigError with YAML paths, like the rest of validation.
 */
import { ConfigError, type ConfigIssue } from '../core/config/index.js';
import type { ClusterConfig } from '../core/model.js';
import { validateOcfConfig } from '../resources/ocf/index.js';
import { resolveResourceType } from '../resources/registry.js';
import type { TypeValidator } from './config-service.js';

export function typeValidator(baseDir: string): TypeValidator {
  return async (config: ClusterConfig) => {
    const issues: ConfigIssue[] = [];
    for (const resource of config.resources) {
      const resolved = resolveResourceType(resource.type, { baseDir });
      if (!resolved.ok) {
        const segments = ['groups', resource.group, 'resources', resource.name, 'type'];
        issues.push({ path: segments.join('.'), segments, code: resolved.code, message: resolved.detail });
      }
    }
    const resolvable = config.resources.filter((r) => !issues.some((i) => i.segments[3] === r.name));
    issues.push(...(await validateOcfConfig({ resources: resolvable })));
    if (issues.length > 0) throw new ConfigError(issues);
  };
}
