import { useId } from 'react';
import { TabList, TabPanel } from '../../components/Tabs';
import { usePreferences } from '../../stores/preferences';
import type { OperatorSection } from '../../stores/preferences';
import { useExchangeStore } from '../../stores/exchange';
import { InstrumentsSection } from './InstrumentsSection';
import { ParticipantsSection } from './ParticipantsSection';
import { AuditSection } from './AuditSection';
import { MarketsSection } from './MarketsSection';
import { SweepsSection } from './SweepsSection';
import { useAllRosters } from '../rosters/queries';
import { pendingCount } from '../rosters/roster-metrics';
import { RostersSection } from '../rosters/RostersSection';
import { OperatorCallsSection, OperatorEndpointsSection } from '../consumption/OperatorCalls';

/** The exchange operator's desk: instruments, participants, markets, rosters, sweeps and the audit log, one tab each. */
export function OperatorWorkspace() {
  const active = usePreferences((state) => state.operatorSection);
  const setActive = usePreferences((state) => state.setOperatorSection);
  const instrumentCount = useExchangeStore((state) => state.instruments?.length);
  const participantCount = useExchangeStore((state) => state.participants?.length);
  const instruments = useExchangeStore((state) => state.instruments);
  // Every roster, for the pending count on the tab (and the board itself).
  const rosters = useAllRosters(instruments);
  const pending = rosters.data ? [...rosters.data.values()].reduce((sum, e) => sum + pendingCount(e), 0) : 0;
  const id = useId();
  const sections = [
    { id: 'instruments', label: 'Instruments', count: instrumentCount },
    { id: 'participants', label: 'Participants', count: participantCount },
    { id: 'markets', label: 'Markets', count: instrumentCount },
    { id: 'rosters', label: 'Rosters', badge: pending },
    { id: 'sweeps', label: 'Sweeps' },
    { id: 'calls', label: 'Calls' },
    { id: 'endpoints', label: 'Endpoints' },
    { id: 'audit', label: 'Audit log' },
  ] as const satisfies readonly {
    id: OperatorSection;
    label: string;
    count?: number | undefined;
    badge?: number;
  }[];

  return (
    <div className="workspace workspace-operator">
      <TabList idBase={id} label="Operator sections" tabs={sections} active={active} onSelect={setActive} />
      <TabPanel idBase={id} active={active} className="tab-panel">
        {active === 'instruments' ? <InstrumentsSection /> : null}
        {active === 'participants' ? <ParticipantsSection /> : null}
        {active === 'markets' ? <MarketsSection /> : null}
        {active === 'rosters' ? <RostersSection rosters={rosters} /> : null}
        {active === 'sweeps' ? <SweepsSection /> : null}
        {active === 'calls' ? <OperatorCallsSection /> : null}
        {active === 'endpoints' ? <OperatorEndpointsSection /> : null}
        {active === 'audit' ? <AuditSection /> : null}
      </TabPanel>
    </div>
  );
}
