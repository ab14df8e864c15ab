import { useId } from 'react';
import type { BookView, InstrumentView } from '../../../src-preload/contract';
import { TabList, TabPanel } from '../../components/Tabs';
import { useExchangeStore } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import { InstrumentsTable } from '../participant/InstrumentsTable';
import type { MarketView } from '../../stores/preferences';
import { DepthChart } from './DepthChart';
import { PriceChart } from './PriceChart';
import { RecentTrades } from './RecentTrades';

/** Every instrument's specification, for choosing what to trade without leaving the desk. */
function InstrumentSpecs() {
  const instruments = useExchangeStore((state) => state.instruments);
  if (!instruments) return <p className="muted">Loading instruments…</p>;
  return (
    <div className="market-view instrument-specs">
      <p className="muted small">
        1 Unit = 1,000,000 tokens of one instrument: a floor of quality and performance, not a model name.
      </p>
      <InstrumentsTable instruments={instruments} caption="Instruments" />
    </div>
  );
}

const views: { id: MarketView; label: string }[] = [
  { id: 'chart', label: 'Chart' },
  { id: 'depth', label: 'Depth' },
  { id: 'trades', label: 'Trades' },
  { id: 'instruments', label: 'Instruments' },
];

/**
 * Beside the ladder: the selected market's candles, its depth, its public tape, or every instrument's
 * specification, one tab at a time.
 */
export function MarketPanel({
  instrument,
  book,
  bookError,
}: {
  instrument: InstrumentView;
  book: BookView | null;
  bookError: string | null;
}) {
  const view = usePreferences((state) => state.marketView);
  const setView = usePreferences((state) => state.setMarketView);
  const id = useId();
  return (
    <div className="card market-panel">
      <TabList
        idBase={id}
        label="Market views"
        tabs={views}
        active={view}
        onSelect={setView}
        className="card-tabs"
      />
      <TabPanel idBase={id} active={view} className="market-panel-body">
        {view === 'chart' ? <PriceChart key={instrument.instrument_id} instrument={instrument} /> : null}
        {view === 'depth' ? <DepthChart book={book} error={bookError} instrument={instrument} /> : null}
        {view === 'trades' ? <RecentTrades instrument={instrument} /> : null}
        {view === 'instruments' ? <InstrumentSpecs /> : null}
      </TabPanel>
    </div>
  );
}
