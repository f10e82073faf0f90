/**
 * The sample program of OfflineClusterResourceEx (Microsoft's clusapi.h documentation), translated
 * step for step: open the local cluster and "DemoResource", take the resource offline ignoring
 * locked mode, poll its state every 100 ms until it is Offline (or Online / Failed), print, close
 * every handle, and return the Win32 code (0 on success).
 *
 * The differences are the TypeScript ones: calls that talk to the cluster are awaited, C's
 * `goto Cleanup` is a labelled block left with `break`, wprintf's `0x%x` is toString(16), and
 * GetClusterResourceState's four NULL/0 buffer arguments are two null out-objects.
 *
 * main() opens the cluster registered as this process's default (registerLocalCluster); the
 * integration tests run it against an in-process cluster with real resource hosts.
 */
import { pathToFileURL } from 'node:url';
import {
  CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS,
  CloseCluster,
  CloseClusterResource,
  ClusterResourceFailed,
  ClusterResourceOffline,
  ClusterResourceOnline,
  ERROR_IO_PENDING,
  ERROR_SUCCESS,
  GetClusterResourceState,
  GetLastError,
  OfflineClusterResourceEx,
  OpenCluster,
  OpenClusterResource,
  Sleep,
  type HCLUSTER,
  type HRESOURCE,
} from '../src/clusapi/index.js';

/** The type of the sample's resource (the C sample defines it and never uses it either). */
export const DemoResDllTypeName = 'dummy';
export const DemoResourceName = 'DemoResource';

function wprintf(text: string): void {
  console.log(text);
}

/** True once the resource is Offline; false as soon as it is Online or Failed. */
async function WaitForResourceToGoOffline(hResource: HRESOURCE): Promise<boolean> {
  for (;;) {
    const state = await GetClusterResourceState(hResource, null, null);
    if (state === ClusterResourceOnline || state === ClusterResourceFailed) {
      return false;
    } else if (state === ClusterResourceOffline) {
      return true;
    }

    await Sleep(100);
  }
}

export async function main(): Promise<number> {
  let hCluster: HCLUSTER | null = null;
  let hResource: HRESOURCE | null = null;
  let error = 0;

  Work: {
    hCluster = await OpenCluster(null);
    if (hCluster === null) {
      error = GetLastError();
      wprintf(`Failed to open cluster: 0x${error.toString(16)}`);
      break Work;
    }

    hResource = await OpenClusterResource(hCluster, DemoResourceName);
    if (hResource === null) {
      error = GetLastError();
      wprintf(`Failed to open cluster resource ${DemoResourceName}: 0x${error.toString(16)}`);
      break Work;
    }

    // Offlining Resource example
    error = await OfflineClusterResourceEx(hResource, CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS, null, 0);
    if (error === ERROR_IO_PENDING) {
      if (await WaitForResourceToGoOffline(hResource)) {
        error = ERROR_SUCCESS;
      }
    }
    if (error !== 0) {
      wprintf(`Failed to offline the resource ${DemoResourceName}: 0x${error.toString(16)}`);
      break Work;
    } else {
      wprintf(`Offlined the resource ${DemoResourceName}`);
    }
  }

  // Cleanup:
  if (hResource !== null) {
    CloseClusterResource(hResource);
    hResource = null;
  }
  if (hCluster !== null) {
    CloseCluster(hCluster);
    hCluster = null;
  }

  return error;
}

// Run directly (`npx tsx examples/offline-resource.ts`): the exit status is the code, as in C.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
