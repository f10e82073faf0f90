/**
 * Property-list codec throughput: decode and encode of a ~1 MB list of mixed properties (the
 * shapes private properties and Ex instructions take), median of repeated runs, in MB/s.
 */
import { median, timeRuns, type BenchRow } from './harness.js';
import { decodePropertyList, encodePropertyList, property, propertyValue as v, type Property, type PropertyList } from '../src/proplist/index.js';

const TARGET_BYTES = 1 << 20;
const RUNS = 30;

/** Deterministic pseudo-random numbers, so every run measures the same list. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

function realisticList(): PropertyList {
  const next = lcg(42);
  const props: Property[] = [];
  let size = 4;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const name = `Property${i}_${['Timeout', 'Path', 'Owners', 'Blob', 'Size', 'Offset', 'Mode'][i % 7]}`;
    let prop: Property;
    switch (i % 8) {
      case 0:
      case 1:
        prop = property(name, v.dword(next()));
        break;
      case 2:
        prop = property(name, v.sz(`value-${next().toString(36)}-${'x'.repeat(next() % 40)}`));
        break;
      case 3:
        prop = property(name, v.expandSz('%SystemRoot%\\Cluster\\wolfpack.log'), v.expandedSz('C:\\Windows\\Cluster\\wolfpack.log'));
        break;
      case 4:
        prop = property(name, v.multiSz(['node-a', 'node-b', `node-${next() % 100}`]));
        break;
      case 5:
        prop = property(name, v.binary(Uint8Array.from({ length: 16 + (next() % 64) }, () => next() & 0xff)));
        break;
      case 6:
        prop = property(name, v.ulargeInteger(BigInt(next()) * 4294967296n + BigInt(next())));
        break;
      default:
        prop = property(name, v.long(next() | 0));
    }
    props.push(prop);
    size += encodePropertyList([prop]).length - 4;
  }
  return props;
}

export async function rows(): Promise<BenchRow[]> {
  const list = realisticList();
  const bytes = encodePropertyList(list);
  const megabytes = bytes.length / 1e6;
  const decodeMs = median(await timeRuns(RUNS, () => decodePropertyList(bytes), 5));
  const encodeMs = median(await timeRuns(RUNS, () => encodePropertyList(list), 5));
  const detail = { bytes: bytes.length, properties: list.length, runs: RUNS };
  return [
    { name: 'proplist decode, ~1 MB mixed list', value: megabytes / (decodeMs / 1000), unit: 'MB/s', bar: { op: '>=', limit: 100 }, detail: { ...detail, medianMs: decodeMs } },
    { name: 'proplist encode, ~1 MB mixed list', value: megabytes / (encodeMs / 1000), unit: 'MB/s', bar: { op: '>=', limit: 100 }, detail: { ...detail, medianMs: encodeMs } },
  ];
}
