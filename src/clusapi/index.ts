/**
 * The ClusAPI facade: Windows Server Failover Clustering's client API with its names, handles,
 * constants and Win32 return codes, over a Wolfpack cluster. Programs written against clusapi.h
 * translate line by line (examples/offline-group.ts); calls that talk to the cluster are async.
 * docs/clusapi.md lists every function with its Wolfpack behaviour.
 */
import { registerRemoteConnectors } from './http-connection.js';

export * from './constants.js';
export type { Handle } from './handle-table.js';
export type { HCLUSTER, HGROUP, HNODE, HRESOURCE, OutParam } from './handles.js';
export { openHandleCount } from './handles.js';
export { GetLastError, SetLastError } from './last-error.js';
export { Sleep } from './sleep.js';
export {
  OpenCluster,
  OpenClusterEx,
  OpenClusterGroup,
  OpenClusterGroupEx,
  OpenClusterResource,
  OpenClusterResourceEx,
  OpenClusterNode,
  OpenClusterNodeEx,
  CloseCluster,
  CloseClusterGroup,
  CloseClusterResource,
  CloseClusterNode,
} from './open-close.js';
export { GetClusterGroupState, GetClusterResourceState, GetClusterNodeState } from './state.js';
export {
  OfflineClusterGroup,
  OfflineClusterGroupEx,
  OfflineClusterResource,
  OfflineClusterResourceEx,
  OnlineClusterGroup,
  OnlineClusterGroupEx,
  OnlineClusterResource,
  OnlineClusterResourceEx,
  MoveClusterGroup,
  MoveClusterGroupEx,
  CancelClusterGroupOperation,
  type InBuffer,
} from './operations.js';
export { PauseClusterNode, PauseClusterNodeEx, ResumeClusterNode, ResumeClusterNodeEx } from './nodes.js';
export type { Answer, ClusterConnection, CommandAnswer, ConnectionCommand, GroupStatus, NodeCommand, NodeStatus, ObjectKind, ResourceStatus } from './connection.js';
export { isClusterConnection } from './connection.js';
export { localConnection } from './local-connection.js';
export {
  registerLocalCluster,
  registerClusterConnector,
  registerDefaultClusterConnector,
  type ClusterConnector,
  type DefaultClusterConnector,
  type RegisterOptions,
} from './cluster-registry.js';
export { httpConnection, setClusterToken, connectRemoteCluster, connectDefaultCluster, registerRemoteConnectors } from './http-connection.js';

// The public entry reaches daemons by default: OpenCluster("http://127.0.0.1:7420"),
// OpenCluster("unix:/path/wolfpack.sock"), and OpenCluster(NULL) without an in-process cluster.
registerRemoteConnectors();
