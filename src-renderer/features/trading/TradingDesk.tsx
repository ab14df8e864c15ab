import { useEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { OrderBookCard } from '../../components/OrderBook';
import { Splitter } from '../../components/Splitter';
import { MarketPanel } from '../market-data/MarketPanel';
import { ReferencePricePanel } from '../market-data/ReferencePricePanel';
import { deskBounds, loadDeskLayout, saveDeskLayout, withSize } from './desk-layout';
import type { DeskLayout, DeskPanel } from './desk-layout';
import { Fills } from './Fills';
import { IssuanceCard } from './IssuanceCard';
import { OpenOrders } from './OpenOrders';
import { OrderTicket } from './OrderTicket';
import { useBook, useOpenOrders, useSelectedInstrument } from './queries';
import { initialDraft, withType } from './ticket';
import type { TicketDraft } from './ticket';

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** The type an order becomes when the user picks a price for it on the book. */
const limitedType = {
  limit: 'limit',
  market: 'limit',
  stop: 'stop_limit',
  stop_limit: 'stop_limit',
} as const;

/**
 * The trading view of a supplier or consumer in the selected market, on one screen: order entry (the
 * ticket, the reference price, a supplier's Units waiting in issuance) down the left; the book and the
 * market's chart, depth and tape at the top; the participant's orders and fills below them. The columns
 * and the orders row are resizable, and the desk remembers their sizes.
 */
export function TradingDesk({ participant }: { participant: ParticipantView }) {
  const instrument = useSelectedInstrument();
  const book = useBook(instrument?.trading_parameters.market_id ?? null);
  const openOrders = useOpenOrders(participant.participant_id);
  // A supplier comes to the desk to sell what it issued; a consumer to buy.
  const [draft, setDraft] = useState<TicketDraft>(() => ({
    ...initialDraft,
    side: participant.role === 'supplier' ? 'sell' : 'buy',
  }));
  const [layout, setLayout] = useState<DeskLayout>(loadDeskLayout);
  const desk = useRef<HTMLDivElement>(null);
  const [onlyThisMarket, setOnlyThisMarket] = useState(false);
  const marketOnly = { value: onlyThisMarket, onChange: setOnlyThisMarket };
  useEffect(() => saveDeskLayout(layout), [layout]);
  if (!instrument) return <p className="muted">Loading markets…</p>;
  const shownMarket = onlyThisMarket ? instrument.trading_parameters.market_id : null;
  // The user's resting prices in this market, marked on the ladder (a pending stop is not on the book).
  const resting = (openOrders.data ?? []).filter(
    (order) =>
      order.market_id === instrument.trading_parameters.market_id &&
      order.price !== null &&
      order.status !== 'pending',
  );
  const own = {
    bids: resting.filter((order) => order.side === 'buy').map((order) => order.price!),
    asks: resting.filter((order) => order.side === 'sell').map((order) => order.price!),
  };

  const resize = (panel: DeskPanel) => (value: number) =>
    setLayout((current) => withSize(current, panel, value));
  const bounds = (panel: DeskPanel) => deskBounds[panel];
  const columnSplitter = (panel: 'entry' | 'book', label: string) => (
    <Splitter
      className={`desk-split-${panel}`}
      label={label}
      orientation="vertical"
      value={layout[panel]}
      {...bounds(panel)}
      valueText={`${layout[panel]} px`}
      fromDrag={(start, travel) => start + travel}
      onChange={resize(panel)}
    />
  );
  // Sizes as custom properties: styles/trading.css lays the grid out with them (and narrow.css ignores them).
  const style = {
    '--desk-entry': `${layout.entry}px`,
    '--desk-book': `${layout.book}px`,
    '--desk-top': `${1 - layout.activity}fr`,
    '--desk-bottom': `${layout.activity}fr`,
  } as CSSProperties;

  return (
    <div className="desk" ref={desk} style={style} data-testid="trading-desk">
      <div className="desk-col desk-entry">
        {/* Keyed per market (a fresh outcome and errors), with keys distinct among these siblings: a
            shared key left a supplier's ticket for the previous market on screen beside the new one. */}
        <OrderTicket
          key={`ticket-${instrument.instrument_id}`}
          participant={participant}
          instrument={instrument}
          book={book.data}
          draft={draft}
          onDraft={setDraft}
        />
        {participant.role === 'supplier' ? (
          <IssuanceCard
            key={`issuance-${instrument.instrument_id}`}
            participant={participant}
            instrument={instrument}
          />
        ) : null}
        <ReferencePricePanel instrument={instrument} book={book.data} />
      </div>
      {columnSplitter('entry', 'Resize the order entry column')}
      <div className="desk-book">
        <OrderBookCard
          book={book.data}
          error={book.error}
          symbol={instrument.symbol}
          tickSize={instrument.trading_parameters.tick_size}
          own={own}
          onPickPrice={(price) =>
            // A price makes an order at market a limit order, and a stop a stop-limit.
            setDraft((current) => withType({ ...current, price }, limitedType[current.type]))
          }
        />
      </div>
      {columnSplitter('book', 'Resize the order book column')}
      <div className="desk-market">
        <MarketPanel instrument={instrument} book={book.data} bookError={book.error} />
      </div>
      <Splitter
        className="desk-split-activity"
        label="Resize the orders and fills row"
        orientation="horizontal"
        value={layout.activity}
        {...bounds('activity')}
        valueText={`${percent(layout.activity)} of the desk's height`}
        shrinksForward
        fromDrag={(start, travel) => start - travel / (desk.current?.clientHeight || 1)}
        onChange={resize('activity')}
      />
      <div className="desk-activity">
        <OpenOrders participant={participant} marketId={shownMarket} marketOnly={marketOnly} />
        <Fills participant={participant} marketId={shownMarket} marketOnly={marketOnly} />
      </div>
    </div>
  );
}
