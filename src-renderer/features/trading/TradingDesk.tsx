import { useState } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { OrderBookCard } from '../../components/OrderBook';
import { MarketPanel } from '../market-data/MarketPanel';
import { ReferencePricePanel } from '../market-data/ReferencePricePanel';
import { Fills } from './Fills';
import { IssuanceCard } from './IssuanceCard';
import { OpenOrders } from './OpenOrders';
import { OrderTicket } from './OrderTicket';
import { useBook, useSelectedInstrument } from './queries';
import { initialDraft, withType } from './ticket';

/**
 * The trading view of a supplier or consumer, in the selected market: (a supplier's Units waiting in issuance and) order entry; the
 * book with the reference price under it; the market's chart, depth and tape beside the book; and the
 * participant's open orders and fills in every market.
 */
export function TradingDesk({ participant }: { participant: ParticipantView }) {
  const instrument = useSelectedInstrument();
  const book = useBook(instrument?.trading_parameters.market_id ?? null);
  const [draft, setDraft] = useState(initialDraft);
  if (!instrument) return <p className="muted">Loading markets…</p>;
  return (
    <div className="desk">
      <div className="desk-col desk-entry">
        {participant.role === 'supplier' ? (
          <IssuanceCard key={instrument.instrument_id} participant={participant} instrument={instrument} />
        ) : null}
        <OrderTicket
          key={instrument.instrument_id}
          participant={participant}
          instrument={instrument}
          book={book.data}
          draft={draft}
          onDraft={setDraft}
        />
      </div>
      <div className="desk-col desk-book">
        <OrderBookCard
          book={book.data}
          error={book.error}
          symbol={instrument.symbol}
          tickSize={instrument.trading_parameters.tick_size}
          onPickPrice={(price) => setDraft((current) => withType({ ...current, price }, 'limit'))}
        />
        <ReferencePricePanel instrument={instrument} />
      </div>
      <div className="desk-col desk-market">
        <MarketPanel instrument={instrument} book={book.data} bookError={book.error} />
      </div>
      <div className="desk-col desk-activity">
        <OpenOrders participant={participant} />
        <Fills participant={participant} />
      </div>
    </div>
  );
}
