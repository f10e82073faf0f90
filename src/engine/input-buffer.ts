/**
 * The caller's input buffer (a CLUSPROP property list): decoded once at admission so a malformed
 * list is rejected with 13 before anything changes, and handed to every resource the operation
 * touches both decoded (the shared JSON form) and as the exact bytes.
 */
import type { InputBuffer } from '../core/commands.js';
import { decodePropertyList, propertyListToJson } from '../proplist/index.js';
import type { DecodedProps } from '../resources/sdk/types.js';

export interface DecodedInput {
  readonly buffer: InputBuffer;
  /** The JSON form, or null when the bytes did not parse (the command is then rejected with 13). */
  readonly json: DecodedProps | null;
}

export function decodeInput(bytes: Uint8Array): DecodedInput {
  try {
    const json = propertyListToJson(decodePropertyList(bytes)) as unknown as DecodedProps;
    return { buffer: { bytes, valid: true }, json };
  } catch {
    return { buffer: { bytes, valid: false }, json: null };
  }
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
