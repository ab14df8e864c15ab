/** Contract requests for participants' API signing keys (Trading API authentication). */
import { z } from 'zod';
import { Iso, ParticipantId, SELF_OR_OPERATOR, type Operation } from './contract-kit';

/** True when `text` is canonical base64 (padding optional) of exactly 32 bytes. */
function isRawKey32(text: string): boolean {
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return false;
  const padded = text.endsWith('=') ? text : `${text}=`;
  try {
    const bytes = atob(padded);
    return bytes.length === 32 && btoa(bytes) === padded;
  } catch {
    return false;
  }
}

/** A raw Ed25519 public key: base64 of exactly 32 bytes. */
export const SigningPublicKey = z
  .string()
  .refine(isRawKey32, 'public_key must be the base64 of a raw 32-byte Ed25519 public key');
/** base64 SHA-256 of the raw public key without padding, as sent in x-thegrid-fingerprint. */
export const SigningKeyFingerprint = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}$/, 'fingerprint must be the unpadded base64 SHA-256 of the public key');

export const RegisterSigningKeyBody = z
  .object({
    public_key: SigningPublicKey,
    label: z.string().trim().max(80, 'label is at most 80 characters').optional(),
  })
  .strict();

/** A registered key as every surface shows it; the exchange never holds the private half. */
export const SigningKeySchema = z.object({
  fingerprint: z.string(),
  participant_id: z.string(),
  public_key: z.string(),
  label: z.string(),
  created_at: Iso,
  revoked_at: Iso.nullable(),
});
export type SigningKeyView = z.output<typeof SigningKeySchema>;

export const apiKeyRequests = {
  'keys.register': {
    args: RegisterSigningKeyBody.extend({ participant_id: ParticipantId }).strict(),
    result: SigningKeySchema,
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'not-idempotent',
    admin: [
      {
        method: 'post',
        path: '/participants/:id/signing-keys',
        id: 'participant_id',
        summary: "Register a participant's Ed25519 public key",
        status: 201,
        badPathIsNotFound: true,
      },
    ],
  },
  'keys.list': {
    args: z.object({ participant_id: ParticipantId }).strict(),
    result: z.array(SigningKeySchema),
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'idempotent',
  },
  'keys.revoke': {
    args: z.object({ participant_id: ParticipantId, fingerprint: SigningKeyFingerprint }).strict(),
    result: SigningKeySchema,
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'not-idempotent',
  },
} as const satisfies Record<string, Operation>;
