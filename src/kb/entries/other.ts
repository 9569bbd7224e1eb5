/** Guide 3.8, other faults (management platform, peripherals, time), in guide order. */
import type { KbEntry } from '../types.js';
import { entry as uiLogin } from './ui-login.js';
import { entry as dbConnection } from './db-connection.js';
import { entry as uiHang } from './ui-hang.js';
import { entry as vmStuck } from './vm-stuck.js';
import { entry as usbDevice } from './usb-device.js';
import { entry as haTimeSkew } from './ha-time-skew.js';

export const entries = [uiLogin, dbConnection, uiHang, vmStuck, usbDevice, haTimeSkew] as const satisfies readonly KbEntry[];
