import type { ParticipantView } from '../../../src-preload/contract';
import { Card } from '../../components/ui';
import { CallsBlotter } from './CallsBlotter';
import { ConsumptionKeys } from './ConsumptionKeys';
import { Playground } from './Playground';
import { useKnownSecrets } from './playground-keys';
import { useConsumptionKeys } from './queries';

/** A participant's use of the Consumption API: keys, a playground, and the usage blotter of its calls. */
export function ConsumptionApiPanel({ participant }: { participant: ParticipantView }) {
  const participantId = participant.participant_id;
  const keys = useConsumptionKeys(participantId);
  const remember = useKnownSecrets((state) => state.remember);
  return (
    <div className="consumption-api">
      <div className="consumption-api-top">
        <ConsumptionKeys
          participant={participant}
          keys={keys.data}
          error={keys.error}
          reload={keys.reload}
          onCreated={(key) => {
            if (key.key)
              remember(participantId, {
                keyId: key.id,
                name: key.name,
                prefix: key.key_prefix,
                secret: key.key,
              });
          }}
        />
        <Playground participant={participant} keys={keys.data} onKeysChanged={keys.reload} />
      </div>
      <Card title="Usage" region className="usage-card">
        <CallsBlotter
          view="consumer"
          scope={{ participant_id: participantId }}
          keys={keys.data}
          charts
          csvName="grid-desk-usage"
          title="Usage"
        />
      </Card>
    </div>
  );
}
