import { useState } from 'react';
import type { FormEvent } from 'react';
import { CreateParticipantBody } from '../../../src-preload/contract';
import type { ParticipantView } from '../../../src-preload/contract';
import { Field, TextInput } from '../../components/Field';
import { ErrorAlert, Notice } from '../../components/ui';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';

type Role = 'consumer' | 'supplier';

export function NewParticipantForm({ onCreated }: { onCreated(participant: ParticipantView): void }) {
  const client = useClient();
  const refresh = useExchangeStore((state) => state.refresh);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('consumer');
  const { errors, failure, done, busy, submitParsed } = useSubmission<'name' | 'role'>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submitParsed(CreateParticipantBody.safeParse({ name, role }), async (data, report) => {
      const created = await client.call('participants.create', data);
      setName('');
      report(`Created ${created.role} “${created.name}”.`);
      await refresh();
      onCreated(created);
    });
  };

  return (
    <form className="toolbar-form" onSubmit={submit} noValidate aria-labelledby="new-participant-heading">
      <h3 id="new-participant-heading">New participant</h3>
      <Field label="Name" error={errors.name}>
        <TextInput value={name} maxLength={80} onValue={setName} />
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
