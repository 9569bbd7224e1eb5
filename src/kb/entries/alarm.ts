/** Guide 3.7, fault alarms, in guide order. */
import type { KbEntry } from '../types.js';
import { entry as nicFault } from './nic-fault.js';
import { entry as mce } from './mce.js';

export const entries = [nicFault, mce] as const satisfies readonly KbEntry[];
