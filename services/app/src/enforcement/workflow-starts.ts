/**
 * Workflow start arguments from the live policy. Defined beside the workflows' client, where
 * the reconciler (a worker activity) reaches them too, so every caller starts a workflow with
 * the same arguments.
 */
export { policyOf, podWipStart, projectStageStart } from '@clos/workflows/client';
