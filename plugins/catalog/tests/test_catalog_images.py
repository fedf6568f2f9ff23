"""Thumbnails: a few widths, never enlarged, made once, remade only when the source is newer."""

import logging
import os

from catalog.images import Thumbnailer
from PIL import Image


def make(path, size, mode="RGB", color="white"):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, color).save(path)
    return path


def test_widths_are_made_up_to_the_source_width(tmp_path):
    make(tmp_path / "data/suppliers/alpha/photos/tb500.jpg", (500, 250))
    thumbs = Thumbnailer(tmp_path / "data", tmp_path / "out", (160, 320, 640))
    picture = thumbs.picture("suppliers/alpha/photos/tb500.jpg")
    assert [w for _, w in picture.sources] == [160, 320, 500]
    assert picture.src == "catalogue/images/alpha/photos/tb500-500.jpg"
    assert (picture.width, picture.height) == (500, 250)
    for url, width in picture.sources:
        with Image.open(tmp_path / "out" / url) as thumbnail:
            assert thumbnail.format == "JPEG" and thumbnail.width == width


def test_transparent_png_is_flattened_on_white(tmp_path):
    make(tmp_path / "data/suppliers/kine/table.png", (200, 100), "RGBA", (0, 0, 0, 0))
    picture = Thumbnailer(tmp_path / "data", tmp_path / "out", (160,)).picture(
        "suppliers/kine/table.png"
    )
    with Image.open(tmp_path / "out" / picture.src) as thumbnail:
        assert thumbnail.getpixel((10, 10)) == (255, 255, 255)


def test_thumbnails_are_remade_only_when_the_source_is_newer(tmp_path):
    source = make(tmp_path / "data/suppliers/a/x.jpg", (400, 400))
    Thumbnailer(tmp_path / "data", tmp_path / "out", (160,)).picture("suppliers/a/x.jpg")
    thumbnail = tmp_path / "out/catalogue/images/a/x-160.jpg"
    os.utime(thumbnail, ns=(1, 1))
    os.utime(source, ns=(0, 0))
    Thumbnailer(tmp_path / "data", tmp_path / "out", (160,)).picture("suppliers/a/x.jpg")
    assert thumbnail.stat().st_mtime_ns == 1
    os.utime(source, ns=(2, 2))
    Thumbnailer(tmp_path / "data", tmp_path / "out", (160,)).picture("suppliers/a/x.jpg")
    assert thumbnail.stat().st_mtime_ns > 2


def test_remote_images_are_used_as_they_are(tmp_path):
    picture = Thumbnailer(tmp_path, tmp_path, (160,)).picture("https://cdn.example/a.jpg")
    assert (picture.src, picture.sources, picture.remote) == ("https://cdn.example/a.jpg", (), True)


def test_an_unreadable_image_is_a_warning_not_a_crash(tmp_path, caplog):
    broken = tmp_path / "data/suppliers/a/broken.jpg"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a jpeg")
    with caplog.at_level(logging.WARNING):
        assert (
            Thumbnailer(tmp_path / "data", tmp_path / "out", (160,)).picture(
                "suppliers/a/broken.jpg"
            )
            is None
        )
    assert "image illisible" in caplog.text
