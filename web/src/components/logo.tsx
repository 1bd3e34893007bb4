/** The Yardstick mark: a small ruler drawn in SVG (no emoji font needed) and the product name. */
export function Logo({ text, color = 'currentColor' }: { text: string; color?: string }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, color }}>
      <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
        <rect x="1" y="6" width="20" height="10" rx="2" fill="#1677ff" />
        {[4, 7, 10, 13, 16].map((x, i) => (
          <rect key={x} x={x} y="6" width="1.4" height={i % 2 ? 3 : 5} fill="#fff" />
        ))}
      </svg>
      <span>{text}</span>
    </span>
  );
}
