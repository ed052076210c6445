// A small trend line in plain SVG (the list shows one per row; no chart library needed).

export function Sparkline({ data, width = 72, height = 24, color }: { data: readonly number[]; width?: number; height?: number; color?: string }) {
  if (data.length < 2) return <svg width={width} height={height} aria-hidden />;
  const min = Math.min(...data);
  const max = Math.max(...data);
  const span = max - min || 1;
  const x = (i: number) => (i / (data.length - 1)) * (width - 2) + 1;
  const y = (v: number) => (max === min ? height / 2 : height - 2 - ((v - min) / span) * (height - 4));
  const line = data.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const trend = data[data.length - 1] - data[0];
  const stroke = color ?? (trend > 0 ? 'var(--mantine-color-teal-6)' : trend < 0 ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-5)');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden focusable="false">
      <path d={`${line} L${x(data.length - 1).toFixed(1)},${height} L${x(0).toFixed(1)},${height} Z`} fill={stroke} opacity={0.12} />
      <path d={line} fill="none" stroke={stroke} strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
