/** An exchange id shortened to its kind and first hex digits ("trade_1a2b3c4d"); the full id is the tooltip. */
export function ShortId({ id }: { id: string }) {
  const short = id.replace(/^([a-z]+_)([0-9a-f]{8})[0-9a-f-]*$/, '$1$2');
  return (
    <span className="mono small" title={id}>
      {short}
    </span>
  );
}
