import { useId } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { BalanceCards } from '../../components/BalanceCards';
import { UnitBalances } from '../../components/UnitBalances';
import { TabList, TabPanel } from '../../components/Tabs';
import { Card, EmptyState, StatusBadge } from '../../components/ui';
import { formatInteger, formatTime } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import type { ParticipantSection } from '../../stores/preferences';
import { ApiKeysPanel } from '../api-keys/ApiKeysPanel';
import { ConsumptionApiPanel } from '../consumption/ConsumptionApiPanel';
import { EndpointsPanel } from '../consumption/EndpointsPanel';
import { ConsumptionPanel } from '../lifecycle/ConsumptionPanel';
import { InventoryPanel } from '../lifecycle/InventoryPanel';
import { DeliveryMonitor } from '../rosters/DeliveryMonitor';
import { TickerStrip } from '../market-data/TickerStrip';
import { MarketPicker } from '../trading/MarketPicker';
import { useSelectedInstrument } from '../trading/queries';
import { TradingDesk } from '../trading/TradingDesk';
import { AccountStrip } from './AccountStrip';
import { InstrumentsTable } from './InstrumentsTable';

type Role = 'supplier' | 'consumer';

/** The desk's tabs: trading, then the role's own account (a consumer's consumption, a supplier's inventory). */
const sections: Record<Role, { id: ParticipantSection; label: string }[]> = {
  supplier: [
    { id: 'trading', label: 'Trading' },
    { id: 'inventory', label: 'Inventory' },
    { id: 'endpoints', label: 'Model endpoints' },
    { id: 'delivery', label: 'Delivery' },
    { id: 'keys', label: 'API keys' },
  ],
  consumer: [
    { id: 'trading', label: 'Trading' },
    { id: 'consumption', label: 'Consumption' },
    { id: 'consumption-api', label: 'Consumption API' },
    { id: 'keys', label: 'API keys' },
  ],
};

const copy: Record<
  Role,
  { title: string; plural: string; instruments: string; instrumentsNote: string; noUnits: string }
> = {
  supplier: {
    title: 'Supplier',
    plural: 'suppliers',
    noUnits: 'No Units in trading: issue some in Inventory and move them to trading, then sell them.',
    instruments: 'Instruments you could serve',
    instrumentsNote:
      'A model serves an instrument only while admitted to its roster, and stays admitted while it clears every floor and ceiling below; the exchange measures TTFT, throughput and errors on every call. Revisions are published ahead of their effective date.',
  },
  consumer: {
    title: 'Consumer',
    plural: 'consumers',
    noUnits:
      'No Units in trading: buy them on the Trading tab. Units moved to consumption count as tokens in your Lots.',
    instruments: 'Instruments',
    instrumentsNote:
      'You buy a floor of quality and performance, not a model name: 1 Unit = 1,000,000 tokens of one instrument.',
  },
};

/** A supplier's or consumer's desk: pick who you act as, then see your balances and trade. */
export function ParticipantWorkspace({ role }: { role: Role }) {
  const participants = useExchangeStore((state) => state.participants);
  const instruments = useExchangeStore((state) => state.instruments);
  const pickedId = usePreferences((state) => state.picked[role]);
  const pick = usePreferences((state) => state.pick);
  // Signed in as one participant: it is the only one, already chosen.
  const confined = usePreferences((state) => state.only !== null);
  const chosenSection = usePreferences((state) => state.participantSection);
  const setSection = usePreferences((state) => state.setParticipantSection);
  const selected = useSelectedInstrument();
  const pickerId = useId();
  const tabsId = useId();
  const text = copy[role];
  const candidates = participants?.filter((participant) => participant.role === role) ?? null;
  const me = candidates?.find((participant) => participant.participant_id === pickedId) ?? null;
  // A supplier that holds Units may spend them through the Consumption API too.
  const tabs =
    role === 'supplier' && me?.balances.units.some((units) => units.total > 0)
      ? [
          ...sections.supplier.slice(0, -1),
          { id: 'consumption-api' as const, label: 'Consumption API' },
          ...sections.supplier.slice(-1),
        ]
      : sections[role];
  // The tab chosen in the other role's workspace may not exist in this one.
  const section = tabs.some((tab) => tab.id === chosenSection) ? chosenSection : 'trading';
  // The desk fills the window below the header (one screen, no page scroll); the other tabs scroll.
  const onDesk = me !== null && section === 'trading';

  return (
    <div className={`workspace workspace-${role}${onDesk ? ' workspace-desk' : ''}`}>
      <div className="workspace-bar">
        <h2 className={onDesk ? 'sr-only' : undefined}>{text.title} workspace</h2>
        {candidates && candidates.length > 0 ? (
          <div className="picker">
            <label htmlFor={pickerId}>Participant</label>
            <select
              id={pickerId}
              value={me ? me.participant_id : ''}
              disabled={confined}
              title={confined ? 'This connection acts as this participant only' : undefined}
              onChange={(event) => pick(role, event.target.value || null)}
            >
              {confined ? null : <option value="">Choose a {role}…</option>}
              {candidates.map((participant) => (
                <option key={participant.participant_id} value={participant.participant_id}>
                  {participant.name}
                  {participant.status === 'suspended' ? ' (suspended)' : ''}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {onDesk ? <MarketPicker /> : null}
        {onDesk ? <AccountStrip participant={me} instrument={selected} /> : null}
      </div>

      {candidates === null ? (
        <p className="muted">Loading participants…</p>
      ) : candidates.length === 0 ? (
        <EmptyState title={`No ${text.plural} yet`}>
          The exchange operator creates {text.plural} in the Operator workspace (Participants, New
          participant). Once one exists, choose it here to see its balances.
        </EmptyState>
      ) : !me ? (
        <EmptyState title={`Choose which ${role} you are`}>
          {pickedId ? `The ${role} chosen before no longer exists on this exchange. ` : null}
          {candidates.length === 1
            ? `There is one ${role}: choose it in the Participant list above.`
            : `Choose one of the ${formatInteger(candidates.length)} ${text.plural} in the Participant list above.`}
        </EmptyState>
      ) : (
        <>
          {onDesk ? (
            <SuspendedAlert participant={me} />
          ) : (
            <Identity participant={me} noUnits={text.noUnits} />
          )}
          <TabList
            idBase={tabsId}
            label="Desk sections"
            tabs={tabs}
            active={section}
            onSelect={setSection}
            className="desk-tabs"
          />
          <TabPanel idBase={tabsId} active={section} className="desk-section">
            {section === 'trading' ? (
              <>
                <TickerStrip />
                <TradingDesk key={me.participant_id} participant={me} />
              </>
            ) : section === 'consumption' ? (
              <ConsumptionPanel key={me.participant_id} participant={me} />
            ) : section === 'consumption-api' ? (
              <ConsumptionApiPanel key={me.participant_id} participant={me} />
            ) : section === 'inventory' ? (
              <InventoryPanel key={me.participant_id} participant={me} />
            ) : section === 'endpoints' ? (
              <EndpointsPanel key={me.participant_id} participant={me} />
            ) : section === 'delivery' ? (
              <DeliveryMonitor key={me.participant_id} participant={me} />
            ) : (
              <ApiKeysPanel key={me.participant_id} participant={me} mode="participant" />
            )}
          </TabPanel>
        </>
      )}

      {!me ? (
        <Card title={text.instruments} className="instruments-card">
          <p className="muted card-note">{text.instrumentsNote}</p>
          {instruments ? (
            <InstrumentsTable instruments={instruments} caption={text.instruments} />
          ) : (
            <p className="muted">Loading instruments…</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}

/**
 * What a suspension means for this participant, on every tab: what the operator's suspension undid, what
 * it cannot do until it is resumed, and what it still can.
 */
function SuspendedAlert({ participant }: { participant: ParticipantView }) {
  if (participant.status !== 'suspended') return null;
  const supplier = participant.role === 'supplier';
  return (
    <div className="alert alert-warn suspended-banner" role="alert" data-testid="suspended-banner">
      <strong>{participant.name} is suspended by the exchange operator.</strong> Its open orders were
      cancelled and what they held released. Until the operator resumes it, it cannot place or amend orders,
      {supplier ? ' issue Units, move Units to trading,' : ''} transfer Units to consumption, get Auto Mode
      top-ups or make Consumption API calls. It can still see its balances, Lots, orders, fills and history;
      its USD and Units stay its own{supplier ? '' : ', and its Lots count down to expiry as before'}.
    </div>
  );
}

function Identity({ participant, noUnits }: { participant: ParticipantView; noUnits: string }) {
  return (
    <div className="identity">
      <SuspendedAlert participant={participant} />
      <div className="identity-grid">
        <Card title="Who you are">
          <div className="who">
            <div className="who-line">
              <span className="who-name">{participant.name}</span>
              <span className="muted">{participant.role}</span>
              <StatusBadge status={participant.status} />
            </div>
            <div className="mono small muted who-id">{participant.participant_id}</div>
            <div className="small muted">Since {formatTime(participant.created_at)}</div>
          </div>
        </Card>
        <Card title="USD balance">
          <BalanceCards usd={participant.balances.usd} compact />
        </Card>
        <Card title="Units" className="units-card">
          <UnitBalances units={participant.balances.units} emptyText={noUnits} />
        </Card>
      </div>
    </div>
  );
}
