import { useId } from 'react';
import type { KeyboardEvent } from 'react';
import { usePreferences } from '../../stores/preferences';
import type { OperatorSection } from '../../stores/preferences';
import { useExchangeStore } from '../../stores/exchange';
import { InstrumentsSection } from './InstrumentsSection';
import { ParticipantsSection } from './ParticipantsSection';
import { AuditSection } from './AuditSection';
import { MarketsSection } from './MarketsSection';

const sections: { id: OperatorSection; label: string }[] = [
  { id: 'instruments', label: 'Instruments' },
  { id: 'participants', label: 'Participants' },
  { id: 'markets', label: 'Markets' },
  { id: 'audit', label: 'Audit log' },
];

/** The exchange operator's desk: instruments, participants, markets and the audit log, one tab each. */
export function OperatorWorkspace() {
  const active = usePreferences((state) => state.operatorSection);
  const setActive = usePreferences((state) => state.setOperatorSection);
  const instrumentCount = useExchangeStore((state) => state.instruments?.length);
  const participantCount = useExchangeStore((state) => state.participants?.length);
  const counts: Record<OperatorSection, number | undefined> = {
    instruments: instrumentCount,
    participants: participantCount,
    markets: instrumentCount,
    audit: undefined,
  };
  const id = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = sections.findIndex((section) => section.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = sections[(index + step + sections.length) % sections.length];
    if (!next) return;
    setActive(next.id);
    document.getElementById(`${id}-tab-${next.id}`)?.focus();
  };

  return (
    <div className="workspace workspace-operator">
      <div className="tabs" role="tablist" aria-label="Operator sections" onKeyDown={onKeyDown}>
        {sections.map((section) => (
          <button
            key={section.id}
            id={`${id}-tab-${section.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={active === section.id}
            aria-controls={`${id}-panel`}
            tabIndex={active === section.id ? 0 : -1}
            onClick={() => setActive(section.id)}
          >
            {section.label}
            {counts[section.id] !== undefined ? (
              <span className="tab-count" aria-hidden="true">
                {counts[section.id]}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${active}`}>
        {active === 'instruments' ? <InstrumentsSection /> : null}
        {active === 'participants' ? <ParticipantsSection /> : null}
        {active === 'markets' ? <MarketsSection /> : null}
        {active === 'audit' ? <AuditSection /> : null}
      </div>
    </div>
  );
}
