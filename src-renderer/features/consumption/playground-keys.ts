import { create } from 'zustand';

/** A consumption key's secret this page knows: it lives in memory only and is gone on reload. */
export interface KnownSecret {
  keyId: string;
  name: string;
  prefix: string;
  secret: string;
}

interface SecretsState {
  /** Per participant, the secrets of keys created in this page. */
  byParticipant: Record<string, KnownSecret[]>;
  remember(participantId: string, secret: KnownSecret): void;
  forget(participantId: string, keyId: string): void;
}

/** Secrets of keys created in this session (never written to storage), for the playground to call with. */
export const useKnownSecrets = create<SecretsState>()((set, get) => ({
  byParticipant: {},
  remember(participantId, secret) {
    const list = (get().byParticipant[participantId] ?? []).filter((item) => item.keyId !== secret.keyId);
    set({ byParticipant: { ...get().byParticipant, [participantId]: [secret, ...list] } });
  },
  forget(participantId, keyId) {
    const list = (get().byParticipant[participantId] ?? []).filter((item) => item.keyId !== keyId);
    set({ byParticipant: { ...get().byParticipant, [participantId]: list } });
  },
}));
