// Loaded before every test file (vitest.config.ts `setupFiles`). pg 8 still queues statements sent on a client that is
// busy, but once a third is in flight it warns that pg 9 will refuse them: a `Promise.all` over one transaction's
// client works today and breaks on the upgrade. On the PostgreSQL lane that warning fails the run (it is an error in
// the file that caused it), so such code cannot land unnoticed. Two at once pg does not flag; code review has to.
process.on('warning', (w) => {
  if (w.name === 'DeprecationWarning' && /already executing a query/.test(w.message)) {
    throw new Error(`several statements were sent at once on one pg client (a Promise.all over a transaction?): ${w.message}\n${w.stack ?? ''}`);
  }
});
