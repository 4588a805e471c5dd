"""The import forms: a file or pasted text, an identifier to fetch, and the confirmation."""

from __future__ import annotations

from django import forms

from . import FORMATS, MAX_BYTES

FORMAT_CHOICES = [("auto", "Recognise it from the content")] + [
    (name, label) for name, (label, _reader) in FORMATS.items()
]


class ImportFileForm(forms.Form):
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto")
    file = forms.FileField(
        required=False,
        help_text="A .bib, .ris, PubMed .xml or ORCID works .json file, up to 5 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the text",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("Choose a file or paste text, not both.")
        if not upload and not text:
            raise forms.ValidationError("Choose a file to import, or paste its text.")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    "The file is larger than 5 MB; split it and import each part."
                )
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")  # old BibTeX files; every byte decodes
        data["content"] = text
        return data


class FetchForm(forms.Form):
    identifier = forms.CharField(
        max_length=3000,
        label="ORCID iD, PMIDs or DOI",
        help_text="e.g. 0000-0002-1825-0097, or 37012345, 36598765, or 10.1161/CIRCULATIONAHA.122.061234",
    )


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    accept_partial = forms.BooleanField(
        required=False,
        label="Import the readable entries and leave out those that could not be read",
    )
