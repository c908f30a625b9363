"""The perceptual-hash index of recordal images (the lookup lives in ``recordals.image_match``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImageFingerprint(models.Model):
    """The perceptual hash of one view of a recordal image, with its four 16-bit bands indexed.

    Each band's index also holds the hash and the image, so a lookup reads the index alone.

    Derived data: rebuilt from the stored image at any time (``backfill_photo_hashes``), so it goes
    with its image.
    """

    image = models.ForeignKey(
        "recordals.RecordalImage", on_delete=models.CASCADE, related_name="fingerprints", verbose_name=_("image")
    )
    view = models.PositiveSmallIntegerField(_("view"))
    phash = models.BigIntegerField(_("perceptual hash"))
    band0 = models.IntegerField()
    band1 = models.IntegerField()
    band2 = models.IntegerField()
    band3 = models.IntegerField()

    class Meta:
        ordering = ["image", "view"]
        verbose_name = _("image fingerprint")
        verbose_name_plural = _("image fingerprints")
        constraints = [models.UniqueConstraint(fields=["image", "view"], name="fingerprint_one_per_view")]
        indexes = [
            models.Index(fields=["band0", "phash", "image"], name="fingerprint_band0"),
            models.Index(fields=["band1", "phash", "image"], name="fingerprint_band1"),
            models.Index(fields=["band2", "phash", "image"], name="fingerprint_band2"),
            models.Index(fields=["band3", "phash", "image"], name="fingerprint_band3"),
        ]

    def __str__(self):
        return f"{self.image_id}/{self.view}: {self.phash & (2**64 - 1):016x}"
