/**
 * The tablet camera as a QR reader: getUserMedia (front camera, 640×480 is plenty for a phone
 * screen held up close), a frame drawn to a canvas five times a second and decoded with jsqr.
 * Without a camera (none, permission refused, or not a secure context — ADR 0020) it says so and
 * the rest of the kiosk keeps working.
 */
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';

export type CameraState = 'starting' | 'on' | 'off';

const FRAME_MS = 200;

function decode(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  const width = Math.min(video.videoWidth, 640);
  const height = Math.round((video.videoHeight / video.videoWidth) * width);
  if (!width || !height) return null;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  return jsQR(image.data, width, height, { inversionAttempts: 'attemptBoth' })?.data || null;
}

export function useCamera(onCode: (code: string) => void): {
  state: CameraState;
  videoRef: React.RefObject<HTMLVideoElement | null>;
} {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>('starting');
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let live = true;
    const canvas = document.createElement('canvas');
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API');
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      const video = videoRef.current;
      if (!live || !video) return;
      video.srcObject = stream;
      await video.play();
      setState('on');
      timer = setInterval(() => {
        if (video.readyState < 2) return;
        const code = decode(video, canvas);
        if (code) onCodeRef.current(code);
      }, FRAME_MS);
    };
    start().catch(() => {
      if (live) setState('off');
    });
    return () => {
      live = false;
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);
  return { state, videoRef };
}
