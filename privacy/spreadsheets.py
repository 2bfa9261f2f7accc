"""Exports of what the public sent, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is a formula to Excel and
LibreOffice: a visitor who types `=HYPERLINK("http://…", "Click")` into a form would
otherwise put a live link, or worse, in front of the moderator who opens the export. Such
a value is prefixed with an apostrophe, which spreadsheets show as text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail view with SpreadsheetExportMixin: every CSV cell is neutralised (the
    XLSX export already stores such cells as text)."""

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(
            writer, {field: neutralise_formula(value) for field, value in row_dict.items()}
        )

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value) if export_format == self.FORMAT_CSV else value
