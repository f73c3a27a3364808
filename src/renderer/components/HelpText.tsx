/** Help text with `code` spans written in backticks rendered as code (never shown as literal backticks). */
export function HelpText({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
