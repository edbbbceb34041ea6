/** A token's header and payload side by side, as formatted JSON. */
export function JsonPair(props: { header: Record<string, unknown>; payload: Record<string, unknown>; label: string }) {
  return (
    <div className="json-pair">
      <figure>
        <figcaption>Header</figcaption>
        <pre aria-label={`${props.label} header`}>{JSON.stringify(props.header, null, 2)}</pre>
      </figure>
      <figure>
        <figcaption>Payload</figcaption>
        <pre aria-label={`${props.label} payload`}>{JSON.stringify(props.payload, null, 2)}</pre>
      </figure>
    </div>
  );
}
