"""Draw the addons' module icons, static/description/icon.png (128×128).

`make icons` redraws them: plain shapes drawn with Pillow (no third-party
art), at four times the size and scaled down, so that the edges are smooth.

- crm_lifecycle: a customer (head and shoulders) inside a circular arrow,
  the lifecycle that goes round.
- crm_success_metrics: three rising bars under a dashed goal line.
"""

import math

from odoo_run import ROOT
from PIL import Image, ImageDraw

SIZE = 128
SCALE = 4  # drawn at 512 px, then scaled down
BACKGROUNDS = {"crm_lifecycle": "#1f7a8c", "crm_success_metrics": "#714b67"}
WHITE = "#ffffff"
ACCENT = "#f6c344"


def canvas(addon):
    """A rounded square in the addon's colour, and its drawing context."""
    side = SIZE * SCALE
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, side - 1, side - 1), radius=22 * SCALE, fill=BACKGROUNDS[addon]
    )
    return image, draw


def px(*values):
    """Icon coordinates (0-128) in drawing pixels."""
    return tuple(value * SCALE for value in values)


def lifecycle_icon():
    image, draw = canvas("crm_lifecycle")
    # the cycle: an arc open at the top, an arrow head at its end pointing on
    center, radius, end = 64, 38, 240  # degrees clockwise from 3 o'clock
    draw.arc(
        px(center - radius - 4, center - radius - 4, center + radius + 4)
        + px(center + radius + 4),
        start=-60,
        end=end,
        fill=WHITE,
        width=9 * SCALE,
    )
    angle = math.radians(end)
    normal = (math.cos(angle), math.sin(angle))
    tangent = (-normal[1], normal[0])  # clockwise
    base = (center + radius * normal[0], center + radius * normal[1])
    draw.polygon(
        px(
            base[0] + 12 * normal[0],
            base[1] + 12 * normal[1],
            base[0] + 18 * tangent[0],
            base[1] + 18 * tangent[1],
            base[0] - 12 * normal[0],
            base[1] - 12 * normal[1],
        ),
        fill=WHITE,
    )
    # the customer
    draw.ellipse(px(52, 38, 76, 62), fill=ACCENT)
    draw.pieslice(px(40, 64, 88, 112), start=180, end=360, fill=ACCENT)
    return image


def success_metrics_icon():
    image, draw = canvas("crm_success_metrics")
    baseline = 100
    for left, height in ((26, 28), (54, 46), (82, 64)):
        draw.rounded_rectangle(
            px(left, baseline - height, left + 20, baseline),
            radius=3 * SCALE,
            fill=WHITE,
        )
    # the goal line, dashed, above the highest bar
    for left in range(18, 110, 14):
        draw.rectangle(px(left, 26, left + 8, 31), fill=ACCENT)
    draw.rectangle(px(18, baseline + 4, 110, baseline + 8), fill=WHITE)
    return image


def main():
    for addon, draw_icon in (
        ("crm_lifecycle", lifecycle_icon),
        ("crm_success_metrics", success_metrics_icon),
    ):
        path = ROOT / addon / "static" / "description" / "icon.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        draw_icon().resize((SIZE, SIZE), Image.LANCZOS).save(path, optimize=True)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
