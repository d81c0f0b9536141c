/**
 * A QR code as one SVG path (the `qrcode` package's module matrix): crisp at any size, no canvas,
 * no data: URL (the cloud's CSP is `default-src 'self'`). Four modules of quiet zone, as readers
 * expect; black on white whatever the theme, for the kiosk camera.
 */
import QRCode from 'qrcode';
import { useMemo } from 'react';

const QUIET = 4;

export function QrSvg({ text, label, size = 280 }: { text: string; label: string; size?: number }) {
  const { path, side } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
      }
    }
    return { path: d, side: modules.size + 2 * QUIET };
  }, [text]);
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
