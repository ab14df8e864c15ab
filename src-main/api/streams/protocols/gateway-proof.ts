import { z } from 'zod';

/**
 * How the public exchange's socket clients (the TypeScript SDK, the `grid` gateway, the Docs' client)
 * prove who they are: Ed25519 over `timestamp + fingerprint`; some send the timestamp as a number.
 */
export const GatewayProof = z.object({
  fingerprint: z.string().min(1).max(200),
  timestamp: z.union([z.string().max(20), z.number().int()]).transform(String),
  signature: z.string().min(1).max(200),
});
