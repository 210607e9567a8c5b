"""The image bench (issue 24): a real photograph through okur's upload path.

1. scikit-image's `astronaut()` (a real photograph, 512x512) scaled up to 4000x3000 and written
   as a JPEG (quality 92): every variant made, the time and the peak memory of the process that
   made them (/usr/bin/time's maximum resident set size).
2. `coffee()` at 1200x675 as a JPEG of quality 85 (a lead photograph as a newsroom has it): the
   variant a 390-px-wide phone at two device pixels per CSS pixel downloads (the smallest at
   least 780 px wide, WebP), its bytes against the original's, and its SSIM against the original
   scaled to its width.
Usage: python media.py path/to/media_bench   (prints the figures; exits 1 past a goal)
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image
from skimage import data, transform
from skimage.metrics import structural_similarity

bench = sys.argv[1]
tmp = tempfile.mkdtemp()
failed = False


def run(photo, out):
    """The bench binary's answer, and the peak memory (KB) of its process."""
    done = subprocess.run(["/usr/bin/time", "-v", bench, photo, out], capture_output=True, text=True, check=True)
    peak = next(int(l.split(":")[1]) for l in done.stderr.splitlines() if "Maximum resident set size" in l)
    return json.loads(done.stdout), peak


# 1. A 12-megapixel photograph.
big = transform.resize(data.astronaut(), (3000, 4000), order=3, anti_aliasing=False)
big_path = os.path.join(tmp, "astronaut-12mp.jpg")
Image.fromarray((big * 255).astype(np.uint8)).save(big_path, quality=92)
made, peak = run(big_path, os.path.join(tmp, "big"))
print(f"12 MP photograph ({os.path.getsize(big_path)} bytes): {len(made['variants'])} variants in {made['ms']} ms, "
      f"peak memory {peak / 1024:.0f} MB (goals: 3000 ms, 300 MB)")
failed |= made["ms"] > 3000 or peak > 300 * 1024

# 2. A lead photograph on a phone.
lead = transform.resize(data.coffee(), (675, 1200), order=3, anti_aliasing=True)
lead8 = (lead * 255).astype(np.uint8)
lead_path = os.path.join(tmp, "coffee-1200.jpg")
Image.fromarray(lead8).save(lead_path, quality=85)
made, _ = run(lead_path, os.path.join(tmp, "lead"))
webps = sorted((v for v in made["variants"] if v["name"].endswith(".webp")), key=lambda v: v["width"])
phone = next((v for v in webps if v["width"] >= 780), webps[-1])
original = os.path.getsize(lead_path)
shown = np.asarray(Image.open(os.path.join(tmp, "lead", phone["name"])).convert("RGB"))
# The original scaled down as a browser or an editor's tool would (Lanczos): what is left to
# tell apart is what the variant's compression lost.
reference = np.asarray(Image.open(lead_path).convert("RGB").resize((shown.shape[1], shown.shape[0]), Image.LANCZOS))
ssim = structural_similarity(reference, shown, channel_axis=2, data_range=255)
share = phone["bytes"] / original
print(f"lead photograph on a 390-px phone (2x): {phone['name']} {phone['bytes']} bytes of the original's {original} "
      f"({share:.0%}, goal 35%), SSIM {ssim:.3f} (goal 0.97)")
failed |= share > 0.35 or ssim < 0.97
sys.exit(1 if failed else 0)
