import type { IExecuteFunctions } from "n8n-workflow";

/**
 * An Idempotency-Key per n8n instance, execution, node, run of the node and
 * item, so that n8n's "Retry On Fail" (which runs the node again in the
 * same run) replays the first answer instead of posting, scheduling or
 * copying a file twice (docs/posting.md#idempotency). The
 * run counts because a node in a loop (Loop Over Items) runs once per
 * batch, its item index starting at 0 each time: without it, the second
 * video would be refused as `idempotency_conflict` or get the first one's
 * answer. The instance counts because execution ids start at 1 again on a
 * new n8n (a fresh database), where the template's node ids are the same.
 */
export function runIdempotencyKey(
  this: IExecuteFunctions,
  i: number,
): string {
  const instance = String(this.getInstanceId?.() ?? "").slice(0, 12);
  const run = Number(this.getWorkflowDataProxy(i).$runIndex ?? 0);
  return [
    "n8n",
    ...(instance ? [instance] : []),
    this.getExecutionId(),
    this.getNode().id,
    run,
    i,
  ].join("-");
}
