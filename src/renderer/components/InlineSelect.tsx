/** A small select in a card's head, with its label for screen readers only. */
export interface InlineSelectProps {
  /** What the select chooses, read by screen readers ("Sort peers by"). */
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  testId?: string;
}

export function InlineSelect({ label, value, options, onChange, testId }: InlineSelectProps) {
  return (
    <label className="field-inline">
      <span className="visually-hidden">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
