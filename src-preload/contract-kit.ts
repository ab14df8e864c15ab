/** Building blocks shared by the contract's request modules. */
import { z } from 'zod';

/** A request without arguments. */
export const none = z.object({}).strict();
/** Marks a request's result type (the value is never used at run time). */
export const returns = <T>() => undefined as unknown as T;

export const ParticipantId = z.string().regex(/^participant_[0-9a-f-]{36}$/, 'not a participant id');
