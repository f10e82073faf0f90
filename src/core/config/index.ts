/**
 * The configuration module's public face: the YAML format, its validation, dependency
 * expressions, the model builder, export and diff. Other layers import from here only.
 */
export { ConfigError, formatIssue, formatPath, isConfigError } from './config-error.js';
export type { ConfigIssue, PathSegment } from './config-error.js';
export { DependencyExpressionError, formatDependencyExpression, isSimpleExpression, parseDependencyExpression } from './dependency-expression.js';
export { MAX_DEPENDENCY_DEPTH } from './dependency-checks.js';
export { CLUSTER_KEYS, GROUP_KEYS, NODE_KEYS, RESOURCE_KEYS } from './read-document.js';
export type { GroupConfigDraft, ResourceConfigDraft } from './read-document.js';
export { parseClusterConfig, validateClusterConfig } from './validate.js';
export type { ValidationOptions } from './validate.js';
export { buildModel, findDependents, loadModelYaml } from './build-model.js';
export { configToDocument, configToYaml } from './export-yaml.js';
export { diffConfigs, formatConfigDiff, jsonEqual } from './diff.js';
export type { ConfigChange, FieldChange } from './diff.js';
