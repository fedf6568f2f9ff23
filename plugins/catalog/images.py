"""Product thumbnails: a few JPEG widths per supplier image, for `srcset`.

Supplier photos come in any size; pages offer the browser several widths and
let it choose. A thumbnail is made once per source file (however many
products share it) and only made again when the source is newer than what is
already in the output, so rebuilding the site does not redo the work.
Remote images (https URLs) are used as they are: the build never downloads.
"""

import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

IMAGES_URL = "catalogue/images"
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}


@dataclass(frozen=True)
class Picture:
    """What an `<img>` needs: `src`, the (url, width) pairs of `srcset`, and the size.

    Remote pictures have neither sources nor size: only `src`.
    """

    src: str
    sources: tuple[tuple[str, int], ...] = ()
    width: int | None = None
    height: int | None = None
    remote: bool = False


class Thumbnailer:
    """Makes and remembers the thumbnails of the catalog's images.

    `image` values are those of `Offer.images`: an https URL or a path
    relative to the catalog data directory (`suppliers/<slug>/...`).
    URLs in `Picture` are relative to SITEURL.
    """

    def __init__(self, data_dir: Path, output_dir: Path, widths: tuple[int, ...]):
        self.data_dir = Path(data_dir)
        self.output_dir = Path(output_dir)
        self.widths = tuple(sorted(widths))
        self._pictures: dict[str, Picture | None] = {}

    def picture(self, image: str) -> Picture | None:
        """The picture for `image`, making thumbnails on first use; None if unreadable."""
        if image not in self._pictures:
            if image.startswith(("https://", "http://")):
                self._pictures[image] = Picture(src=image, remote=True)
            else:
                self._pictures[image] = self._local(image)
        return self._pictures[image]

    def _local(self, image: str) -> Picture | None:
        source = self.data_dir / image
        relative = PurePosixPath(image)
        if relative.parts[0] == "suppliers":
            relative = PurePosixPath(*relative.parts[1:])
        try:
            with Image.open(source) as opened:
                size = opened.size
                widths = [w for w in self.widths if w <= size[0]]
                if size[0] < self.widths[-1]:
                    widths.append(size[0])  # never enlarge: the original width is the largest
                urls = []
                for width in widths:
                    url = f"{IMAGES_URL}/{relative.with_suffix('')}-{width}.jpg"
                    self._make(opened, source, self.output_dir / url, width)
                    urls.append((url, width))
        except (OSError, UnidentifiedImageError) as err:
            logger.warning(
                "catalog: %s: image illisible (%s) ; elle n’est pas affichée.", source, err
            )
            return None
        largest_url, largest = urls[-1]
        return Picture(
            src=largest_url,
            sources=tuple(urls),
            width=largest,
            height=round(size[1] * largest / size[0]),
        )

    @staticmethod
    def _make(opened: Image.Image, source: Path, target: Path, width: int) -> None:
        """Write one JPEG thumbnail unless an up-to-date one is already there."""
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        image = opened.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        height = round(flat.height * width / flat.width)
        flat.resize((width, height), Image.Resampling.LANCZOS).save(target, "JPEG", **JPEG_OPTIONS)
        logger.debug("catalog: thumbnail %s", target)
