"""What the admin accepts as an image or a document, and what it removes before storing it.

Wagtail builds every upload form (single, multiple, chooser) on these bases
(WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE), so the checks hold
everywhere an editor can upload. A rejected upload is a form error: nothing is stored and
no Image or Document is created.

Images: Wagtail's own field already refuses unlisted extensions (WAGTAILIMAGES_EXTENSIONS,
no SVG), content that does not match the extension, files over
WAGTAILIMAGES_MAX_UPLOAD_SIZE and images over WAGTAILIMAGES_MAX_IMAGE_PIXELS. Here the
location (EXIF GPS, XMP) is taken out of photos. Documents: the size limit and a look at
the content, which must be what the extension says.
"""

import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from PIL import ExifTags
from PIL import Image as PILImage

logger = logging.getLogger(__name__)

STORAGE_DOWN = _(
    "The file could not be stored: the media storage is not answering. Nothing was "
    "saved. Please try again in a few minutes."
)
UNREADABLE_IMAGE = _(
    "This image could not be checked for location data, so it was not uploaded. Try "
    "saving it again as JPEG or PNG."
)
DOCUMENT_CONTENT_MISMATCH = _(
    "This file is not a real .%(extension)s document: its content is of another kind. "
    "Allowed: PDF, Word, Excel, PowerPoint, OpenDocument, plain text and CSV."
)


def storage_answers():
    """Can the media storage be reached right now? Checked before anything is saved, so
    that an upload fails with a message instead of an error page."""
    try:
        default_storage.exists("healthz-probe")
    except Exception:
        logger.exception("Media storage unreachable: upload refused")
        return False
    return True


# ---------------------------------------------------------------- images: location data

GPS_IFD = ExifTags.IFD.GPSInfo
FORMATS_WITH_EXIF = {"JPEG", "PNG", "WEBP"}


def has_location(image):
    if GPS_IFD in image.getexif():
        return True
    # XMP can carry the same coordinates (exif:GPSLatitude ...).
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode()
    return b"GPS" in xmp


def strip_location(upload):
    """Take the location metadata out of an uploaded photo, in place.

    In place, because Wagtail's multiple uploader may store the very request file as an
    unfinished upload (when a field other than the file is invalid) before any form saves
    it. Only GPS goes: the orientation (phones store portrait photos sideways and say so
    in EXIF) and the colour profile stay. XMP is dropped whole when it mentions GPS. JPEGs
    are re-saved with their own quantisation tables ("keep"), so no visible loss.
    """
    upload.seek(0)
    with PILImage.open(upload) as image:
        if image.format not in FORMATS_WITH_EXIF or not has_location(image):
            upload.seek(0)
            return
        exif = image.getexif()
        exif.pop(GPS_IFD, None)
        options = {"format": image.format, "exif": exif.tobytes()}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if image.format == "JPEG":
            options.update(quality="keep", subsampling="keep")
            if image.info.get("progressive"):
                options["progressive"] = True
        elif image.format == "WEBP":
            options.update(quality=90, save_all=getattr(image, "is_animated", False))
        cleaned = io.BytesIO()
        image.save(cleaned, **options)
    upload.seek(0)
    upload.truncate()
    upload.write(cleaned.getvalue())
    upload.flush()
    upload.size = cleaned.tell()
    upload.seek(0)


class ImageUploadForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # editing without a new file
        try:
            strip_location(upload)
        except Exception as error:
            logger.warning("Image refused: could not strip its location data (%s)", error)
            raise ValidationError(UNREADABLE_IMAGE, code="unreadable_image") from error
        return upload

    def clean(self):
        cleaned_data = super().clean()
        if isinstance(cleaned_data.get("file"), UploadedFile) and not storage_answers():
            self.add_error("file", ValidationError(STORAGE_DOWN, code="storage_down"))
        return cleaned_data


# ---------------------------------------------------------------- documents: content

OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Starts of files that are never text, whatever their name says.
BINARY_SIGNATURES = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG")


def zip_members(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            # Read only the tiny `mimetype` entry: nothing large is unpacked here.
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            return set(names), mimetype
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None, None


def content_matches(upload, extension):
    """Is the content what the extension claims? Reads the start, or a zip's directory."""
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in OOXML_MAIN_PART:
        names, _mimetype = zip_members(upload)
        return bool(names) and {"[Content_Types].xml", OOXML_MAIN_PART[extension]} <= names
    if extension in ODF_MIMETYPE:
        names, mimetype = zip_members(upload)
        return bool(names) and mimetype.strip() == ODF_MIMETYPE[extension]
    if extension in ("txt", "csv"):
        return b"\x00" not in head and not head.startswith(BINARY_SIGNATURES)
    return False


class DocumentUploadForm(BaseDocumentForm):
    # Wagtail's own field refuses files over WAGTAILDOCS_MAX_UPLOAD_SIZE, and the model
    # refuses extensions not in WAGTAILDOCS_EXTENSIONS.

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            return upload  # the model's check says which extensions are allowed
        if not content_matches(upload, extension):
            raise ValidationError(
                DOCUMENT_CONTENT_MISMATCH % {"extension": extension}, code="content_mismatch"
            )
        return upload

    def clean(self):
        cleaned_data = super().clean()
        if isinstance(cleaned_data.get("file"), UploadedFile) and not storage_answers():
            self.add_error("file", ValidationError(STORAGE_DOWN, code="storage_down"))
        return cleaned_data

    def _update_errors(self, errors):
        # A refused file is not put on the document, so the model would add "File extension
        # “” is not allowed" below the real reason: one message is clearer.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
