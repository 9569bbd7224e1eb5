#!/usr/bin/env node
// usdiag's executable: the compiled CLI lives in dist/ (built by `npm ci` / `npm run build`).
import('../dist/src/cli/run.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('/dist/')) {
    process.stderr.write('usdiag: not built yet; run "npm run build" (npm ci does it) first\n');
    process.exit(3);
  }
  throw e;
});
