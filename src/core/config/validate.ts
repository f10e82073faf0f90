/**
 * The entry points from outside data to a validated ClusterConfig: `validateClusterConfig` for a
 * parsed document (JSON bodies, tests) and `parseClusterConfig` for YAML text, which also puts
 * line numbers on the issues. All problems are collected and thrown as one ConfigError.
 */
import type { Document } from 'yaml';
import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { Win32 } from '../errors.js';
import type { ClusterConfig, DependencyExpression, ResourceConfig } from '../model.js';
import type { ConfigIssue, PathSegment } from './config-error.js';
import { ConfigError, formatPath, IssueList } from './config-error.js';
import { checkDependencies, MAX_DEPENDENCY_DEPTH } from './dependency-checks.js';
import { readClusterDocument } from './read-document.js';

export interface ValidationOptions {
  /**
   * Longest allowed provider chain, in resources (default 100, wsfc.md §6.1). Benchmarks and
   * stress scenarios raise it to load chains far past what WSFC accepts.
   */
  readonly maxDependencyDepth?: number;
}

function validateInto(obj: unknown, issues: IssueList, options: ValidationOptions): ClusterConfig {
  const draft = readClusterDocument(obj, issues);
  const resources = checkDependencies(draft.resources, issues, options.maxDependencyDepth ?? MAX_DEPENDENCY_DEPTH);
  return { ...draft, resources: resources.map(compactResource) };
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_DEPENDENCIES: DependencyExpression = Object.freeze([]);
const NO_PROPERTIES: ResourceConfig['properties'] = Object.freeze({});

/**
 * The daemon keeps the configuration for as long as it runs, 10,000 resources of it: lists built
 * by push carry spare capacity (17 slots for one name), and most resources have no owners list and
 * no properties. Exact-size copies and shared frozen empties keep the same values in less memory.
 */
function compactResource(resource: ResourceConfig): ResourceConfig {
  return {
    ...resource,
    dependsOn: resource.dependsOn.length === 0 ? NO_DEPENDENCIES : resource.dependsOn.map((set) => set.slice()),
    possibleOwners: resource.possibleOwners.length === 0 ? NO_NAMES : resource.possibleOwners.slice(),
    properties: Object.keys(resource.properties).length === 0 ? NO_PROPERTIES : resource.properties,
  };
}

/** Validates a parsed document (the YAML shape, as plain values); throws ConfigError listing every issue. */
export function validateClusterConfig(obj: unknown, options: ValidationOptions = {}): ClusterConfig {
  const issues = new IssueList();
  const config = validateInto(obj, issues, options);
  issues.throwIfAny();
  return config;
}

/** Where a node sits, as path segments, from the ancestors `visit` hands over. */
function segmentsOf(ancestors: readonly unknown[]): PathSegment[] {
  const segments: PathSegment[] = [];
  ancestors.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) segments.push(String(node.key.value));
    else if (isSeq(node)) {
      const child = ancestors[i + 1];
      if (child !== undefined) segments.push(node.items.indexOf(child as never));
    }
  });
  return segments;
}

/**
 * yaml's own uniqueKeys check compares each key with every earlier one, which turns a group of
 * 10,000 resources into 50 million comparisons (seconds); this Set-based pass is linear.
 */
function duplicateKeys(doc: Document, lineCounter: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const segments = [...segmentsOf([...ancestors, map]), String(key)];
        const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        issues.push({
          path: formatPath(segments),
          segments,
          code: Win32.ERROR_INVALID_DATA,
          message: `duplicate key "${String(key)}" (YAML keys are unique in a mapping)`,
          ...(start === undefined ? {} : { line: lineCounter.linePos(start).line }),
        });
      }
    },
  });
  return issues;
}

/**
 * YAML 1.2 core schema: 0xFFFFFFFF is a number, `yes` is a string, duplicate keys are errors.
 * Syntax errors and duplicate keys are 13 ERROR_INVALID_DATA; validation issues get the line of the value they name.
 */
export function parseClusterConfig(text: string, options: ValidationOptions = {}): ClusterConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((err): ConfigIssue => {
        const at = lineCounter.linePos(err.pos[0]);
        return { path: '', segments: [], code: Win32.ERROR_INVALID_DATA, message: `YAML syntax: ${err.message.split('\n')[0] ?? err.message}`, line: at.line };
      }),
    );
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) throw new ConfigError(duplicates);
  const issues = new IssueList();
  const config = validateInto(doc.toJS({ maxAliasCount: 1000 }), issues, options);
  if (issues.empty) return config;
  throw new ConfigError(
    issues.issues.map((issue) => {
      // The deepest node that exists: an unknown key's value, or the mapping missing a key.
      for (let n = issue.segments.length; n >= 0; n--) {
        const node: unknown = n === 0 ? doc.contents : doc.getIn(issue.segments.slice(0, n), true);
        const range = (node as { range?: readonly number[] } | undefined)?.range;
        if (range?.[0] !== undefined) return { ...issue, line: lineCounter.linePos(range[0]).line };
      }
      return issue;
    }),
  );
}
