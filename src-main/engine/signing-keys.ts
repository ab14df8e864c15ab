/** A participant's Ed25519 public key for signing Trading API requests; the exchange keeps no secret. */
export interface SigningKey {
  /** base64 SHA-256 of the raw 32-byte public key, without padding (the x-thegrid-fingerprint header). */
  fingerprint: string;
  participant_id: string;
  /** base64 of the raw 32-byte Ed25519 public key. */
  public_key: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
}
