/**
 * `fn` run once in the next event-loop iteration (`setImmediate`), however many times it is asked for before
 * then: the way the fair-share gate drains a held socket and admission takes the next batch of upgrades.
 */
export function onceNextIteration(fn: () => void): () => void {
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    fn();
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(run);
  };
}
