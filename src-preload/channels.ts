/** IPC channel names, shared by main and preload (kept apart from the contract so the preload bundles no zod). */
export const IPC_INVOKE = 'grid-desk:invoke';
export const IPC_EVENT = 'grid-desk:event';
