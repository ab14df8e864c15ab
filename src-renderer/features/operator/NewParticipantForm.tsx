import { useState } from 'react';
import type { FormEvent } from 'react';
import { CreateParticipantBody } from '../../../src-preload/contract';
import type { ParticipantView } from '../../../src-preload/contract';
import { Field } from '../../components/Field';
import { ErrorAlert, Notice } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { fieldErrors } from '../../lib/forms';
import type { FieldErrors } from '../../lib/forms';
import { useClient, useExchangeStore } from '../../stores/exchange';

type Role = 'consumer' | 'supplier';

export function NewParticipantForm({ onCreated }: { onCreated(participant: ParticipantView): void }) {
  const client = useClient();
  const refresh = useExchangeStore((state) => state.refresh);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('consumer');
  const [errors, setErrors] = useState<FieldErrors<'name' | 'role'>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setFailure(null);
    const parsed = CreateParticipantBody.safeParse({ name, role });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await client.call('participants.create', parsed.data);
      setName('');
      setDone(`Created ${created.role} “${created.name}”.`);
      await refresh();
      onCreated(created);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="toolbar-form" onSubmit={submit} noValidate aria-labelledby="new-participant-heading">
      <h3 id="new-participant-heading">New participant</h3>
      <Field label="Name" error={errors.name}>
        <input
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      <Field label="Role" error={errors.role}>
        <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="consumer">consumer</option>
          <option value="supplier">supplier</option>
        </select>
      </Field>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Create participant
      </button>
      <div className="toolbar-messages">
        <ErrorAlert>{failure}</ErrorAlert>
        <Notice>{done}</Notice>
      </div>
    </form>
  );
}
