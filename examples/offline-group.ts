/**
 * The sample program of OfflineClusterGroupEx (Microsoft's clusapi.h documentation), translated
 * step for step: open the local cluster and "DemoGroup", take the group offline ignoring locked
 * mode, poll its state every 100 ms until it is Offline (or clearly not going there), print,
 * close every handle, and return the Win32 code (0 on success).
 *
 * The differences are the TypeScript ones: calls that talk to the cluster are awaited, C's
 * `goto Cleanup` is a labelled block left with `break`, and wprintf's `0x%x` is toString(16).
 *
 * main() opens the cluster registered as this process's default (registerLocalCluster); the
 * integration tests run it against an in-process cluster with real resource hosts.
 */
import { pathToFileURL } from 'node:url';
import {
  CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS,
  CloseCluster,
  CloseClusterGroup,
  ClusterGroupFailed,
  ClusterGroupOffline,
  ClusterGroupOnline,
  ClusterGroupPartialOnline,
  ERROR_IO_PENDING,
  ERROR_SUCCESS,
  GetClusterGroupState,
  GetLastError,
  OfflineClusterGroupEx,
  OpenCluster,
  OpenClusterGroup,
  Sleep,
  type HCLUSTER,
  type HGROUP,
} from '../src/clusapi/index.js';

/** The type of the sample's resources (the C sample defines it and never uses it either). */
export const DemoResDllTypeName = 'dummy';
export const DemoGroupName = 'DemoGroup';

function wprintf(text: string): void {
  console.log(text);
}

/** True once the group is Offline; false as soon as it is Failed, PartialOnline or Online. */
async function WaitForGroupToGoOffline(hGroup: HGROUP): Promise<boolean> {
  for (;;) {
    const state = await GetClusterGroupState(hGroup, null);
    if (state === ClusterGroupFailed || state === ClusterGroupPartialOnline || state === ClusterGroupOnline) {
      return false;
    } else if (state === ClusterGroupOffline) {
      return true;
    }

    await Sleep(100);
  }
}

export async function main(): Promise<number> {
  let hCluster: HCLUSTER | null = null;
  let hGroup: HGROUP | null = null;
  let error = 0;

  Work: {
    hCluster = await OpenCluster(null);
    if (hCluster === null) {
      error = GetLastError();
      wprintf(`Failed to open cluster: 0x${error.toString(16)}`);
      break Work;
    }

    hGroup = await OpenClusterGroup(hCluster, DemoGroupName);
    if (hGroup === null) {
      error = GetLastError();
      wprintf(`Failed to open cluster group ${DemoGroupName}: 0x${error.toString(16)}`);
      break Work;
    }

    // Offlining Group example
    error = await OfflineClusterGroupEx(hGroup, CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, null, 0);
    if (error === ERROR_IO_PENDING) {
      if (await WaitForGroupToGoOffline(hGroup)) {
        error = ERROR_SUCCESS;
      }
    }
    if (error !== 0) {
      wprintf(`Failed to offline the group ${DemoGroupName}: 0x${error.toString(16)}`);
      break Work;
    } else {
      wprintf(`Offlined the group ${DemoGroupName}`);
    }
  }

  // Cleanup:
  if (hGroup !== null) {
    CloseClusterGroup(hGroup);
    hGroup = null;
  }
  if (hCluster !== null) {
    CloseCluster(hCluster);
    hCluster = null;
  }

  return error;
}

// Run directly (`npx tsx examples/offline-group.ts`): the exit status is the code, as in C.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
