export { startSimCluster, assignLoopbacks, type SimClusterOptions } from './cluster.js';
export { startSimHost, SIM_RECORD_ENV } from './sim-host.js';
export { FixtureResponder, REFUSED_STDERR, TIMEOUT_EXIT, type SimAnswer, type SimDecision } from './responder.js';
export type { RecordedCommand, SimAuth, SimCluster, SimHost, SimHostOptions, SimHostSpec, SimSessionStats } from './types.js';
export { generateKeyPair, type KeyPair } from './keys.js';
