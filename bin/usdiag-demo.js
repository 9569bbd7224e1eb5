#!/usr/bin/env node
// `npm run demo`: a simulated Usphere cluster with seeded faults, scanned by usdiag.
import('../dist/src/demo/demo.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('/dist/')) {
    process.stderr.write('usdiag demo: not built yet; run "npm run build" (npm ci does it) first\n');
    process.exit(3);
  }
  throw e;
});
