import { useId } from 'react';
import type { BookView, InstrumentView } from '../../../src-preload/contract';
import { TabList, TabPanel } from '../../components/Tabs';
import { usePreferences } from '../../stores/preferences';
import type { MarketView } from '../../stores/preferences';
import { DepthChart } from './DepthChart';
import { PriceChart } from './PriceChart';
import { RecentTrades } from './RecentTrades';

const views: { id: MarketView; label: string }[] = [
  { id: 'chart', label: 'Chart' },
  { id: 'depth', label: 'Depth' },
  { id: 'trades', label: 'Trades' },
];

/** Beside the ladder: the selected market's candles, its depth, or its public tape, one tab at a time. */
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
      </TabPanel>
    </div>
  );
}
