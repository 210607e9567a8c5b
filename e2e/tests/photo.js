// A photograph for the tests that upload one (desk.spec.js, saved.spec.js), drawn by the browser.

/**
 * A photograph-like JPEG, 1600 × 900, drawn by the browser (a gradient and overlapping
 * translucent discs: detail in every width), as the bytes of a file.
 */
export async function photograph(page) {
  const bytes = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [1600, 900];
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 1600, 900);
    sky.addColorStop(0, '#1d4e89');
    sky.addColorStop(1, '#f2a541');
    g.fillStyle = sky;
    g.fillRect(0, 0, 1600, 900);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% 50% / 0.5)`;
      g.beginPath();
      g.arc((i * 97) % 1600, (i * 53) % 900, 10 + (i % 40), 0, 7);
      g.fill();
    }
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  return { name: 'iskele.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(bytes) };
}
