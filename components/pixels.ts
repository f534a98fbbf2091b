/** Put an RGBA picture (a pure figure's output) on a canvas, sized to it; CSS scales it (pixelated). */
export function drawPixels(canvas: HTMLCanvasElement, pic: { data: Uint8ClampedArray; width: number; height: number } | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!pic) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    return;
  }
  if (canvas.width !== pic.width) canvas.width = pic.width;
  if (canvas.height !== pic.height) canvas.height = pic.height;
  const img = ctx.createImageData(pic.width, pic.height);
  img.data.set(pic.data);
  ctx.putImageData(img, 0, 0);
}
