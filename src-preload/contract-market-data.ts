/** Contract requests for market data: candles, public trades, tickers, reference prices. */
export const marketDataRequests = {} as const;
