/**
 * How code inside a type can tell it runs in a resource host process. The host sets this variable
 * in its child's environment; the dummy's CrashHost checks it so a unit test under
 * MockResourceEnvironment can never exit the test runner.
 */
export const RESOURCE_HOST_ENV = 'WOLFPACK_RESOURCE_HOST';

export function isInsideResourceHost(): boolean {
  return process.env[RESOURCE_HOST_ENV] === '1';
}
