/** A select's options for named things (profiles, personas): each by its name. */
export function NameOptions({ named }: { named: ReadonlyArray<{ name: string }> }) {
  return named.map(({ name }) => (
    <option key={name} value={name}>
      {name}
    </option>
  ));
}
